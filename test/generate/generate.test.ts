import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generateRawZone, type GenerateOptions } from "../../src/generate/generate.js";
import { parseRates } from "../../src/generate/options.js";
import { SluiceError } from "../../src/errors.js";

/** Small factory: 1 plant, a reading every 30 minutes, higher fault rates so each fault shows up. */
const SMALL: Omit<GenerateOptions, "rawZone" | "days"> = {
  seed: "7",
  plants: 1,
  intervalSeconds: 1800,
  rates: { malformed: 0.02, duplicates: 0.02, late: 0.05, clockSkew: 0.02, nulls: 0.02, outOfRange: 0.01, mixedUnits: 0.05 },
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "sluice-gen-"));
}

/** relative path → sha1 of content, for every file under dir. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash("sha1").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

function lines(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

describe("sample data generator", () => {
  it("writes identical files for the same seed and different files for another seed", () => {
    const a = tempDir();
    const b = tempDir();
    const c = tempDir();
    generateRawZone({ rawZone: a, days: 3, ...SMALL });
    generateRawZone({ rawZone: b, days: 3, ...SMALL });
    generateRawZone({ rawZone: c, days: 3, ...SMALL, seed: "8" });
    const first = snapshot(a);
    expect(Object.keys(first).length).toBeGreaterThan(20);
    expect(snapshot(b)).toEqual(first);
    const other = snapshot(c);
    expect(other["sensor_readings/year=2024/month=01/day=01/part-00000.ndjson"]).not.toEqual(first["sensor_readings/year=2024/month=01/day=01/part-00000.ndjson"]);
  });

  it("lays files out by landing date and source, as the raw-zone contract says", () => {
    const raw = tempDir();
    const { manifest } = generateRawZone({ rawZone: raw, days: 2, ...SMALL, startDate: "2024-02-28" });
    expect(manifest.days).toEqual(["2024-02-28", "2024-02-29"]);
    const paths = manifest.files.map((f) => f.path);
    for (const source of ["sensor_readings", "environmental"]) expect(paths).toContain(`${source}/year=2024/month=02/day=29/part-00000.ndjson`);
    for (const source of ["equipment_logs", "quality_metrics", "equipment_master", "sensors_master", "plants_master"]) {
      expect(paths).toContain(`${source}/year=2024/month=02/day=28/part-00000.csv`);
    }
    expect(lines(join(raw, "equipment_logs/year=2024/month=02/day=28/part-00000.csv"))[0]).toBe("equipment_id,ts,event,code,message");
    expect(lines(join(raw, "quality_metrics/year=2024/month=02/day=28/part-00000.csv"))[0]).toBe(
      "lot_id,equipment_id,ts,characteristic,measured,lower_tolerance,upper_tolerance,result",
    );
    expect(lines(join(raw, "equipment_master/year=2024/month=02/day=28/part-00000.csv"))[0]).toBe(
      "equipment_id,plant_id,line_id,equipment_type,manufacturer,model,criticality,install_date",
    );
    const reading = JSON.parse(lines(join(raw, "sensor_readings/year=2024/month=02/day=28/part-00000.ndjson")).find(isJsonObject)!);
    expect(Object.keys(reading)).toEqual(["sensor_id", "equipment_id", "ts", "metric", "value", "unit", "status"]);
    expect(reading.ts).toMatch(/^2024-02-28T\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Every landed line is counted in the manifest, file by file.
    for (const f of manifest.files) {
      const n = lines(join(raw, f.path)).length;
      expect(n - (f.path.endsWith(".csv") && n > 0 ? 1 : 0)).toBe(f.records);
    }
  });

  it("injects every kind of fault it reports", () => {
    const raw = tempDir();
    const { manifest } = generateRawZone({ rawZone: raw, days: 3, ...SMALL });
    const readings = manifest.sources.sensor_readings;
    for (const key of ["duplicates", "nulls", "outOfRange", "late", "clockSkew", "malformed", "badNumbers", "mixedUnits", "drift", "emptyFiles"] as const) {
      expect(readings[key], key).toBeGreaterThan(0);
    }
    const files = manifest.files.filter((f) => f.source === "sensor_readings");
    const empty = files.filter((f) => statSync(join(raw, f.path)).size === 0);
    expect(empty.length).toBe(readings.emptyFiles);

    const byDay = new Map<string, string[]>();
    for (const f of files) byDay.set(f.day, [...(byDay.get(f.day) ?? []), ...lines(join(raw, f.path))]);
    const parsed = (day: string) =>
      (byDay.get(day) ?? []).flatMap((l) => {
        try {
          const v = JSON.parse(l);
          return v && typeof v === "object" && !Array.isArray(v) ? [v as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });
    const day1 = parsed("2024-01-01");
    const day3 = parsed("2024-01-03");
    // Schema drift: no firmware on the first day (driftFromDay = 1), some later.
    expect(day1.some((r) => "firmware" in r)).toBe(false);
    expect(day3.some((r) => "firmware" in r)).toBe(true);
    // Late arrivals: records of earlier days landed in the third day's partition.
    expect(day3.filter((r) => typeof r.ts === "string" && r.ts < "2024-01-02T23:00:00").length).toBeGreaterThan(0);
    // Mixed units and exact duplicates.
    expect(day1.some((r) => r.unit === "F") || day1.some((r) => r.unit === "bar")).toBe(true);
    const all = [...byDay.values()].flat();
    expect(new Set(all).size).toBeLessThan(all.length);
    // Malformed lines that no JSON reader accepts.
    expect(all.filter((l) => l !== "" && !isJsonObject(l)).length).toBe(readings.malformed);
  });

  it("--append adds days after the existing ones: the same files as generating them at once", () => {
    const once = tempDir();
    const twice = tempDir();
    generateRawZone({ rawZone: once, days: 3, ...SMALL });
    generateRawZone({ rawZone: twice, days: 2, ...SMALL });
    const before = snapshot(twice);
    const appended = generateRawZone({ rawZone: twice, days: 1, append: true });
    expect(appended.days).toEqual(["2024-01-03"]);
    expect(appended.files.every((f) => f.day === "2024-01-03")).toBe(true);
    const after = snapshot(twice);
    for (const [path, hash] of Object.entries(before)) if (path !== "_manifest.json") expect(after[path], path).toBe(hash);
    expect(after).toEqual(snapshot(once));
  });

  it("refuses to overwrite a raw zone without --force, and --append keeps the original settings", () => {
    const raw = tempDir();
    generateRawZone({ rawZone: raw, days: 1, ...SMALL });
    expect(() => generateRawZone({ rawZone: raw, days: 1, ...SMALL })).toThrow(SluiceError);
    expect(() => generateRawZone({ rawZone: raw, days: 1, append: true, seed: "99" })).toThrow(/seed must stay 7/);
    const again = generateRawZone({ rawZone: raw, days: 2, ...SMALL, force: true });
    expect(again.manifest.days).toEqual(["2024-01-01", "2024-01-02"]);
  });

  it("parses --rates and rejects unknown keys and out-of-range values", () => {
    expect(parseRates("duplicates=0.05, malformed=0.1,driftFromDay=2")).toEqual({ duplicates: 0.05, malformed: 0.1, driftFromDay: 2 });
    expect(() => parseRates("dupes=0.1")).toThrow(SluiceError);
    expect(() => parseRates("nulls=2")).toThrow(SluiceError);
  });
});

function isJsonObject(line: string): boolean {
  try {
    const v = JSON.parse(line);
    return v !== null && typeof v === "object" && !Array.isArray(v);
  } catch {
    return false;
  }
}
