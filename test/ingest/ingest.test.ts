import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import { createIngestStrategy, ingestStrategy } from "../../src/execute/strategies/ingest.js";
import { generateRawZone, type GenerateOptions } from "../../src/generate/generate.js";
import { readManifest, type Manifest } from "../../src/generate/manifest.js";
import type { IngestSpec } from "../../src/graph/schema.js";
import type { ResolvedProfile } from "../../src/config/profiles.js";
import { ENV_SPEC, LOGS_SPEC, QUALITY_SPEC, SENSOR_SPEC, connect, ingestAction, makeContext, makeProfile, runStrategy, scalar } from "./helpers.js";

const SMALL: Omit<GenerateOptions, "rawZone" | "days"> = {
  seed: "11",
  plants: 1,
  intervalSeconds: 1800,
  rates: { malformed: 0.03, duplicates: 0.02, late: 0.05, clockSkew: 0.02, nulls: 0.02, outOfRange: 0.01, mixedUnits: 0.05, emptyFile: 0.2 },
};

const SOURCES: Array<{ name: string; source: string; spec: IngestSpec }> = [
  { name: "sensor_data", source: "sensor_readings", spec: SENSOR_SPEC },
  { name: "equipment_logs", source: "equipment_logs", spec: LOGS_SPEC },
  { name: "environmental_data", source: "environmental", spec: ENV_SPEC },
  { name: "quality_metrics", source: "quality_metrics", spec: QUALITY_SPEC },
];

/** (file, line) pairs found more than once across bronze and quarantine of sensor_data: a file read twice. */
function linesLandedTwice(adapter: EngineAdapter): Promise<number> {
  return scalar(
    adapter,
    `SELECT count(*) FROM (
      SELECT _source_file, _source_line FROM (
        SELECT _source_file, _source_line FROM lakehouse.bronze.sensor_data
        UNION ALL SELECT _source_file, _source_line FROM lakehouse.audit.sensor_data_quarantine
      ) GROUP BY ALL HAVING count(*) > 1)`,
  );
}

function rel(spec: IngestSpec) {
  return `lakehouse.${spec.quarantine.schema}.${spec.quarantine.name}`;
}

describe("ingest strategy on DuckDB", () => {
  let profile: ResolvedProfile;
  let adapter: EngineAdapter;
  let manifest: Manifest;

  beforeAll(async () => {
    profile = makeProfile();
    manifest = generateRawZone({ rawZone: profile.zones.raw, days: 3, ...SMALL }).manifest;
    adapter = await connect(profile);
  });
  afterAll(async () => adapter?.close());

  it("lands every record: bronze + quarantine = landed, per source and per file", async () => {
    for (const { name, source, spec } of SOURCES) {
      const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction(name, spec), profile, { lakehouse: adapter }));
      const stats = manifest.sources[source];
      expect(outcome.status).toBe("success");
      expect(outcome.ingest!.files, source).toBe(stats.files);
      expect(outcome.ingest!.rows + outcome.ingest!.quarantined, source).toBe(stats.records);
      // Structural faults plus text in a numeric field (all numeric fields are hinted numeric here).
      expect(outcome.ingest!.quarantined, source).toBe(stats.malformed + stats.badNumbers);
      expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.${name}`)).toBe(outcome.ingest!.rows);
      expect(await scalar(adapter, `SELECT count(*) FROM ${rel(spec)}`)).toBe(outcome.ingest!.quarantined);
      // The ledger holds one row per file with the file's own counts, empty files included.
      const ledger = await adapter.queryAll(
        `SELECT file_path, "rows" + quarantined AS landed FROM lakehouse._sluice.file_ledger WHERE action_id = 'lakehouse.bronze.${name}'`,
      );
      const expected = Object.fromEntries(manifest.files.filter((f) => f.source === source).map((f) => [f.path, f.records]));
      expect(Object.fromEntries(ledger.map((r) => [r.file_path, Number(r.landed)]))).toEqual(expected);
    }
    expect(manifest.sources.sensor_readings.emptyFiles).toBeGreaterThan(0);
  });

  it("quarantines malformed records with file, line, raw text and reason", async () => {
    const reasons = await adapter.queryAll(`SELECT reason, count(*) AS n FROM lakehouse.audit.sensor_data_quarantine GROUP BY ALL`);
    const byReason = Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)]));
    expect(byReason.invalid_json).toBeGreaterThan(0);
    expect(byReason.not_a_json_object).toBeGreaterThan(0);
    expect(byReason["cast_failed:value"]).toBe(manifest.sources.sensor_readings.badNumbers);
    const csvReasons = await adapter.queryAll(
      `SELECT DISTINCT reason FROM lakehouse.audit.equipment_logs_quarantine UNION SELECT DISTINCT reason FROM lakehouse.audit.quality_metrics_quarantine`,
    );
    expect(csvReasons.map((r) => r.reason)).toEqual(expect.arrayContaining(["column_count"]));
    // The raw text is exactly the file's line at the recorded line number.
    for (const table of ["sensor_data_quarantine", "equipment_logs_quarantine", "quality_metrics_quarantine"]) {
      const rows = await adapter.queryAll(`SELECT _source_file, _source_line, raw_text, _batch_id, _ingested_at FROM lakehouse.audit.${table}`);
      for (const row of rows) {
        const fileLines = readFileSync(join(profile.zones.raw, String(row._source_file)), "utf8").split("\n");
        expect(row.raw_text).toBe(fileLines[Number(row._source_line) - 1]);
        expect(row._batch_id).toBeTruthy();
        expect(row._ingested_at).toBeTruthy();
      }
    }
  });

  it("keeps lineage on bronze rows: source file and line, batch, ingestion time, landing partition", async () => {
    const rows = await adapter.queryAll(
      `SELECT sensor_id, ts, _source_file, _source_line, _batch_id, _ingested_at, year, month, day FROM lakehouse.bronze.sensor_data USING SAMPLE 50 ROWS`,
    );
    expect(rows.length).toBe(50);
    for (const row of rows) {
      const line = readFileSync(join(profile.zones.raw, String(row._source_file)), "utf8").split("\n")[Number(row._source_line) - 1];
      expect(JSON.parse(line)).toMatchObject({ sensor_id: row.sensor_id, ts: row.ts });
      const [, y, m, d] = /year=(\d+)\/month=(\d+)\/day=(\d+)/.exec(String(row._source_file))!;
      expect([row.year, row.month, row.day]).toEqual([Number(y), Number(m), Number(d)]);
      expect(row._batch_id).toBeTruthy();
      expect(row._ingested_at).toBeTruthy();
    }
    const types = await adapter.describeRelation({ database: "lakehouse", schema: "bronze", name: "sensor_data" });
    expect(Object.fromEntries(types!.columns.map((c) => [c.name, c.type]))).toMatchObject({
      ts: "VARCHAR",
      value: "DOUBLE",
      _rescued_data: "VARCHAR",
      _source_file: "VARCHAR",
      _source_line: "BIGINT",
      _ingested_at: "TIMESTAMP",
      _batch_id: "VARCHAR",
      year: "INTEGER",
      month: "INTEGER",
      day: "INTEGER",
    });
  });

  it("keeps unknown fields (schema drift) in _rescued_data", async () => {
    const rescued = await adapter.queryAll(
      `SELECT _rescued_data FROM lakehouse.bronze.sensor_data WHERE _rescued_data IS NOT NULL`,
    );
    expect(rescued.length).toBe(manifest.sources.sensor_readings.drift);
    for (const row of rescued) expect(Object.keys(JSON.parse(String(row._rescued_data)))).toEqual(["firmware"]);
    expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data WHERE day = 1 AND _rescued_data IS NOT NULL`)).toBe(0);
  });

  it("a second run reads nothing", async () => {
    for (const { name, spec } of SOURCES) {
      const before = await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.${name}`);
      const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction(name, spec), profile, { lakehouse: adapter }));
      expect(outcome.status).toBe("up_to_date");
      expect(outcome.ingest).toEqual({ files: 0, rows: 0, quarantined: 0, quarantineReasons: {} });
      expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.${name}`)).toBe(before);
    }
  });

  it("after --append, reads only the new files", async () => {
    const appended = generateRawZone({ rawZone: profile.zones.raw, days: 1, append: true });
    const newFiles = appended.files.filter((f) => f.source === "sensor_readings");
    const before = await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`);
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("sensor_data", SENSOR_SPEC), profile, { lakehouse: adapter }));
    expect(outcome.ingest!.files).toBe(newFiles.length);
    expect(outcome.ingest!.rows + outcome.ingest!.quarantined).toBe(appended.sources.sensor_readings.records);
    expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`)).toBe(before + outcome.ingest!.rows);
    const total = appended.manifest.sources.sensor_readings.records;
    const landed =
      (await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`)) + (await scalar(adapter, `SELECT count(*) FROM ${rel(SENSOR_SPEC)}`));
    expect(landed).toBe(total);
  });

  it("adds a hinted column the config gained since the table was created", async () => {
    const narrow: IngestSpec = { ...ENV_SPEC, columns: { plant: "VARCHAR", zone: "VARCHAR", ts: "VARCHAR" }, quarantine: { schema: "audit", name: "env_narrow_q" } };
    const action = (spec: IngestSpec) => ({ ...ingestAction("env_narrow", spec) });
    const first = await runStrategy(ingestStrategy, makeContext(action(narrow), profile, { lakehouse: adapter }));
    // Numeric fields are not hinted here, so only structural faults are quarantined.
    expect(first.ingest!.quarantined).toBe(readManifest(profile.zones.raw)!.sources.environmental.malformed);
    // Unhinted fields went to _rescued_data.
    expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.env_narrow WHERE _rescued_data LIKE '%humidity%'`)).toBeGreaterThan(0);
    generateRawZone({ rawZone: profile.zones.raw, days: 1, append: true });
    const wider: IngestSpec = { ...narrow, columns: { ...narrow.columns, humidity: "DOUBLE" } };
    await runStrategy(ingestStrategy, makeContext(action(wider), profile, { lakehouse: adapter }));
    const info = await adapter.describeRelation({ database: "lakehouse", schema: "bronze", name: "env_narrow" });
    expect(info!.columns.map((c) => c.name)).toContain("humidity");
    expect(await scalar(adapter, `SELECT count(humidity) FROM lakehouse.bronze.env_narrow`)).toBeGreaterThan(0);
  });
});

describe("ingest exactly once across a crash", () => {
  it("a failure after the bronze insert commits nothing; the rerun lands every record once", async () => {
    const profile = makeProfile();
    const { manifest } = generateRawZone({ rawZone: profile.zones.raw, days: 2, ...SMALL });
    const adapter = await connect(profile);
    try {
      const action = ingestAction("sensor_data", SENSOR_SPEC);
      const crashing = createIngestStrategy({
        afterBronzeInsert: async (context) => {
          // The rows are there inside the transaction…
          const [row] = await context.query(`SELECT count(*) AS n FROM lakehouse.bronze.sensor_data`);
          expect(Number(row.n)).toBeGreaterThan(0);
          throw new Error("simulated crash before COMMIT");
        },
      });
      await expect(runStrategy(crashing, makeContext(action, profile, { lakehouse: adapter }))).rejects.toThrow(/simulated crash/);
      // …and gone after the rollback, with no ledger rows and no quarantine rows either.
      expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`)).toBe(0);
      expect(await scalar(adapter, `SELECT count(*) FROM lakehouse.audit.sensor_data_quarantine`)).toBe(0);
      expect(await scalar(adapter, `SELECT count(*) FROM lakehouse._sluice.file_ledger`)).toBe(0);

      const rerun = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
      expect(rerun.ingest!.rows + rerun.ingest!.quarantined).toBe(manifest.sources.sensor_readings.records);
      const again = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
      expect(again.ingest!.files).toBe(0);
      expect(
        (await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`)) +
          (await scalar(adapter, `SELECT count(*) FROM lakehouse.audit.sensor_data_quarantine`)),
      ).toBe(manifest.sources.sensor_readings.records);
      // No file was read twice: every (file, line) appears once across bronze and quarantine.
      expect(await linesLandedTwice(adapter)).toBe(0);
    } finally {
      await adapter.close();
    }
  });
});

describe("ingest of a backlog in parts", () => {
  it("commits part by part: a crash in the second part keeps the first, and the rerun lands the rest once", async () => {
    const profile = makeProfile();
    const { manifest } = generateRawZone({ rawZone: profile.zones.raw, days: 3, ...SMALL });
    const adapter = await connect(profile);
    try {
      const action = ingestAction("sensor_data", SENSOR_SPEC);
      const sizes = manifest.files.filter((f) => f.source === "sensor_readings").map((f) => statSync(join(profile.zones.raw, f.path)).size);
      // One part per non-empty file, roughly: the largest file alone fills a part.
      const chunkBytes = Math.max(...sizes);
      let parts = 0;
      const crashing = createIngestStrategy({
        chunkBytes,
        afterBronzeInsert: async () => {
          if (++parts === 2) throw new Error("simulated crash in the second part");
        },
      });
      await expect(runStrategy(crashing, makeContext(action, profile, { lakehouse: adapter }))).rejects.toThrow(/second part/);
      const firstPart = await adapter.queryAll(`SELECT file_path, "rows" + quarantined AS landed FROM lakehouse._sluice.file_ledger`);
      expect(firstPart.length).toBeGreaterThan(0);
      expect(firstPart.length).toBeLessThan(manifest.sources.sensor_readings.files);
      const landedFirst = firstPart.reduce((sum, r) => sum + Number(r.landed), 0);
      expect((await scalar(adapter, `SELECT count(*) FROM lakehouse.bronze.sensor_data`)) + (await scalar(adapter, `SELECT count(*) FROM lakehouse.audit.sensor_data_quarantine`))).toBe(landedFirst);

      const rerun = await runStrategy(createIngestStrategy({ chunkBytes }), makeContext(action, profile, { lakehouse: adapter }));
      expect(rerun.ingest!.files).toBe(manifest.sources.sensor_readings.files - firstPart.length);
      expect(landedFirst + rerun.ingest!.rows + rerun.ingest!.quarantined).toBe(manifest.sources.sensor_readings.records);
      expect(await linesLandedTwice(adapter)).toBe(0);
      expect(await scalar(adapter, `SELECT count(*) FROM lakehouse._sluice.file_ledger`)).toBe(manifest.sources.sensor_readings.files);
    } finally {
      await adapter.close();
    }
  });
});

describe("ingest of a backlog of many small files", () => {
  it("reads them in several statements and still accounts for every record", async () => {
    const profile = makeProfile();
    // ~1,250 readings in parts of 10 lines: more files than one read statement takes.
    const { manifest } = generateRawZone({ rawZone: profile.zones.raw, days: 1, ...SMALL, linesPerFile: 10 });
    const adapter = await connect(profile);
    try {
      const run = makeContext(ingestAction("sensor_data", SENSOR_SPEC), profile, { lakehouse: adapter });
      const outcome = await runStrategy(ingestStrategy, run);
      expect(manifest.sources.sensor_readings.files).toBeGreaterThan(100);
      expect(run.statements.filter((s) => s.startsWith("INSERT INTO \"_sluice_lines_")).length).toBeGreaterThan(0);
      expect(outcome.ingest!.files).toBe(manifest.sources.sensor_readings.files);
      expect(outcome.ingest!.rows + outcome.ingest!.quarantined).toBe(manifest.sources.sensor_readings.records);
      const perFile = await adapter.queryAll(
        `SELECT _source_file, max(_source_line) AS last FROM (SELECT _source_file, _source_line FROM lakehouse.bronze.sensor_data UNION ALL SELECT _source_file, _source_line FROM lakehouse.audit.sensor_data_quarantine) GROUP BY ALL`,
      );
      const records = new Map(manifest.files.map((f) => [f.path, f.records]));
      for (const row of perFile) expect(Number(row.last)).toBe(records.get(String(row._source_file)));
    } finally {
      await adapter.close();
    }
  });
});
