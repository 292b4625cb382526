import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineAdapter, Row } from "../../src/engines/adapter.js";
import type { StrategyContext } from "../../src/execute/strategy.js";
import { ActionSchema, type CompiledGraph, type Expectation, type Target } from "../../src/graph/schema.js";
import { ExpectationFailedError } from "../../src/quality/expectations.js";
import { openSandbox } from "../../src/quality/sandbox.js";
import { checkExpectations, clearFailuresFor, storeFailuresFor } from "../../src/quality/strategy-hooks.js";

let adapter: EngineAdapter;
let statements: string[];
const target: Target = { schema: "silver", name: "readings" };
const temp: Target = { schema: "silver", name: "readings__sluice_build" };

beforeEach(async () => {
  adapter = await openSandbox();
  statements = [];
  await adapter.execute(`CREATE SCHEMA silver`);
  await adapter.execute(`CREATE TABLE silver.readings AS SELECT * FROM (VALUES (1, 10.0)) AS t(id, value)`);
});
afterEach(async () => adapter?.close());

function context(expectations: Expectation[], type: "table" | "assertion" = "table", name = "readings"): StrategyContext {
  const action = ActionSchema.parse({
    id: `silver.${name}`,
    type,
    target: { schema: type === "table" ? "silver" : "dataform_assertions", name },
    targetName: "lakehouse",
    engine: "duckdb",
    fileName: "definitions/silver/readings.sqlx",
    line: 3,
    expectations,
    fingerprint: { data: "d", metadata: "m" },
  });
  const graph = {
    projectConfig: { defaultSchema: "silver", assertionSchema: "dataform_assertions", auditSchema: "qa", vars: {} },
    actions: [action],
    tests: [],
  } as unknown as CompiledGraph;
  return {
    action,
    graph,
    adapter,
    runId: "run-42",
    dryRun: false,
    fullRefresh: false,
    run: async (sql: string) => (statements.push(sql), adapter.execute(sql)),
    query: async (sql: string): Promise<Row[]> => (statements.push(sql), adapter.queryAll(sql)),
  } as unknown as StrategyContext;
}

/** What a table strategy does around the hook: build new rows, check, swap. */
async function buildTable(ctx: StrategyContext, query: string) {
  await ctx.run(adapter.dialect.createTableAs({ target: temp, query, orReplace: true }));
  const result = await checkExpectations(ctx, temp);
  await ctx.run(`CREATE OR REPLACE TABLE silver.readings AS SELECT * FROM silver.readings__sluice_build`);
  await ctx.run(adapter.dialect.dropRelation({ target: temp, kind: "table" }));
  return result;
}

describe("strategy hooks", () => {
  it("drop rules quarantine into <auditSchema>.<model>_quarantine with the run id; statements are recorded", async () => {
    const ctx = context([{ name: "value_in_range", condition: "value BETWEEN 0 AND 100", action: "drop" }]);
    const result = await buildTable(ctx, `SELECT * FROM (VALUES (1, 10.0), (2, 500.0)) AS t(id, value)`);
    expect(result?.counts).toEqual({ value_in_range: { action: "drop", violations: 1 } });
    expect(await adapter.queryAll(`SELECT id FROM silver.readings`)).toEqual([{ id: 1 }]);
    expect(await adapter.queryAll(`SELECT id, _failed_rules, _quarantine_run_id FROM qa.readings_quarantine`)).toEqual([
      { id: 2, _failed_rules: "value_in_range", _quarantine_run_id: "run-42" },
    ]);
    expect(statements.some((s) => s.startsWith(`CREATE TABLE "qa"."readings_quarantine"`))).toBe(true);
  });

  it("a fail rule stops the build before the swap: the target keeps its old rows", async () => {
    const ctx = context([{ name: "value_set", condition: "value IS NOT NULL", action: "fail" }]);
    const error = await buildTable(ctx, `SELECT * FROM (VALUES (7, NULL), (8, 3.0)) AS t(id, value)`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExpectationFailedError);
    expect((error as ExpectationFailedError).diagnostics[0].location).toEqual({ file: "definitions/silver/readings.sqlx", line: 3 });
    expect(await adapter.queryAll(`SELECT * FROM silver.readings`)).toEqual([{ id: 1, value: 10 }]);
  });

  it("no expectations: nothing runs", async () => {
    expect(await checkExpectations(context([]), temp)).toBeUndefined();
    expect(statements).toEqual([]);
  });

  it("stores and clears assertion failures in the audit schema", async () => {
    const ctx = context([], "assertion", "readings_assertions_range_0");
    const stored = await storeFailuresFor(ctx, `SELECT * FROM silver.readings WHERE value > 5`);
    expect(stored.violations).toBe(1);
    expect(await adapter.queryAll(`SELECT run_id, assertion_id FROM qa.assertion_failures`)).toEqual([
      { run_id: "run-42", assertion_id: "silver.readings_assertions_range_0" },
    ]);
    await clearFailuresFor(ctx);
    expect(await adapter.describeRelation({ schema: "qa", name: "readings_assertions_range_0_failures" })).toBeNull();
  });
});
