import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineAdapter, Row } from "../../src/engines/adapter.js";
import type { Expectation, Target } from "../../src/graph/schema.js";
import { ExpectationFailedError, applyExpectations, quarantineTarget } from "../../src/quality/expectations.js";
import { openSandbox } from "../../src/quality/sandbox.js";

let adapter: EngineAdapter;
const model: Target = { schema: "silver", name: "readings" };
const temp: Target = { schema: "silver", name: "readings__sluice_build" };
const quarantine = quarantineTarget(model, "audit");

const rules: Expectation[] = [
  { name: "value_in_range", condition: "value BETWEEN -50 AND 150", action: "drop" },
  { name: "sensor_known", condition: "sensor_id IS NOT NULL", action: "drop" },
  { name: "unit_set", condition: "unit IS NOT NULL", action: "warn" },
];

beforeEach(async () => {
  adapter = await openSandbox();
  await adapter.execute(`CREATE SCHEMA silver`);
  await adapter.execute(`CREATE TABLE silver.readings AS SELECT 0 AS id, 1 AS sensor_id, 20.0 AS value, 'celsius' AS unit`);
  await adapter.execute(`CREATE TABLE silver.readings__sluice_build AS SELECT * FROM (VALUES
      (1, 1, 21.5, 'celsius'),
      (2, 1, 999.0, 'celsius'),
      (3, NULL, 999.0, NULL),
      (4, 2, NULL, 'kelvin'),
      (5, 2, 22.0, NULL),
      (6, 3, 23.0, 'celsius')
    ) AS t(id, sensor_id, value, unit)`);
});
afterEach(async () => adapter?.close());

const ids = (rows: Row[]) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

describe("applyExpectations (DLT semantics) on DuckDB", () => {
  it("moves every row that breaks a drop rule to quarantine with the rules it broke; good + quarantined = input", async () => {
    const result = await applyExpectations({ adapter, temp, quarantine, expectations: rules, batchId: "run-1", model: "silver.readings" });
    expect(result.counts).toEqual({
      value_in_range: { action: "drop", violations: 3 },
      sensor_known: { action: "drop", violations: 1 },
      unit_set: { action: "warn", violations: 2 },
    });
    expect(result).toMatchObject({ inputRows: 6, keptRows: 3, quarantinedRows: 3 });

    const kept = await adapter.queryAll(`SELECT * FROM silver.readings__sluice_build`);
    expect(ids(kept)).toEqual([1, 5, 6]); // row 5 breaks only the warn rule: kept
    expect(Object.keys(kept[0])).toEqual(["id", "sensor_id", "value", "unit"]);

    const quarantined = await adapter.queryAll(`SELECT id, _failed_rules, _quarantine_run_id, _quarantined_at FROM audit.readings_quarantine ORDER BY id`);
    expect(quarantined.map((r) => [r.id, r._failed_rules, r._quarantine_run_id])).toEqual([
      [2, "value_in_range", "run-1"],
      [3, "value_in_range,sensor_known,unit_set", "run-1"],
      // NULL value: the range cannot be shown to hold, so it counts as a violation.
      [4, "value_in_range", "run-1"],
    ]);
    expect(quarantined.every((r) => r._quarantined_at instanceof Date)).toBe(true);

    const [all] = await adapter.queryAll(`SELECT
      (SELECT COUNT(*) FROM silver.readings__sluice_build) + (SELECT COUNT(*) FROM audit.readings_quarantine) AS total`);
    expect(all.total).toBe(6);
    // The scratch copy is gone.
    expect(await adapter.describeRelation({ schema: "silver", name: "readings__sluice_build__dq" })).toBeNull();
  });

  it("appends to an existing quarantine across batches and adds new model columns to it", async () => {
    await applyExpectations({ adapter, temp, quarantine, expectations: rules, batchId: "run-1" });
    await adapter.execute(`CREATE OR REPLACE TABLE silver.readings__sluice_build AS
      SELECT 7 AS id, 1 AS sensor_id, -99.0 AS value, 'celsius' AS unit, 'x' AS site`);
    const result = await applyExpectations({ adapter, temp, quarantine, expectations: rules, batchId: "run-2" });
    expect(result.quarantinedRows).toBe(1);
    const rows = await adapter.queryAll(`SELECT id, site, _quarantine_run_id FROM audit.readings_quarantine ORDER BY id`);
    expect(rows.map((r) => [r.id, r.site, r._quarantine_run_id])).toEqual([
      [2, null, "run-1"],
      [3, null, "run-1"],
      [4, null, "run-1"],
      [7, "x", "run-2"],
    ]);
  });

  it("warn rules keep every row and only count", async () => {
    const warnOnly: Expectation[] = rules.map((r) => ({ ...r, action: "warn" }));
    const result = await applyExpectations({ adapter, temp, quarantine, expectations: warnOnly, batchId: "run-1" });
    expect(result).toMatchObject({ inputRows: 6, keptRows: 6, quarantinedRows: 0 });
    expect(result.counts.value_in_range).toEqual({ action: "warn", violations: 3 });
    expect(await adapter.describeRelation(quarantine)).toBeNull();
  });

  it("a fail rule throws with the rule name and count, and changes nothing", async () => {
    const withFail: Expectation[] = [...rules, { name: "id_positive", condition: "id > 1", action: "fail" }];
    const before = await adapter.queryAll(`SELECT * FROM silver.readings__sluice_build ORDER BY id`);
    const error = await applyExpectations({ adapter, temp, quarantine, expectations: withFail, batchId: "run-1", model: "silver.readings" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExpectationFailedError);
    expect((error as Error).message).toContain(`expectation "id_positive" (fail) on silver.readings: 1 row(s) violate \`id > 1\``);
    expect((error as ExpectationFailedError).counts.value_in_range.violations).toBe(3);
    expect(await adapter.queryAll(`SELECT * FROM silver.readings__sluice_build ORDER BY id`)).toEqual(before);
    expect(await adapter.queryAll(`SELECT * FROM silver.readings`)).toEqual([{ id: 0, sensor_id: 1, value: 20, unit: "celsius" }]);
    expect(await adapter.describeRelation(quarantine)).toBeNull();
    expect(await adapter.describeRelation({ schema: "silver", name: "readings__sluice_build__dq" })).toBeNull();
  });

  it("runs inside the caller's transaction: commits the move, or rolls everything back on a fail rule", async () => {
    await adapter.transaction(() => applyExpectations({ adapter, temp, quarantine, expectations: rules, batchId: "run-1" }));
    expect(await adapter.queryAll(`SELECT COUNT(*) AS n FROM audit.readings_quarantine`)).toEqual([{ n: 3 }]);

    await adapter.execute(`INSERT INTO silver.readings__sluice_build VALUES (9, 1, 500.0, 'celsius'), (10, 1, 30.0, NULL)`);
    const withFail: Expectation[] = [...rules, { name: "unit_required", condition: "unit IS NOT NULL", action: "fail" }];
    await expect(
      adapter.transaction(() => applyExpectations({ adapter, temp, quarantine, expectations: withFail, batchId: "run-2" })),
    ).rejects.toBeInstanceOf(ExpectationFailedError);
    expect(ids(await adapter.queryAll(`SELECT id FROM silver.readings__sluice_build`))).toEqual([1, 5, 6, 9, 10]);
    expect(await adapter.queryAll(`SELECT COUNT(*) AS n FROM audit.readings_quarantine`)).toEqual([{ n: 3 }]);
  });

  it("a fail rule without drop rules throws too", async () => {
    const failOnly: Expectation[] = [{ name: "value_set", condition: "value IS NOT NULL", action: "fail" }];
    await expect(applyExpectations({ adapter, temp, quarantine, expectations: failOnly, batchId: "r" })).rejects.toThrow(
      /expectation "value_set" \(fail\) on readings__sluice_build: 1 row\(s\)/,
    );
  });

  it("passing rules leave the batch as it was", async () => {
    const lenient: Expectation[] = [{ name: "anything", condition: "TRUE", action: "drop" }];
    const statements: string[] = [];
    const run = (sql: string) => (statements.push(sql), adapter.execute(sql));
    const result = await applyExpectations({ adapter, run, temp, quarantine, expectations: lenient, batchId: "r" });
    expect(statements).toEqual([]); // one read-only scan; no copy when nothing moves
    expect(result).toMatchObject({ inputRows: 6, keptRows: 6, quarantinedRows: 0, counts: { anything: { action: "drop", violations: 0 } } });
    expect(ids(await adapter.queryAll(`SELECT id FROM silver.readings__sluice_build`))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects duplicate rule names and names with commas", async () => {
    const dup: Expectation[] = [rules[0], rules[0]];
    await expect(applyExpectations({ adapter, temp, quarantine, expectations: dup, batchId: "r" })).rejects.toThrow(/defined twice/);
    const comma: Expectation[] = [{ name: "a,b", condition: "TRUE", action: "drop" }];
    await expect(applyExpectations({ adapter, temp, quarantine, expectations: comma, batchId: "r" })).rejects.toThrow(/comma/);
  });
});
