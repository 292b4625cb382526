import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import { assertionSql, assertionSqlContext } from "../../src/quality/assertion-sql.js";
import { openSandbox } from "../../src/quality/sandbox.js";
import { clearAssertionFailures, failuresTarget, storeAssertionFailures } from "../../src/quality/stored-failures.js";

let adapter: EngineAdapter;

beforeEach(async () => {
  adapter = await openSandbox();
  await adapter.execute(`CREATE SCHEMA silver`);
  await adapter.execute(`CREATE TABLE silver.readings AS SELECT * FROM (VALUES (1, 20.0), (2, 900.0), (3, -80.0), (4, 25.0)) AS t(id, value)`);
});
afterEach(async () => adapter?.close());

const rangeQuery = () =>
  assertionSql({ kind: "range", column: "value", min: -50, max: 150 }, assertionSqlContext(adapter.dialect, { schema: "silver", name: "readings" })).query;

describe("stored failures on DuckDB", () => {
  it("copies the violating rows into the audit schema and logs the failure with the query that reproduces them", async () => {
    const assertion = { id: "dataform_assertions.readings_assertions_range_0", name: "readings_assertions_range_0" };
    const stored = await storeAssertionFailures({ adapter, auditSchema: "audit", assertion, assertionQuery: rangeQuery(), runId: "run-1" });
    expect(stored).toEqual({ failuresTable: { schema: "audit", name: "readings_assertions_range_0_failures" }, violations: 2 });

    const rows = await adapter.queryAll(`SELECT id FROM audit.readings_assertions_range_0_failures ORDER BY id`);
    expect(rows).toEqual([{ id: 2 }, { id: 3 }]);

    const [log] = await adapter.queryAll(`SELECT * FROM audit.assertion_failures`);
    expect(log).toMatchObject({
      assertion_id: assertion.id,
      assertion_name: assertion.name,
      run_id: "run-1",
      violation_count: 2,
      failures_table: `"audit"."readings_assertions_range_0_failures"`,
    });
    expect(log.failed_at).toBeInstanceOf(Date);
    // The stored query reproduces exactly the stored rows.
    const reproduced = await adapter.queryAll(`SELECT id FROM (${String(log.reproduce_query)}) AS r ORDER BY id`);
    expect(reproduced).toEqual(rows);
  });

  it("replaces the copy on each failing run and appends to the log; a passing run clears the copy", async () => {
    const assertion = { id: "a.readings_range", name: "readings_range" };
    await storeAssertionFailures({ adapter, auditSchema: "audit", assertion, assertionQuery: rangeQuery(), runId: "run-1" });
    await adapter.execute(`DELETE FROM silver.readings WHERE id = 2`);
    const second = await storeAssertionFailures({ adapter, auditSchema: "audit", assertion, assertionQuery: rangeQuery(), runId: "run-2" });
    expect(second.violations).toBe(1);
    expect(await adapter.queryAll(`SELECT id FROM audit.readings_range_failures`)).toEqual([{ id: 3 }]);
    const log = await adapter.queryAll(`SELECT run_id, violation_count FROM audit.assertion_failures ORDER BY run_id`);
    expect(log).toEqual([
      { run_id: "run-1", violation_count: 2 },
      { run_id: "run-2", violation_count: 1 },
    ]);

    await clearAssertionFailures({ adapter, auditSchema: "audit", assertionName: "readings_range" });
    expect(await adapter.describeRelation(failuresTarget("audit", "readings_range"))).toBeNull();
    expect(await adapter.queryAll(`SELECT COUNT(*) AS n FROM audit.assertion_failures`)).toEqual([{ n: 2 }]);
  });

  it("keeps a query with quotes intact in the log", async () => {
    const query = `SELECT * FROM silver.readings WHERE 'it''s' = 'it''s' AND value > 100`;
    await storeAssertionFailures({ adapter, auditSchema: "audit", assertion: { id: "x", name: "quoted" }, assertionQuery: query, runId: "r" });
    const [log] = await adapter.queryAll(`SELECT reproduce_query FROM audit.assertion_failures`);
    expect(log.reproduce_query).toBe(query);
  });
});
