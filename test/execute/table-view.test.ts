import { afterEach, describe, expect, it } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

describe("table strategy", () => {
  it("builds a table, then rebuilds it under a work name and swaps it in", async () => {
    project = makeProject();
    const model = action({ name: "numbers", query: "SELECT range AS n FROM range(5)" });
    const first = await runGraph({ graph: graphOf([model]), profile: project.profile });
    expect(first.actions[0]).toMatchObject({ status: "success", rowsAffected: 5 });
    expect(first.actions[0].statements.some((s) => s.startsWith("CREATE SCHEMA IF NOT EXISTS"))).toBe(true);

    const second = await runGraph({ graph: graphOf([{ ...model, query: "SELECT range AS n FROM range(8)" }]), profile: project.profile });
    expect(second.actions[0].status).toBe("success");
    expect(second.actions[0].statements.join("\n")).toMatch(/numbers__sluice_build" RENAME TO "numbers"/);
    expect(await project.rows(`SELECT count(*) AS n FROM lakehouse.silver.numbers`)).toEqual([{ n: 8 }]);
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%sluice_build%'`)).toEqual([]);
  });

  it("keeps the previous table readable and intact when the build fails half way", async () => {
    project = makeProject();
    const good = action({ name: "t", query: "SELECT range AS n, 'old' AS v FROM range(3)" });
    await runGraph({ graph: graphOf([good]), profile: project.profile });
    // error() fires only when row 1500 is reached: the build has produced rows before it fails.
    const bad = { ...good, query: "SELECT CASE WHEN range < 1500 THEN range ELSE error('boom at row 1500') END AS n, 'new' AS v FROM range(3000)" };
    const result = await runGraph({ graph: graphOf([bad]), profile: project.profile });
    expect(result.actions[0].status).toBe("failed");
    expect(result.actions[0].error?.message).toMatch(/boom at row 1500/);
    expect(result.actions[0].error?.fileName).toBe("definitions/silver/t.sqlx");
    expect(result.actions[0].attempts).toBe(1);
    expect(await project.rows(`SELECT n, v FROM lakehouse.silver.t ORDER BY n`)).toEqual([
      { n: 0, v: "old" },
      { n: 1, v: "old" },
      { n: 2, v: "old" },
    ]);
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%sluice%'`)).toEqual([]);
  });

  it("replaces a view of the same name with a table (and back) in one step", async () => {
    project = makeProject();
    const asView = action({ name: "m", type: "view", query: "SELECT 1 AS a" });
    await runGraph({ graph: graphOf([asView]), profile: project.profile });
    const asTable = { ...asView, type: "table" as const, query: "SELECT 2 AS a" };
    expect((await runGraph({ graph: graphOf([asTable]), profile: project.profile })).actions[0].status).toBe("success");
    expect(await project.rows(`SELECT table_type FROM information_schema.tables WHERE table_name = 'm'`)).toEqual([{ table_type: "BASE TABLE" }]);
    expect((await runGraph({ graph: graphOf([asView]), profile: project.profile })).actions[0].status).toBe("success");
    expect(await project.rows(`SELECT a FROM lakehouse.silver.m`)).toEqual([{ a: 1 }]);
  });

  it("runs preOps before and postOps after the build", async () => {
    project = makeProject();
    const model = action({
      name: "p",
      query: "SELECT count(*) AS seen FROM lakehouse.silver.log",
      preOps: ["CREATE TABLE IF NOT EXISTS lakehouse.silver.log (step VARCHAR)", "INSERT INTO lakehouse.silver.log VALUES ('pre')"],
      postOps: ["INSERT INTO lakehouse.silver.log SELECT 'post:' || seen FROM lakehouse.silver.p"],
    });
    expect((await runGraph({ graph: graphOf([model]), profile: project.profile })).actions[0].status).toBe("success");
    expect(await project.rows(`SELECT step FROM lakehouse.silver.log ORDER BY step DESC`)).toEqual([{ step: "pre" }, { step: "post:1" }]);
  });
});

describe("view, operations and declaration strategies", () => {
  it("creates or replaces a view, runs operations in order, checks declarations", async () => {
    project = makeProject();
    await project.exec(`CREATE SCHEMA lakehouse.bronze; CREATE TABLE lakehouse.bronze.src AS SELECT 1 AS id`);
    const source = action({ name: "src", schema: "bronze", type: "declaration" });
    const view = action({ name: "v", type: "view", query: "SELECT id * 10 AS x FROM lakehouse.bronze.src", dependencies: [source.id] });
    const ops = action({
      name: "ops",
      type: "operations",
      hasOutput: false,
      queries: ["CREATE TABLE lakehouse.silver.audit_log (i INTEGER)", "INSERT INTO lakehouse.silver.audit_log SELECT x FROM lakehouse.silver.v"],
      dependencies: [view.id],
    });
    const results = await runGraph({ graph: graphOf([source, view, ops]), profile: project.profile, }, { concurrency: 4 });
    expect(results.actions.map((a) => a.status)).toEqual(["success", "success", "success"]);
    expect(await project.rows(`SELECT i FROM lakehouse.silver.audit_log`)).toEqual([{ i: 10 }]);
    await project.exec(`UPDATE lakehouse.bronze.src SET id = 2`);
    expect(await project.rows(`SELECT x FROM lakehouse.silver.v`)).toEqual([{ x: 20 }]);
  });

  it("fails a declaration of a missing relation with a clear error and skips what reads it", async () => {
    project = makeProject();
    const missing = action({ name: "nowhere", schema: "bronze", type: "declaration", line: 3 });
    const reader = action({ name: "r", query: "SELECT * FROM lakehouse.bronze.nowhere", dependencies: [missing.id] });
    const results = await runGraph({ graph: graphOf([missing, reader]), profile: project.profile });
    expect(results.actions[0]).toMatchObject({ status: "failed", error: { fileName: "definitions/bronze/nowhere.sqlx", line: 3 } });
    expect(results.actions[0].error?.message).toMatch(/declared source lakehouse\.bronze\.nowhere does not exist on target "lakehouse"/);
    expect(results.actions[1]).toMatchObject({ status: "skipped", skippedBecause: missing.id, statements: [] });
  });
});
