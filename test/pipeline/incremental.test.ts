import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BRONZE_OF, COMPARED_SCHEMAS, makePipelineDir, num, problems, tablesOf, type PipelineDir } from "./helpers.js";

/**
 * Several batches with late records and duplicates (generate, run, append, run, append, run),
 * then a full refresh of the same bronze: every silver, gold, staging and mart table must hold
 * exactly the same rows (EXCEPT ALL both ways). On the way: a run with nothing new changes
 * nothing, and a run after an append ingests exactly the appended files.
 */
const dir: PipelineDir = makePipelineDir("sluice-incremental-");
afterAll(() => dir.cleanup());

const TARGETS = ["lakehouse", "warehouse"] as const;

describe("incremental runs on generated batches", () => {
  it("ingests only new files, changes nothing without them, and equals a full refresh", async () => {
    dir.generate(2);
    expect(problems(await dir.run())).toEqual([]);

    // Nothing new: every ingest is up to date and no table changes by a row.
    const before = await rowCounts();
    const idle = await dir.run();
    expect(problems(idle)).toEqual([]);
    const ingests = idle.actions.filter((a) => a.type === "ingest");
    expect(ingests.length).toBe(Object.keys(BRONZE_OF).length);
    expect(ingests.map((a) => [a.id, a.status, a.ingest?.files])).toEqual(ingests.map((a) => [a.id, "up_to_date", 0]));
    expect(await rowCounts()).toEqual(before);

    for (let batch = 0; batch < 2; batch++) {
      const appended = dir.generate(1, { append: true });
      // The batch brings records of earlier days and repeated lines.
      expect(appended.sources.sensor_readings.late, `batch ${batch}`).toBeGreaterThan(0);
      expect(appended.sources.sensor_readings.duplicates, `batch ${batch}`).toBeGreaterThan(0);
      const results = await dir.run();
      expect(problems(results)).toEqual([]);
      for (const [source, bronze] of Object.entries(BRONZE_OF)) {
        const ingest = results.actions.find((a) => a.id === `lakehouse.bronze.${bronze}`);
        const newFiles = appended.files.filter((f) => f.source === source);
        expect(ingest?.ingest?.files, `${source} batch ${batch}`).toBe(newFiles.length);
        // Only the new files' lines: records landed = rows + quarantined of this run.
        expect((ingest?.ingest?.rows ?? 0) + (ingest?.ingest?.quarantined ?? 0), `${source} batch ${batch}`).toBe(newFiles.reduce((n, f) => n + f.records, 0));
      }
    }

    // A late copy of a reading already in silver, whose value is missing: silver drops it, which
    // takes the older copy out too (a full refresh keeps each key's newest copy, then drops it),
    // and gold recomputes that hour without it.
    const [victim] = await dir.rows(
      `SELECT b.sensor_id, b.equipment_id, b.ts, b.metric, b.unit, b.status, CAST(s.ts AS VARCHAR) AS silver_ts, s.metric AS silver_metric
       FROM lakehouse.silver.cleaned_sensor_data AS s
       JOIN lakehouse.bronze.sensor_data AS b ON b._source_file = s._source_file AND b._source_line = s._source_line
       ORDER BY s._source_file, s._source_line LIMIT 1`,
    );
    const inSilver = async () =>
      num((await dir.rows(`SELECT count(*) AS n FROM lakehouse.silver.cleaned_sensor_data WHERE sensor_id = '${victim.sensor_id}' AND metric = '${victim.silver_metric}' AND ts = TIMESTAMP '${String(victim.silver_ts)}'`))[0].n);
    expect(await inSilver()).toBe(1);
    const late = { sensor_id: victim.sensor_id, equipment_id: victim.equipment_id, ts: victim.ts, metric: victim.metric, value: null, unit: victim.unit, status: victim.status };
    const folder = join(dir.context.profile.zones.raw, "sensor_readings", "year=2024", "month=12", "day=31");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, ".late.ndjson"), `${JSON.stringify(late)}\n`);
    renameSync(join(folder, ".late.ndjson"), join(folder, "late.ndjson"));
    expect(problems(await dir.run())).toEqual([]);
    expect(await inSilver()).toBe(0);

    // Keep the incremental result aside, rebuild everything from the same bronze, compare.
    const compared: string[] = [];
    for (const target of TARGETS) {
      for (const table of await tablesOf(dir, target, COMPARED_SCHEMAS[target])) {
        const [schema, name] = table.split(".");
        await dir.rows(`CREATE SCHEMA IF NOT EXISTS incr_${schema}`, target);
        await dir.rows(`CREATE TABLE incr_${schema}.${name} AS SELECT * FROM ${table}`, target);
        compared.push(`${target}:${table}`);
      }
    }
    expect(compared.length).toBeGreaterThanOrEqual(20);
    const full = await dir.run({ fullRefresh: true });
    expect(problems(full)).toEqual([]);
    // Really rebuilt: no model or transfer was skipped as up to date.
    const rebuilt = full.actions.filter((a) => a.type === "table" || a.type === "incremental" || a.type === "transfer");
    expect(rebuilt.filter((a) => a.status !== "success").map((a) => a.id)).toEqual([]);
    expect(rebuilt.length).toBeGreaterThanOrEqual(compared.length);
    const differences: string[] = [];
    for (const entry of compared) {
      const [target, table] = entry.split(":") as [(typeof TARGETS)[number], string];
      const [schema, name] = table.split(".");
      const [row] = await dir.rows(
        `SELECT
           (SELECT count(*) FROM ${table}) AS rows_full,
           (SELECT count(*) FROM (SELECT * FROM incr_${schema}.${name} EXCEPT ALL SELECT * FROM ${table})) AS only_incremental,
           (SELECT count(*) FROM (SELECT * FROM ${table} EXCEPT ALL SELECT * FROM incr_${schema}.${name})) AS only_full`,
        target,
      );
      expect(num(row.rows_full), entry).toBeGreaterThan(0);
      if (num(row.only_incremental) || num(row.only_full)) differences.push(`${entry}: ${num(row.only_incremental)} only incremental, ${num(row.only_full)} only full`);
    }
    expect(differences).toEqual([]);
  }, 60_000);
});

/** Row count of every table in both databases but the run state. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const target of TARGETS) {
    const tables = await dir.rows(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_catalog = '${target}' AND table_type = 'BASE TABLE' AND table_schema <> '_sluice' ORDER BY 1, 2`,
      target,
    );
    for (const t of tables) {
      const [row] = await dir.rows(`SELECT count(*) AS n FROM "${String(t.table_schema)}"."${String(t.table_name)}"`, target);
      counts[`${target}.${String(t.table_schema)}.${String(t.table_name)}`] = num(row.n);
    }
  }
  return counts;
}
