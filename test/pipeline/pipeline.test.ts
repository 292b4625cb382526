import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResults } from "../../src/execute/results.js";
import { formatUnitTestReport, runUnitTests } from "../../src/quality/unit-tests.js";
import { BRONZE_OF, makePipelineDir, num, problems, resultOf, type PipelineDir } from "./helpers.js";

/**
 * The real project on two generated days (1 plant, faults at the default rates): every action
 * succeeds, every landed record is accounted for, silver is deduplicated, every dropped row is in
 * quarantine with the rules it broke, and gold's hourly figures match a recomputation in
 * TypeScript from silver rows.
 */
let dir: PipelineDir;
let results: RunResults;

beforeAll(async () => {
  dir = makePipelineDir();
  dir.generate(2);
  results = await dir.run();
}, 60_000);

afterAll(() => dir?.cleanup());

describe("pipeline on generated data", () => {
  it("runs every action successfully, assertions included", () => {
    expect(problems(results)).toEqual([]);
    expect(results.actions.filter((a) => a.type === "assertion").length).toBeGreaterThan(20);
    expect(results.actions.filter((a) => a.type === "transfer").length).toBeGreaterThan(0);
  });

  it("passes the project's own unit tests (definitions/tests) through the real compiler", async () => {
    const graph = dir.context.compile();
    expect(graph.tests.length).toBeGreaterThanOrEqual(6);
    const unitTests = await runUnitTests(graph);
    expect(unitTests.filter((t) => !t.passed), formatUnitTestReport(unitTests)).toEqual([]);
  });

  it("accounts for every landed record: per raw file, landed = bronze rows + quarantined rows", async () => {
    const manifest = dir.manifest();
    for (const [source, bronze] of Object.entries(BRONZE_OF)) {
      const files = manifest.files.filter((f) => f.source === source);
      expect(files.length, source).toBeGreaterThan(0);
      const landed = await countsByFile(`bronze.${bronze}`);
      const quarantined = await countsByFile(`audit.${bronze}_quarantine`);
      for (const file of files) {
        expect((landed.get(file.path) ?? 0) + (quarantined.get(file.path) ?? 0), file.path).toBe(file.records);
      }
      // Nothing in bronze or quarantine that the generator did not land.
      const known = new Set(files.map((f) => f.path));
      expect([...landed.keys(), ...quarantined.keys()].filter((p) => !known.has(p)), source).toEqual([]);
      // What was quarantined at ingestion is exactly the lines the generator broke on purpose.
      const stats = manifest.sources[source];
      const totalQuarantined = [...quarantined.values()].reduce((a, b) => a + b, 0);
      expect(totalQuarantined, source).toBe(stats.malformed + stats.badNumbers);
    }
    // The fault injection really produced something to quarantine.
    expect(manifest.sources.sensor_readings.malformed).toBeGreaterThan(0);
  });

  it("deduplicates silver on its natural keys, and bronze really held the injected duplicates", async () => {
    const keys: Record<string, string[]> = {
      "silver.cleaned_sensor_data": ["sensor_id", "ts", "metric"],
      "silver.validated_equipment_logs": ["equipment_id", "event_ts", "event"],
      "silver.processed_quality_metrics": ["lot_id", "equipment_id", "characteristic", "measured_at"],
      "silver.cleaned_environmental_data": ["plant_id", "zone", "ts"],
    };
    for (const [table, key] of Object.entries(keys)) {
      const [row] = await dir.rows(`SELECT count(*) AS n FROM (SELECT ${key.join(", ")} FROM ${table} GROUP BY ALL HAVING count(*) > 1)`);
      expect(num(row.n), table).toBe(0);
    }
    // Exact duplicate lines in bronze: as many as the generator injected.
    const manifest = dir.manifest();
    const [dupes] = await dir.rows(
      `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT sensor_id, equipment_id, ts, metric, value, unit, status, _rescued_data FROM bronze.sensor_data)) AS n
       FROM bronze.sensor_data`,
    );
    expect(manifest.sources.sensor_readings.duplicates).toBeGreaterThan(0);
    expect(num(dupes.n)).toBe(manifest.sources.sensor_readings.duplicates);
    // Every bronze reading that is in neither silver nor its quarantine shares its key with one
    // that is, ingested no earlier: it was a duplicate, not a loss.
    const [lost] = await dir.rows(`
      WITH kept AS (
        SELECT _source_file, _source_line, _ingested_at FROM silver.cleaned_sensor_data
        UNION ALL SELECT _source_file, _source_line, _ingested_at FROM audit.cleaned_sensor_data_quarantine
      ),
      bronze_kept AS (
        SELECT b.sensor_id, b.ts, b.metric, b._ingested_at FROM bronze.sensor_data AS b
        JOIN kept AS k ON k._source_file = b._source_file AND k._source_line = b._source_line
      )
      SELECT count(*) AS n FROM bronze.sensor_data AS b
      WHERE NOT EXISTS (SELECT 1 FROM kept AS k WHERE k._source_file = b._source_file AND k._source_line = b._source_line)
        AND NOT EXISTS (
          SELECT 1 FROM bronze_kept AS k
          WHERE k.sensor_id = b.sensor_id AND k.ts = b.ts AND k.metric = b.metric AND k._ingested_at >= b._ingested_at
        )`);
    expect(num(lost.n)).toBe(0);
    const [removed] = await dir.rows(`
      SELECT (SELECT count(*) FROM bronze.sensor_data)
        - (SELECT count(*) FROM silver.cleaned_sensor_data) - (SELECT count(*) FROM audit.cleaned_sensor_data_quarantine) AS n`);
    expect(num(removed.n)).toBeGreaterThanOrEqual(manifest.sources.sensor_readings.duplicates);
  });

  it("puts every dropped row in quarantine with exactly the drop rules it breaks; silver keeps none of them", async () => {
    const model = dir.context.compile().actions.find((a) => a.id === "lakehouse.silver.cleaned_sensor_data");
    if (!model) throw new Error("cleaned_sensor_data is not in the graph");
    const drops = model.expectations.filter((e) => e.action === "drop");
    expect(drops.length).toBeGreaterThan(3);
    const result = resultOf(results, model.id);
    const [{ n: quarantined }] = await dir.rows(`SELECT count(*) AS n FROM audit.cleaned_sensor_data_quarantine`);
    expect(num(quarantined)).toBeGreaterThan(0);
    for (const rule of drops) {
      // Rows listing the rule violate it (NULL counts as a violation), rows not listing it satisfy it.
      const [row] = await dir.rows(`
        SELECT
          sum(CASE WHEN list_contains(string_split(_failed_rules, ','), '${rule.name}') THEN 1 ELSE 0 END) AS listed,
          sum(CASE WHEN list_contains(string_split(_failed_rules, ','), '${rule.name}') = coalesce((${rule.condition}), FALSE) THEN 1 ELSE 0 END) AS wrong
        FROM audit.cleaned_sensor_data_quarantine`);
      expect(num(row.wrong), rule.name).toBe(0);
      // The counts in the run results are the rows quarantined for the rule.
      expect(result.expectations?.[rule.name], rule.name).toEqual({ action: "drop", violations: num(row.listed ?? 0) });
      const [kept] = await dir.rows(`SELECT count(*) AS n FROM silver.cleaned_sensor_data WHERE NOT coalesce((${rule.condition}), FALSE)`);
      expect(num(kept.n), rule.name).toBe(0);
    }
    // The faults that must be dropped were dropped for the right reason.
    const [byRule] = await dir.rows(`
      SELECT sum(CASE WHEN _failed_rules LIKE '%value_not_null%' THEN 1 ELSE 0 END) AS nulls,
             sum(CASE WHEN _failed_rules LIKE '%value_near_sensor_limits%' OR _failed_rules LIKE '%value_in_range%' THEN 1 ELSE 0 END) AS out_of_range
      FROM audit.cleaned_sensor_data_quarantine`);
    expect(num(byRule.nulls)).toBeGreaterThan(0);
    expect(num(byRule.out_of_range)).toBeGreaterThan(0);
  });

  it("computes gold hourly aggregates that match an independent recomputation from silver", async () => {
    const sensors = await dir.rows(`
      SELECT sensor_id FROM silver.cleaned_sensor_data GROUP BY sensor_id ORDER BY count(*) DESC, sensor_id LIMIT 3`);
    const ids = sensors.map((s) => String(s.sensor_id));
    expect(ids).toHaveLength(3);
    const list = ids.map((id) => `'${id}'`).join(", ");
    const silver = await dir.rows(`SELECT sensor_id, CAST(reading_hour AS VARCHAR) AS hour, value FROM silver.cleaned_sensor_data WHERE sensor_id IN (${list})`);
    const gold = await dir.rows(`
      SELECT sensor_id, CAST(hour_start AS VARCHAR) AS hour, reading_count, avg_value, min_value, max_value, stddev_value, p95_value
      FROM gold.hourly_sensor_aggregates WHERE sensor_id IN (${list})`);
    const groups = new Map<string, number[]>();
    for (const r of silver) {
      const key = `${String(r.sensor_id)}|${String(r.hour)}`;
      const values = groups.get(key) ?? [];
      values.push(Number(r.value));
      groups.set(key, values);
    }
    expect(gold.length).toBe(groups.size);
    for (const g of gold) {
      const key = `${String(g.sensor_id)}|${String(g.hour)}`;
      const values = groups.get(key);
      if (!values) throw new Error(`gold has ${key}, silver has no readings for it`);
      const expected = aggregate(values);
      expect(num(g.reading_count), key).toBe(expected.count);
      expect(Number(g.avg_value), key).toBeCloseTo(expected.avg, 6);
      expect(Number(g.min_value), key).toBe(expected.min);
      expect(Number(g.max_value), key).toBe(expected.max);
      if (expected.stddev === null) expect(g.stddev_value, key).toBeNull();
      else expect(Number(g.stddev_value), key).toBeCloseTo(expected.stddev, 6);
      expect(Number(g.p95_value), key).toBeCloseTo(expected.p95, 6);
    }
  });
});

async function countsByFile(table: string): Promise<Map<string, number>> {
  const rows = await dir.rows(`SELECT _source_file AS file, count(*) AS n FROM ${table} GROUP BY 1`);
  return new Map(rows.map((r) => [String(r.file), num(r.n)]));
}

/** count, mean, min, max, sample standard deviation and the continuous 95th percentile. */
function aggregate(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const avg = sorted.reduce((a, b) => a + b, 0) / count;
  const stddev = count > 1 ? Math.sqrt(sorted.reduce((a, v) => a + (v - avg) ** 2, 0) / (count - 1)) : null;
  const position = 0.95 * (count - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const p95 = sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  return { count, avg, min: sorted[0], max: sorted[count - 1], stddev, p95 };
}
