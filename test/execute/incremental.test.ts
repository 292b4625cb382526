import { afterEach, describe, expect, it } from "vitest";
import type { Action } from "../../src/graph/schema.js";
import { runGraph } from "../../src/execute/run.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

/** The incremental model reads whatever rows the test puts into lakehouse.bronze.batch before each run. */
async function setBatch(rowsSql: string): Promise<void> {
  await project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.bronze; CREATE OR REPLACE TABLE lakehouse.bronze.batch AS ${rowsSql}`);
}

function model(extra: Partial<Action> = {}): Action {
  return action({ name: "inc", type: "incremental", query: "SELECT * FROM lakehouse.bronze.batch", ...extra });
}

async function run(m: Action, options: { fullRefresh?: boolean } = {}) {
  const results = await runGraph({ graph: graphOf([m]), profile: project.profile }, options);
  return results.actions[0];
}

const table = () => project.rows(`SELECT * FROM lakehouse.silver.inc ORDER BY ALL`);

describe("incremental strategy", () => {
  it("merge: first run builds the whole table, the next updates matched keys and inserts new ones", async () => {
    project = makeProject();
    const m = model({ uniqueKey: ["id"], incrementalStrategy: "merge" });
    await setBatch(`SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(id, v)`);
    expect(await run(m)).toMatchObject({ status: "success", rowsAffected: 3 });
    await setBatch(`SELECT * FROM (VALUES (2, 'B'), (4, 'd')) t(id, v)`);
    const second = await run(m);
    expect(second).toMatchObject({ status: "success", rowsAffected: 2 });
    expect(second.statements.some((s) => s.startsWith("MERGE INTO"))).toBe(true);
    expect(await table()).toEqual([
      { id: 1, v: "a" },
      { id: 2, v: "B" },
      { id: 3, v: "c" },
      { id: 4, v: "d" },
    ]);
    // The work table is gone, and the state store remembers the incremental run.
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%sluice_incr%'`)).toEqual([]);
    const [full, incremental] = (
      await project.rows(`SELECT extra FROM lakehouse._sluice.action_state WHERE action_id = 'lakehouse.silver.inc' ORDER BY written_at`)
    ).map((row) => JSON.parse(String(row.extra)));
    expect(full).toEqual({ mode: "full", changedIn: expect.any(String) });
    // Each run that changes rows names the one that changed them before, so an assertion can tell
    // whether it saw the table this run found.
    expect(incremental).toEqual({ mode: "incremental", strategy: "merge", changedIn: expect.any(String), changedBefore: full.changedIn });
    expect(incremental.changedIn).not.toBe(full.changedIn);
  });

  it("merge: a key with a NULL part matches itself on the next run instead of piling up", async () => {
    project = makeProject();
    const m = model({ uniqueKey: ["id", "part"], incrementalStrategy: "merge" });
    await setBatch(`SELECT * FROM (VALUES (1, NULL, 'a'), (2, 'x', 'b')) t(id, part, v)`);
    await run(m);
    await setBatch(`SELECT * FROM (VALUES (1, CAST(NULL AS VARCHAR), 'A')) t(id, part, v)`);
    const second = await run(m);
    expect(second.error?.message).toBeUndefined();
    expect(second.status).toBe("success");
    expect(await table()).toEqual([
      { id: 1, part: null, v: "A" },
      { id: 2, part: "x", v: "b" },
    ]);
  });

  it("merge: duplicate source keys are rejected and the table is left unchanged", async () => {
    project = makeProject();
    const m = model({ uniqueKey: ["id"] });
    await setBatch(`SELECT * FROM (VALUES (1, 'a')) t(id, v)`);
    await run(m);
    await setBatch(`SELECT * FROM (VALUES (1, 'x'), (1, 'y'), (5, 'e')) t(id, v)`);
    const result = await run(m);
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/repeat uniqueKey \(id\) values, e\.g\. \(id=1: 2 rows\)/);
    expect(await table()).toEqual([{ id: 1, v: "a" }]);
  });

  it("append adds the new rows", async () => {
    project = makeProject();
    const m = model({ incrementalStrategy: "append" });
    await setBatch(`SELECT 1 AS id`);
    await run(m);
    await setBatch(`SELECT 1 AS id UNION ALL SELECT 2`);
    expect(await run(m)).toMatchObject({ status: "success", rowsAffected: 2 });
    expect(await table()).toEqual([{ id: 1 }, { id: 1 }, { id: 2 }]);
  });

  it("insert_overwrite replaces exactly the partitions present in the new rows", async () => {
    project = makeProject();
    const m = model({ incrementalStrategy: "insert_overwrite", partitionBy: ["day"] });
    await setBatch(`SELECT * FROM (VALUES ('d1', 1), ('d1', 2), ('d2', 3), ('d3', 4)) t(day, x)`);
    await run(m);
    await setBatch(`SELECT * FROM (VALUES ('d2', 30), ('d2', 31), ('d4', 40)) t(day, x)`);
    expect(await run(m)).toMatchObject({ status: "success", rowsAffected: 3 });
    expect(await table()).toEqual([
      { day: "d1", x: 1 },
      { day: "d1", x: 2 },
      { day: "d2", x: 30 },
      { day: "d2", x: 31 },
      { day: "d3", x: 4 },
      { day: "d4", x: 40 },
    ]);
  });

  it("delete_insert deletes rows with matching keys, then inserts", async () => {
    project = makeProject();
    const m = model({ incrementalStrategy: "delete_insert", uniqueKey: ["k"] });
    await setBatch(`SELECT * FROM (VALUES (1, 'a'), (1, 'a2'), (2, 'b')) t(k, v)`);
    await run(m);
    await setBatch(`SELECT * FROM (VALUES (1, 'z'), (3, 'c')) t(k, v)`);
    expect((await run(m)).status).toBe("success");
    expect(await table()).toEqual([
      { k: 1, v: "z" },
      { k: 2, v: "b" },
      { k: 3, v: "c" },
    ]);
  });

  it("uses incrementalQuery and incrementalPreOps on later runs, preOps and the full query on the first and on --full-refresh", async () => {
    project = makeProject();
    await setBatch(`SELECT range AS id FROM range(3)`);
    const m = model({
      uniqueKey: ["id"],
      incrementalQuery: "SELECT * FROM lakehouse.bronze.batch WHERE id > (SELECT max(id) FROM lakehouse.silver.inc)",
      preOps: ["CREATE OR REPLACE TABLE lakehouse.bronze.ops AS SELECT 'full' AS mode"],
      incrementalPreOps: ["CREATE OR REPLACE TABLE lakehouse.bronze.ops AS SELECT 'incremental' AS mode"],
    });
    await run(m);
    expect(await project.rows(`SELECT mode FROM lakehouse.bronze.ops`)).toEqual([{ mode: "full" }]);
    await setBatch(`SELECT range AS id FROM range(5)`);
    expect(await run(m)).toMatchObject({ status: "success", rowsAffected: 2 });
    expect(await project.rows(`SELECT mode FROM lakehouse.bronze.ops`)).toEqual([{ mode: "incremental" }]);
    await setBatch(`SELECT range AS id FROM range(2)`);
    expect(await run(m, { fullRefresh: true })).toMatchObject({ status: "success", rowsAffected: 2 });
    expect(await table()).toEqual([{ id: 0 }, { id: 1 }]);
    expect(await project.rows(`SELECT mode FROM lakehouse.bronze.ops`)).toEqual([{ mode: "full" }]);
  });
});

describe("onSchemaChange", () => {
  async function seed(m: Action) {
    await setBatch(`SELECT * FROM (VALUES (1, 'a', 10)) t(id, v, old_col)`);
    await run(m);
    // New rows: old_col gone, id retyped to VARCHAR, new_col added.
    await setBatch(`SELECT * FROM (VALUES ('2', 'b', true)) t(id, v, new_col)`);
  }

  it("fail (the default) lists added, removed and retyped columns and changes nothing", async () => {
    project = makeProject();
    const m = model({ incrementalStrategy: "append" });
    await seed(m);
    const result = await run(m);
    expect(result.status).toBe("failed");
    expect(result.error?.message).toContain("added new_col BOOLEAN; removed old_col INTEGER; retyped id INTEGER -> VARCHAR");
    expect(await table()).toEqual([{ id: 1, v: "a", old_col: 10 }]);
  });

  it("append_new_columns adds new columns and keeps removed ones (NULL for new rows)", async () => {
    project = makeProject();
    const m = model({ incrementalStrategy: "append", onSchemaChange: "append_new_columns" });
    await seed(m);
    expect((await run(m)).status).toBe("success");
    expect(await project.rows(`SELECT id, v, old_col, new_col FROM lakehouse.silver.inc ORDER BY id`)).toEqual([
      { id: 1, v: "a", old_col: 10, new_col: null },
      { id: 2, v: "b", old_col: null, new_col: true },
    ]);
  });

  it("sync adds, drops and retypes columns to match the new rows", async () => {
    project = makeProject();
    const m = model({ incrementalStrategy: "append", onSchemaChange: "sync" });
    await seed(m);
    expect((await run(m)).status).toBe("success");
    expect(await project.rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'inc' ORDER BY column_name`)).toEqual([
      { column_name: "id", data_type: "VARCHAR" },
      { column_name: "new_col", data_type: "BOOLEAN" },
      { column_name: "v", data_type: "VARCHAR" },
    ]);
    expect(await project.rows(`SELECT id, v, new_col FROM lakehouse.silver.inc ORDER BY id`)).toEqual([
      { id: "1", v: "a", new_col: null },
      { id: "2", v: "b", new_col: true },
    ]);
  });
});
