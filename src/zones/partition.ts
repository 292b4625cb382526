/**
 * The landing partition a raw file sits in (`…/year=2024/month=03/day=07/…`), as the generator
 * writes it and Auto Loader reads it; each part is undefined when the path has no such folder.
 */
export interface LandingPartition {
  year?: number;
  month?: number;
  day?: number;
}

export function landingPartition(path: string): LandingPartition {
  const part = (key: string) => {
    const match = new RegExp(`(?:^|/)${key}=(\\d+)(?:/|$)`).exec(path);
    return match ? Number(match[1]) : undefined;
  };
  return { year: part("year"), month: part("month"), day: part("day") };
}
