import { z } from "zod";
import { SluiceError } from "../errors.js";

/**
 * Fault-injection rates. Per-record probabilities unless said otherwise; every injected fault is
 * counted in the manifest so tests can check that ingestion accounts for each landed record.
 */
export const FaultRatesSchema = z
  .object({
    /** A good line written twice (exact duplicate). */
    duplicates: z.number().min(0).max(1).default(0.01),
    /** A non-key field set to null / left empty. */
    nulls: z.number().min(0).max(1).default(0.01),
    /** A measurement far outside its sensor's limits. */
    outOfRange: z.number().min(0).max(1).default(0.005),
    /** Extra records of an earlier day (1–3 days back) landing in today's partition. */
    late: z.number().min(0).max(1).default(0.01),
    /** A timestamp shifted by up to ±10 minutes (a device clock off). */
    clockSkew: z.number().min(0).max(1).default(0.005),
    /** A line that cannot be read: broken JSON, wrong CSV column count, a non-numeric number. */
    malformed: z.number().min(0).max(1).default(0.002),
    /** Per source and day: an extra empty part file (the first day's readings always get one when > 0). */
    emptyFile: z.number().min(0).max(1).default(0.1),
    /** A temperature in °F instead of °C, a pressure in bar instead of kPa. */
    mixedUnits: z.number().min(0).max(1).default(0.02),
    /** Day index (0 = first day) from which readings carry a new `firmware` field (schema drift); -1 never. */
    driftFromDay: z.number().int().min(-1).default(1),
  })
  .strict();
export type FaultRates = z.infer<typeof FaultRatesSchema>;

/** YYYY-MM-DD naming a day that exists: 2024-02-30 and 2024-13-45 do not (Date.parse would roll or reject them). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text;
}

export const GenerateSettingsSchema = z
  .object({
    seed: z.union([z.number(), z.string()]).transform(String).default("42"),
    plants: z.number().int().min(1).max(500).default(2),
    /** First landing day, YYYY-MM-DD (UTC). A fixed default keeps files identical between runs. */
    startDate: z
      .string()
      .refine(isCalendarDate, { message: "expects a calendar date as YYYY-MM-DD, e.g. 2024-01-01" })
      .default("2024-01-01"),
    /** Seconds between two readings of one sensor. */
    intervalSeconds: z.number().int().min(1).max(86_400).default(300),
    /** Lines per part file before a new part starts. */
    linesPerFile: z.number().int().min(1).default(250_000),
    rates: FaultRatesSchema.default(FaultRatesSchema.parse({})),
  })
  .strict();
export type GenerateSettings = z.infer<typeof GenerateSettingsSchema>;

/** Parses `--rates duplicates=0.05,malformed=0.01`. */
export function parseRates(text: string | undefined): Partial<FaultRates> {
  const rates: Record<string, number> = {};
  if (!text) return rates;
  const known = Object.keys(FaultRatesSchema.shape);
  for (const item of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf("=");
    const key = eq > 0 ? item.slice(0, eq) : item;
    const value = Number(item.slice(eq + 1));
    if (eq <= 0 || !known.includes(key) || !Number.isFinite(value)) {
      throw new SluiceError({
        code: "generate-rates",
        message: `--rates: cannot read "${item}"`,
        hint: `expected key=number with keys ${known.join(", ")}`,
      });
    }
    rates[key] = value;
  }
  // Validated against the full schema (defaults fill the rest); only the given keys are returned.
  const checked = FaultRatesSchema.safeParse(rates);
  if (!checked.success) {
    throw new SluiceError({ code: "generate-rates", message: `--rates: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
  }
  return rates as Partial<FaultRates>;
}
