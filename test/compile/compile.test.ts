import { afterAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileDir, compileErrors, compileFixture, copyFixture, removeDir, writeProject } from "./helpers.js";
import { CompiledGraphSchema, type Action, type CompiledGraph } from "../../src/graph/schema.js";

const byId = (graph: CompiledGraph, id: string): Action => {
  const action = graph.actions.find((a) => a.id === id);
  if (!action) throw new Error(`no action ${id}; have ${graph.actions.map((a) => a.id).join(", ")}`);
  return action;
};

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe("multi-engine fixture, local profile (DuckDB everywhere)", () => {
  const graph = compileFixture("multi-engine");

  it("returns a graph valid against CompiledGraphSchema", () => {
    expect(CompiledGraphSchema.safeParse(graph).success).toBe(true);
    expect(graph.targets).toEqual({ lakehouse: { engine: "duckdb", database: "lakehouse" }, warehouse: { engine: "duckdb", database: "warehouse" } });
  });

  it("assigns targets by the project's path globs", () => {
    expect(byId(graph, "lakehouse.gold.daily").targetName).toBe("lakehouse");
    expect(byId(graph, "warehouse.facts.daily_facts").targetName).toBe("warehouse");
  });

  it("compiles an incremental model twice and keeps Sluice's config keys", () => {
    const model = byId(graph, "lakehouse.silver.clean_readings");
    expect(model.query).not.toContain("max(ts)");
    expect(model.incrementalQuery).toContain('AND ts > (SELECT max(ts) FROM "lakehouse"."silver"."clean_readings")');
    expect(model.preOps).toEqual(["SELECT 1 -- engine is ${engine}"]);
    expect(model.incrementalPreOps).toEqual(model.preOps);
    expect(model).toMatchObject({
      uniqueKey: ["sensor_id", "ts"],
      partitionBy: ["day"],
      clusterBy: ["sensor_id"],
      incrementalStrategy: "merge",
      onSchemaChange: "append_new_columns",
      expectations: [{ name: "value_present", condition: "value IS NOT NULL", action: "drop" }],
      dependencies: ["lakehouse.bronze.readings"],
    });
    expect(model.query).toContain("'duckdb' AS compiled_for");
    expect(model.query).toContain("(value - 32) * 5 / 9 AS value_c"); // from includes/units.ts
  });

  it("puts an ingest action's spec in action.ingest with its quarantine in the audit schema", () => {
    expect(byId(graph, "lakehouse.bronze.readings")).toMatchObject({
      type: "ingest",
      ingest: {
        path: "readings/**/*.ndjson",
        format: "json",
        columns: { sensor_id: "VARCHAR", ts: "TIMESTAMP", value: "DOUBLE" },
        quarantine: { database: "lakehouse", schema: "audit", name: "readings_quarantine" },
      },
    });
  });

  it("expands built-in assertions with Dataform's names, the parent and the severity", () => {
    const names = graph.actions.filter((a) => a.parentAction === "lakehouse.silver.clean_readings").map((a) => a.target.name);
    expect(names).toEqual([
      "silver_clean_readings_assertions_uniqueKey_0",
      "silver_clean_readings_assertions_rowConditions",
      "silver_clean_readings_assertions_acceptedValues_0",
      "silver_clean_readings_assertions_range_0",
      "silver_clean_readings_assertions_relationships_0",
      "silver_clean_readings_assertions_freshness",
      "silver_clean_readings_assertions_rowCount",
      "silver_clean_readings_assertions_volume",
    ]);
    const rowConditions = byId(graph, "lakehouse.audit.silver_clean_readings_assertions_rowConditions");
    expect(rowConditions).toMatchObject({ type: "assertion", severity: "warn", tags: ["hourly"], dependencies: ["lakehouse.silver.clean_readings"] });
    expect(rowConditions.query).toContain("WHERE NOT (value_c >= 0)");
    expect(rowConditions.query).toContain("WHERE NOT (sensor_id IS NOT NULL)");
    const relationships = byId(graph, "lakehouse.audit.silver_clean_readings_assertions_relationships_0");
    expect(relationships.dependencies).toEqual(["lakehouse.silver.clean_readings", "lakehouse.external.sensors"]);
    expect(byId(graph, "lakehouse.audit.silver_clean_readings_assertions_acceptedValues_0").query).toContain("unit NOT IN ('C', 'F')");
    const freshness = byId(graph, "lakehouse.audit.silver_clean_readings_assertions_freshness");
    expect(freshness.query).toContain("CURRENT_TIMESTAMP - INTERVAL '6 hours'");
    expect(freshness.description).toContain("older than 6h");
  });

  it("inserts one transfer per (source, destination target) and reads it instead of the source", () => {
    const transfers = graph.actions.filter((a) => a.type === "transfer");
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      id: "warehouse.staging.daily",
      targetName: "warehouse",
      fileName: "definitions/gold/daily.sqlx",
      dependencies: ["lakehouse.gold.daily"],
      transfer: { source: "lakehouse.gold.daily", sourceTargetName: "lakehouse", sourceEngine: "duckdb", uniqueKey: ["sensor_id", "day"] },
    });
    const report = byId(graph, "warehouse.facts.daily_report");
    expect(report.dependencies).toEqual(["warehouse.staging.daily", "warehouse.facts.daily_facts"]);
    expect(report.query).toContain('FROM "warehouse"."staging"."daily"');
  });

  it("builds unit tests with each input inlined as a subquery", () => {
    expect(graph.tests).toHaveLength(1);
    expect(graph.tests[0]).toMatchObject({ name: "daily_test", dataset: "lakehouse.gold.daily" });
    expect(graph.tests[0].inputs[0].target).toEqual({ database: "lakehouse", schema: "silver", name: "clean_readings" });
    expect(graph.tests[0].testQuery).toContain("FROM (\n  SELECT 's1' AS sensor_id");
    expect(graph.tests[0].testQuery).not.toContain("clean_readings");
  });

  it("supports the JS API (assert, declare) in definition files", () => {
    expect(byId(graph, "lakehouse.audit.daily_not_empty").query).toBe('SELECT 1 FROM "lakehouse"."gold"."daily" HAVING count(*) = 0');
    expect(byId(graph, "lakehouse.external.sensors").type).toBe("declaration");
  });
});

describe("engine-aware rendering (prod profile: Databricks lakehouse, Snowflake warehouse)", () => {
  const graph = compileFixture("multi-engine", "prod");

  it("quotes refs with the engine's rules", () => {
    expect(byId(graph, "main.gold.daily").query).toContain("FROM `main`.`silver`.`clean_readings`");
    expect(byId(graph, "ANALYTICS.facts.daily_report").query).toContain('FROM "ANALYTICS"."STAGING"."DAILY"');
  });

  it("lets includes ask the engine at call time (sluice.engine()) and SQLX read `engine`", () => {
    expect(byId(graph, "main.gold.daily").query).toContain("CASE WHEN count(*) = 0 THEN NULL ELSE sum(value_c) / count(*) END");
    expect(byId(graph, "ANALYTICS.facts.daily_facts").query).toContain("DIV0(mean_c, 1)");
    expect(byId(graph, "main.silver.clean_readings").query).toContain("'databricks' AS compiled_for");
  });

  it("records each action's engine and the transfer's source engine", () => {
    expect(byId(graph, "ANALYTICS.staging.daily")).toMatchObject({ engine: "snowflake", transfer: { sourceEngine: "databricks" } });
  });
});

describe("fingerprints", () => {
  it("keep the data fingerprint on description, comment and whitespace edits and change it on SQL edits", () => {
    const dir = copyFixture("multi-engine");
    dirs.push(dir);
    const file = join(dir, "definitions/gold/daily.sqlx");
    const original = readFileSync(file, "utf8");
    const fingerprint = () => byId(compileDir(dir), "lakehouse.gold.daily").fingerprint;
    const before = fingerprint();

    writeFileSync(file, original.replace('description: "Daily stats"', 'description: "Daily statistics per sensor"').replace("GROUP BY", "-- a comment\n   GROUP   BY"));
    const docsOnly = fingerprint();
    expect(docsOnly.data).toBe(before.data);
    expect(docsOnly.metadata).not.toBe(before.metadata);

    writeFileSync(file, original.replace("GROUP BY sensor_id, day", "GROUP BY day, sensor_id"));
    expect(fingerprint().data).not.toBe(before.data);
  });
});

describe("SQLX language details", () => {
  it("interpolates in quoted strings, not in comments; ${'$'}{ gives a literal", () => {
    const dir = writeProject({
      "definitions/a.sqlx": 'config { type: "view" }\n-- ${nope}\n/* ${nope} */\nSELECT \'${1 + 1}\' AS two, "${"x"}" AS x, \'${"$"}{literal}\' AS lit',
    });
    dirs.push(dir);
    expect(byId(compileDir(dir), "lake.main.a").query).toBe("-- ${nope}\n/* ${nope} */\nSELECT '2' AS two, \"x\" AS x, '${literal}' AS lit");
  });

  it("supports ref with 1, 2, 3 arguments and the object form, resolve() without a dependency, and project vars", () => {
    const dir = writeProject({
      "definitions/src.sqlx": 'config { type: "table", schema: "raw" }\nSELECT 1 AS id',
      "definitions/other.sqlx": 'config { type: "table" }\nSELECT 2 AS id',
      "definitions/a.sqlx":
        'config { type: "view" }\nSELECT * FROM ${ref("src")}, ${ref("raw", "src")}, ${ref("lake", "raw", "src")}, ${ref({ name: "src", schema: "raw" })}, ${resolve("other")}\nWHERE x = ${dataform.projectConfig.vars.limit} AND ${name()} = \'${schema()}.${database()}\'',
    });
    dirs.push(dir);
    const a = byId(compileDir(dir), "lake.main.a");
    expect(a.dependencies).toEqual(["lake.raw.src"]);
    expect(a.query).toBe('SELECT * FROM "lake"."raw"."src", "lake"."raw"."src", "lake"."raw"."src", "lake"."raw"."src", "lake"."main"."other"\nWHERE x = undefined AND a = \'main.lake\'');
  });

  it("ctx.quarantine() names the model's quarantine table in the project's audit schema, quoted for its engine", () => {
    const files = {
      "definitions/m.sqlx": 'config { type: "incremental", uniqueKey: ["id"], expectations: [{ name: "has_id", condition: "id IS NOT NULL", action: "drop" }] }\nSELECT * FROM t ${when(incremental(), `WHERE ts > (SELECT max(ts) FROM ${ctx.quarantine()})`)}',
    };
    const dir = writeProject(files, { defaultDatabase: "lake", defaultSchema: "main", auditSchema: "dq", targets: { lakehouse: {} }, defaultTarget: "lakehouse" });
    dirs.push(dir);
    expect(byId(compileDir(dir), "lake.main.m").incrementalQuery).toBe('SELECT * FROM t WHERE ts > (SELECT max(ts) FROM "lake"."dq"."m_quarantine")');
    expect(byId(compileDir(dir, "prod"), "lake.main.m").incrementalQuery).toBe("SELECT * FROM t WHERE ts > (SELECT max(ts) FROM `lake`.`dq`.`m_quarantine`)");
  });

  it("ctx.quarantine(ref) names another model's quarantine, depends on that model, and stands empty in a unit test", () => {
    const dir = writeProject(
      {
        "definitions/m.sqlx": 'config { type: "incremental", uniqueKey: ["id"], expectations: [{ name: "has_id", condition: "id IS NOT NULL", action: "drop" }] }\nSELECT 1 AS id',
        "definitions/g.sqlx": 'config { type: "table" }\nSELECT id FROM ${ctx.quarantine("m")}',
        "definitions/g_test.sqlx": 'config { type: "test", dataset: "g" }\ninput "m" {\n  SELECT 7 AS id\n}\nSELECT 1 AS id WHERE false',
        "definitions/w/bad.sqlx": 'config { type: "table" }\nSELECT id FROM ${ctx.quarantine("g")}',
      },
      { defaultDatabase: "lake", defaultSchema: "main", auditSchema: "dq", targets: { lakehouse: {}, warehouse: { paths: ["definitions/w/**"] } }, defaultTarget: "lakehouse" },
    );
    dirs.push(dir);
    const errors = compileErrors(dir);
    expect(errors.map((e) => [e.code, e.location?.file])).toEqual([
      ["quarantine-without-drop-rules", "definitions/w/bad.sqlx"],
      ["quarantine-other-target", "definitions/w/bad.sqlx"],
    ]);
    rmSync(join(dir, "definitions", "w"), { recursive: true });
    const graph = compileDir(dir);
    const g = byId(graph, "lake.main.g");
    expect(g.query).toBe('SELECT id FROM "lake"."dq"."m_quarantine"');
    expect(g.dependencies).toEqual(["lake.main.m"]);
    expect(graph.tests[0].testQuery).toBe("SELECT id FROM (SELECT * FROM (\n  SELECT 7 AS id\n) AS quarantined WHERE 1 = 0)");
  });

  it("rejects ctx.quarantine() in a model without a drop expectation, at the line that calls it", () => {
    const dir = writeProject({
      "definitions/m.sqlx": 'config { type: "incremental", uniqueKey: ["id"] }\nSELECT * FROM t\n${when(incremental(), `WHERE ts > (SELECT max(ts) FROM ${ctx.quarantine()})`)}',
    });
    dirs.push(dir);
    expect(compileErrors(dir)).toEqual([
      expect.objectContaining({ code: "quarantine-without-drop-rules", location: expect.objectContaining({ file: "definitions/m.sqlx", line: 3 }) }),
    ]);
  });

  it("gives the uniqueKey assertion of an incremental model merging on that key a check of the merged keys, on every engine", () => {
    const dir = writeProject({
      "definitions/inc.sqlx": 'config { type: "incremental", uniqueKey: ["id", "day"], assertions: { uniqueKeys: [["day", "id"], ["id"]] } }\nSELECT 1 AS id, 2 AS day',
      "definitions/app.sqlx": 'config { type: "incremental", uniqueKey: ["id"], incrementalStrategy: "append", assertions: { uniqueKey: ["id"] } }\nSELECT 1 AS id',
      "definitions/tbl.sqlx": 'config { type: "table", assertions: { uniqueKey: ["id"] } }\nSELECT 1 AS id',
    });
    dirs.push(dir);
    const local = compileDir(dir);
    const sameKey = byId(local, "lake.audit.main_inc_assertions_uniqueKey_0");
    expect(sameKey.mergedKeysQuery).toContain('FROM "lake"."main"."inc" AS t\n  WHERE EXISTS (SELECT 1 FROM "lake"."_sluice"."main__inc__merged_keys" AS m WHERE m.day IS NOT DISTINCT FROM t.day AND m.id IS NOT DISTINCT FROM t.id)');
    expect(sameKey.query).not.toContain("merged_keys");
    // Another key, another strategy or a table: merged keys say nothing about it.
    expect(byId(local, "lake.audit.main_inc_assertions_uniqueKey_1").mergedKeysQuery).toBeUndefined();
    expect(byId(local, "lake.audit.main_app_assertions_uniqueKey_0").mergedKeysQuery).toBeUndefined();
    expect(byId(local, "lake.audit.main_tbl_assertions_uniqueKey_0").mergedKeysQuery).toBeUndefined();
    expect(byId(compileDir(dir, "prod"), "lake.audit.main_inc_assertions_uniqueKey_0").mergedKeysQuery).toContain("FROM `lake`.`_sluice`.`main__inc__merged_keys` AS m");
  });

  it("splits operations on --- lines and keeps js blocks' variables in scope", () => {
    const dir = writeProject({
      "definitions/ops.sqlx": 'config { type: "operations" }\njs { const t = "x"; }\nCREATE TABLE ${t} (a INT);\n---\nINSERT INTO ${t} VALUES (1);\n',
    });
    dirs.push(dir);
    expect(byId(compileDir(dir), "lake.main.ops")).toMatchObject({ queries: ["CREATE TABLE x (a INT);", "INSERT INTO x VALUES (1);"], hasOutput: false });
  });
});

describe("defaults", () => {
  it("compiles a SQLX file without a type as operations, like Dataform 3 (assertions/ files as assertions)", () => {
    const dir = writeProject({
      "definitions/a.sqlx": 'config { tags: ["x"] }\nSELECT 1 AS one',
      "definitions/b.sqlx": "SELECT 2 AS two",
      "assertions/c.sqlx": 'SELECT * FROM ${ref("b")} WHERE two <> 2',
    });
    dirs.push(dir);
    const graph = compileDir(dir);
    expect(byId(graph, "lake.main.a")).toMatchObject({ type: "operations", queries: ["SELECT 1 AS one"], hasOutput: false, tags: ["x"] });
    expect(byId(graph, "lake.main.b")).toMatchObject({ type: "operations", queries: ["SELECT 2 AS two"] });
    expect(byId(graph, "lake.audit.c")).toMatchObject({ type: "assertion", severity: "error", dependencies: ["lake.main.b"] });
  });
});

describe("cross-engine transfers", () => {
  it("carries the source's watermarkColumn and uniqueKey and is shared by every reader on the destination", () => {
    const dir = writeProject({
      "definitions/events.sqlx": 'config { type: "incremental", uniqueKey: ["id"], watermarkColumn: "ts" }\nSELECT 1 AS id, now() AS ts',
      "definitions/snowflake/a.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("events")}',
      "definitions/snowflake/b.sqlx": 'config { type: "table", dependencies: ["events"] }\nSELECT * FROM ${ref("events")} JOIN ${ref("a")} USING (id)',
    });
    dirs.push(dir);
    const graph = compileDir(dir);
    const transfers = graph.actions.filter((a) => a.type === "transfer");
    expect(transfers.map((t) => t.id)).toEqual(["wh.staging.events"]);
    expect(transfers[0].transfer).toEqual({
      source: "lake.main.events",
      sourceTarget: { database: "lake", schema: "main", name: "events" },
      sourceEngine: "duckdb",
      sourceTargetName: "lakehouse",
      watermarkColumn: "ts",
      uniqueKey: ["id"],
    });
    // `dependencies` orders without moving data: a plain edge to the source, besides the transfer.
    expect(byId(graph, "wh.main.b").dependencies).toEqual(["lake.main.events", "wh.staging.events", "wh.main.a"]);
  });

  it("reports an unknown name in config dependencies at the key", () => {
    const dir = writeProject({ "definitions/a.sqlx": 'config {\n  type: "table",\n  dependencies: ["missing_one"]\n}\nSELECT 1 AS id' });
    dirs.push(dir);
    let diagnostics: unknown;
    try {
      compileDir(dir);
    } catch (error) {
      diagnostics = (error as { diagnostics: unknown }).diagnostics;
    }
    expect(diagnostics).toEqual([
      { code: "unknown-ref", message: 'dependencies: unknown ref "missing_one"', hint: 'declare external tables with type: "declaration"', location: { file: "definitions/a.sqlx", line: 3, column: 3 } },
    ]);
  });
});
