import { afterEach, describe, expect, it } from "vitest";
import type { Action } from "../../src/graph/schema.js";
import { runGraph } from "../../src/execute/run.js";
import { uniqueKeyMergedSql, uniqueKeySql } from "../../src/compile/builtin-assertions.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

/**
 * The uniqueKey assertion of an incremental model that merges on that key checks only the keys
 * merged in the run, as long as its previous check saw the table the model's previous run left.
 */
let project: TestProject;
afterEach(() => project?.cleanup());

const model = action({ name: "inc", type: "incremental", query: "SELECT * FROM lakehouse.bronze.batch", uniqueKey: ["id"], incrementalStrategy: "merge" });
const relation = `"lakehouse"."silver"."inc"`;
const check: Action = action({
  name: "silver_inc_assertions_uniqueKey_0",
  schema: "audit",
  type: "assertion",
  query: uniqueKeySql(relation, ["id"]),
  mergedKeysQuery: uniqueKeyMergedSql(relation, ["id"], `"lakehouse"."_sluice"."silver__inc__merged_keys"`),
  parentAction: model.id,
  dependencies: [model.id],
  dependencyTargets: [model.target],
  severity: "error",
});

async function setBatch(rowsSql: string): Promise<void> {
  await project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.bronze; CREATE OR REPLACE TABLE lakehouse.bronze.batch AS ${rowsSql}`);
}

async function run(actions: Action[] = [model, check], options: { fullRefresh?: boolean } = {}) {
  const results = await runGraph({ graph: graphOf(actions), profile: project.profile }, options);
  return results.actions.find((a) => a.id === check.id);
}

const scopeOf = (result: Awaited<ReturnType<typeof run>>) => {
  const sql = result?.statements.find((s) => s.startsWith("SELECT COUNT(*) AS violations")) ?? "";
  return sql.includes("silver__inc__merged_keys") ? "merged keys" : "whole table";
};

describe("uniqueKey assertion of an incremental merge model", () => {
  it("checks the whole table after a full build, then only the merged keys; a failure or a break in the chain brings the whole check back", async () => {
    project = makeProject();
    await setBatch(`SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(id, v)`);
    const first = await run();
    expect(first).toMatchObject({ status: "success", assertion: { violations: 0 } });
    expect(scopeOf(first)).toBe("whole table");

    await setBatch(`SELECT * FROM (VALUES (2, 'B'), (4, 'd')) t(id, v)`);
    const second = await run();
    expect(second).toMatchObject({ status: "success", assertion: { violations: 0 } });
    expect(scopeOf(second)).toBe("merged keys");
    expect(second?.message).toMatch(/checked only the keys lakehouse\.silver\.inc merged last/);
    expect(await project.rows(`SELECT id FROM lakehouse._sluice.silver__inc__merged_keys ORDER BY id`)).toEqual([{ id: 2 }, { id: 4 }]);

    // Rows written outside the pipeline duplicate key 1 (not merged next) and key 4 (merged next).
    await project.exec(`INSERT INTO lakehouse.silver.inc VALUES (1, 'x'), (4, 'x')`);
    await setBatch(`SELECT * FROM (VALUES (4, 'D'), (5, 'e')) t(id, v)`);
    const third = await run();
    expect(scopeOf(third)).toBe("merged keys");
    // Only the merged key is seen: the limit of a scoped check, which the failure then lifts.
    expect(third).toMatchObject({ status: "failed", assertion: { violations: 1 } });

    await setBatch(`SELECT * FROM (VALUES (6, 'f')) t(id, v)`);
    const fourth = await run();
    expect(scopeOf(fourth)).toBe("whole table");
    expect(fourth).toMatchObject({ status: "failed", assertion: { violations: 2 } });

    // The merge updated both rows of key 4; one of each pair goes.
    await project.exec(`DELETE FROM lakehouse.silver.inc WHERE id IN (1, 4); INSERT INTO lakehouse.silver.inc VALUES (1, 'a'), (4, 'D')`);
    await setBatch(`SELECT * FROM (VALUES (7, 'g')) t(id, v)`);
    const fifth = await run();
    expect(scopeOf(fifth)).toBe("whole table");
    expect(fifth).toMatchObject({ status: "success", assertion: { violations: 0 } });

    // A run of the model without its assertion leaves merged keys nobody checked.
    await setBatch(`SELECT * FROM (VALUES (8, 'h')) t(id, v)`);
    await run([model]);
    await setBatch(`SELECT * FROM (VALUES (9, 'i')) t(id, v)`);
    expect(scopeOf(await run())).toBe("whole table");
    await setBatch(`SELECT * FROM (VALUES (10, 'j')) t(id, v)`);
    expect(scopeOf(await run())).toBe("merged keys");

    // A run that merges nothing changes no table, so skipping its check breaks no chain (what a
    // --changed-only run does: the assertion is up to date).
    await setBatch(`SELECT * FROM (VALUES (10, 'j')) t(id, v) WHERE false`);
    await run([model]);
    await setBatch(`SELECT * FROM (VALUES (11, 'k')) t(id, v)`);
    expect(scopeOf(await run())).toBe("merged keys");

    // A full refresh rebuilds the table: the whole table is checked.
    expect(scopeOf(await run([model, check], { fullRefresh: true }))).toBe("whole table");
  });

  it("a run that changed the table but failed before storing its state brings the whole check back", async () => {
    project = makeProject();
    await setBatch(`SELECT 1 AS id, 'a' AS v`);
    await run();
    // The merge commits; then a post-operation writes a duplicate of key 1 and the next one fails.
    const failing = { ...model, incrementalPostOps: ["INSERT INTO lakehouse.silver.inc VALUES (1, 'dup')", "SELECT error('post-op failed')"] };
    await setBatch(`SELECT 2 AS id, 'b' AS v`);
    const results = await runGraph({ graph: graphOf([failing, check]), profile: project.profile });
    expect(results.actions.map((a) => a.status)).toEqual(["failed", "skipped"]);
    await setBatch(`SELECT 3 AS id, 'c' AS v`);
    const next = await run();
    expect(scopeOf(next)).toBe("whole table");
    expect(next).toMatchObject({ status: "failed", assertion: { violations: 1 } });
  });

  it("a changed assertion checks the whole table", async () => {
    project = makeProject();
    await setBatch(`SELECT 1 AS id, 'a' AS v`);
    await run();
    await setBatch(`SELECT 2 AS id, 'b' AS v`);
    expect(scopeOf(await run())).toBe("merged keys");
    const changed = { ...check, fingerprint: { data: "fp-changed", metadata: "m" } };
    await setBatch(`SELECT 3 AS id, 'c' AS v`);
    const result = (await runGraph({ graph: graphOf([model, changed]), profile: project.profile })).actions.find((a) => a.id === check.id);
    expect(scopeOf(result)).toBe("whole table");
  });
});
