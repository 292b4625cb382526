import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedProfile, ResolvedTarget } from "../../src/config/profiles.js";
import { connectTarget } from "../../src/engines/registry.js";
import { ActionSchema, type CompiledGraph, type TestCase } from "../../src/graph/schema.js";
import { assertionSql, assertionSqlContext } from "../../src/quality/assertion-sql.js";
import { duckdbDialect } from "../../src/engines/duckdb/dialect.js";
import { runQualityChecks } from "../../src/quality/run-tests.js";

let dir: string;
let profile: ResolvedProfile;
const lakehouse = (): ResolvedTarget => ({
  name: "lakehouse",
  engine: "duckdb",
  database: "lakehouse",
  settings: { engine: "duckdb", database: "lakehouse", path: join(dir, "lakehouse.duckdb") },
  missingEnv: [],
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sluice-quality-"));
  profile = {
    name: "local",
    projectDir: dir,
    dataDir: dir,
    zones: { raw: join(dir, "raw"), processed: join(dir, "processed"), archive: join(dir, "archive") },
    targets: { lakehouse: lakehouse() },
    retry: { attempts: 1, backoffMs: 0 },
    secrets: [],
  };
  const adapter = await connectTarget(lakehouse(), { redact: (t) => t });
  await adapter.execute(`CREATE SCHEMA IF NOT EXISTS silver`);
  await adapter.execute(`CREATE OR REPLACE TABLE silver.readings AS SELECT * FROM (VALUES (1, 20.0), (2, 900.0)) AS t(id, value)`);
  await adapter.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const passing: TestCase = {
  name: "identity",
  fileName: "definitions/tests/identity.sqlx",
  dataset: "lakehouse.silver.readings",
  inputs: [],
  testQuery: `SELECT * FROM (VALUES (1, 'a')) AS r(id, name)`,
  expectedOutputQuery: `SELECT * FROM (VALUES (1, 'a')) AS e(id, name)`,
};
const failing: TestCase = { ...passing, name: "renames", expectedOutputQuery: `SELECT * FROM (VALUES (1, 'b')) AS e(id, name)` };

function assertion(name: string, query: string, severity: "error" | "warn") {
  return ActionSchema.parse({
    id: `lakehouse.dataform_assertions.${name}`,
    type: "assertion",
    target: { database: "lakehouse", schema: "dataform_assertions", name },
    targetName: "lakehouse",
    engine: "duckdb",
    fileName: "definitions/silver/readings.sqlx",
    query,
    severity,
    fingerprint: { data: name, metadata: name },
  });
}

function graph(tests: TestCase[], actions: ReturnType<typeof assertion>[] = []): CompiledGraph {
  return {
    sluiceVersion: "test",
    profile: "local",
    projectConfig: { defaultSchema: "silver", assertionSchema: "dataform_assertions", vars: {} },
    targets: { lakehouse: { engine: "duckdb", database: "lakehouse" } },
    actions,
    tests,
  };
}

const rangeQuery = (max: number) =>
  assertionSql({ kind: "range", column: "value", min: 0, max }, assertionSqlContext(duckdbDialect, { database: "lakehouse", schema: "silver", name: "readings" })).query;

describe("sluice test (in-process)", () => {
  it("exit code 0 when every unit test passes", async () => {
    let out = "";
    const outcome = await runQualityChecks({ graph: graph([passing]), profile }, { write: (t) => (out += t) });
    expect(outcome.exitCode).toBe(0);
    expect(out).toContain("PASS  identity");
    expect(out).toContain("1 passed, 0 failed (1 unit test)");
  });

  it("exit code 1 when a unit test fails, with its diff", async () => {
    let out = "";
    const outcome = await runQualityChecks({ graph: graph([passing, failing]), profile }, { write: (t) => (out += t) });
    expect(outcome.exitCode).toBe(1);
    expect(out).toContain("FAIL  renames");
    expect(out).toContain(`~ id=1: name: expected "b", got "a"`);
  });

  it("--assertions runs the data assertions on the current tables: an error assertion failing gives exit code 1", async () => {
    let out = "";
    const actions = [assertion("readings_range_strict", rangeQuery(100), "error")];
    const outcome = await runQualityChecks({ graph: graph([passing], actions), profile }, { assertions: true, write: (t) => (out += t) });
    expect(outcome.assertions?.actions.map((a) => a.status)).toEqual(["failed"]);
    expect(out).toContain("FAIL  lakehouse.dataform_assertions.readings_range_strict  (1 violating row)");
    expect(outcome.exitCode).toBe(1);
  });

  it("--assertions: passing and warn-severity assertions give exit code 0", async () => {
    let out = "";
    const actions = [assertion("readings_range_wide", rangeQuery(1000), "error"), assertion("readings_range_warn", rangeQuery(100), "warn")];
    const outcome = await runQualityChecks({ graph: graph([passing], actions), profile }, { assertions: true, write: (t) => (out += t) });
    expect(out).toContain("PASS  lakehouse.dataform_assertions.readings_range_wide");
    expect(out).toContain("WARN  lakehouse.dataform_assertions.readings_range_warn  (1 violating row)");
    expect(outcome.exitCode).toBe(0);
  });

  it("--assertions with no assertion actions runs nothing else", async () => {
    let out = "";
    const outcome = await runQualityChecks({ graph: graph([passing]), profile }, { assertions: true, write: (t) => (out += t) });
    expect(out).toContain("no assertions defined");
    expect(outcome.assertions).toBeUndefined();
    expect(outcome.exitCode).toBe(0);
  });
});
