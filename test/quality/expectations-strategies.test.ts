import { afterEach, describe, expect, it } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { formatSummary } from "../../src/execute/progress.js";
import type { Expectation } from "../../src/graph/schema.js";
import { action, graphOf, makeProject, type TestProject } from "../execute/fixture.js";

/**
 * Expectations and stored failures through the real strategies and runner: drop rules quarantine
 * (with the rules broken), fail rules stop the model with the target as it was, views reject rules
 * that would have to move rows, and failed assertions keep their rows in the audit schema.
 */
let project: TestProject;
afterEach(() => project?.cleanup());

const RULES: Expectation[] = [
  { name: "id_not_null", condition: "id IS NOT NULL", action: "drop" },
  { name: "value_in_range", condition: "v BETWEEN 0 AND 100", action: "drop" },
  { name: "tagged", condition: "tag IS NOT NULL", action: "warn" },
];

async function source(rows: string): Promise<void> {
  await project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.raw`);
  await project.exec(`CREATE OR REPLACE TABLE lakehouse.raw.src AS SELECT * FROM (VALUES ${rows}) AS t(id, v, tag)`);
}

const run = (models: ReturnType<typeof action>[]) => runGraph({ graph: graphOf(models), profile: project.profile }, { resultsPath: false });
const leftovers = () => project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%sluice%' OR table_name LIKE '%__dq'`);

describe("expectations in the table strategy", () => {
  it("drops violating rows to quarantine with the rules they broke, counts warn rules, and replaces the quarantine on a rebuild", async () => {
    project = makeProject();
    await source(`(1, 10, 'a'), (2, 500, 'b'), (NULL, -1, 'c'), (4, 20, NULL), (5, NULL, 'e')`);
    const model = action({ name: "readings", query: "SELECT * FROM lakehouse.raw.src", expectations: RULES });
    for (let build = 0; build < 2; build++) {
      const results = await run([model]);
      // The run's closing summary says rows were set aside, and where.
      expect(formatSummary(results)).toMatch(/quarantined this run: rows of 1 model\(s\) that broke drop rules \(readings\); see the \*_quarantine tables/);
      const [result] = results.actions;
      expect(result.status, result.error?.message).toBe("success");
      expect(result.rowsAffected).toBe(2);
      expect(result.expectations).toEqual({
        id_not_null: { action: "drop", violations: 1 },
        value_in_range: { action: "drop", violations: 3 },
        tagged: { action: "warn", violations: 1 },
      });
      expect(await project.rows(`SELECT id FROM lakehouse.silver.readings ORDER BY id`)).toEqual([{ id: 1 }, { id: 4 }]);
      // The same three rows after the second build: the quarantine is replaced, not appended to.
      expect(await project.rows(`SELECT id, v, _failed_rules FROM lakehouse.audit.readings_quarantine ORDER BY id NULLS LAST`)).toEqual([
        { id: 2, v: 500, _failed_rules: "value_in_range" },
        { id: 5, v: null, _failed_rules: "value_in_range" },
        { id: null, v: -1, _failed_rules: "id_not_null,value_in_range" },
      ]);
    }
    expect(await leftovers()).toEqual([]);
  });

  it("stops on a fail rule and leaves the target and its quarantine as they were", async () => {
    project = makeProject();
    const rules: Expectation[] = [...RULES, { name: "small_ids", condition: "id < 100", action: "fail" }];
    const model = action({ name: "readings", query: "SELECT * FROM lakehouse.raw.src", expectations: rules });
    await source(`(1, 10, 'a'), (2, 500, 'b')`);
    expect((await run([model])).actions[0].status).toBe("success");

    await source(`(1, 11, 'a'), (3, 700, 'c'), (200, 30, 'x')`);
    const [failed] = (await run([model])).actions;
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("expectation-failed");
    expect(failed.error?.message).toMatch(/small_ids.*1 row\(s\).*left unchanged/);
    expect(await project.rows(`SELECT id, v FROM lakehouse.silver.readings`)).toEqual([{ id: 1, v: 10 }]);
    expect(await project.rows(`SELECT id FROM lakehouse.audit.readings_quarantine`)).toEqual([{ id: 2 }]);
    expect(await leftovers()).toEqual([]);
  });
});

describe("expectations in the incremental strategy", () => {
  const incremental = (expectations: Expectation[]) =>
    action({
      name: "events",
      type: "incremental",
      uniqueKey: ["id"],
      query: "SELECT * FROM lakehouse.raw.src",
      incrementalQuery: "SELECT * FROM lakehouse.raw.src WHERE id > (SELECT max(id) FROM lakehouse.silver.events)",
      expectations,
    });

  it("appends dropped rows of each batch to quarantine and merges only the kept rows", async () => {
    project = makeProject();
    const model = incremental(RULES);
    await source(`(1, 10, 'a'), (2, 500, 'b'), (3, 30, 'c')`);
    expect((await run([model])).actions[0].status).toBe("success");
    await source(`(1, 10, 'a'), (2, 500, 'b'), (3, 30, 'c'), (4, -5, 'd'), (5, 50, NULL), (6, 60, 'f')`);
    const [second] = (await run([model])).actions;
    expect(second.status, second.error?.message).toBe("success");
    expect(second.expectations).toEqual({
      id_not_null: { action: "drop", violations: 0 },
      value_in_range: { action: "drop", violations: 1 },
      tagged: { action: "warn", violations: 1 },
    });
    expect(await project.rows(`SELECT id FROM lakehouse.silver.events ORDER BY id`)).toEqual([{ id: 1 }, { id: 3 }, { id: 5 }, { id: 6 }]);
    expect(await project.rows(`SELECT id, _failed_rules FROM lakehouse.audit.events_quarantine ORDER BY id`)).toEqual([
      { id: 2, _failed_rules: "value_in_range" },
      { id: 4, _failed_rules: "value_in_range" },
    ]);
  });

  it("a dropped row replaces its key's row with nothing, so the incremental table equals a full rebuild keeping each key's newest copy", async () => {
    project = makeProject();
    // The model keeps the newest copy of each id (highest seq); the batch is what arrived after the last run.
    const newest = (from: string) => `SELECT id, v, tag FROM ${from} QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq DESC) = 1`;
    const model = action({
      name: "events",
      type: "incremental",
      uniqueKey: ["id"],
      query: newest("lakehouse.raw.src"),
      incrementalQuery: newest("lakehouse.raw.src WHERE seq > 2"),
      expectations: RULES,
    });
    const land = (rows: string) => project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.raw; CREATE OR REPLACE TABLE lakehouse.raw.src AS SELECT * FROM (VALUES ${rows}) AS t(seq, id, v, tag)`);
    await land(`(1, 1, 10, 'a'), (2, 2, 20, 'b')`);
    expect((await run([model])).actions[0].status).toBe("success");
    // A late copy of id 1 whose value is out of range, and a new id 3.
    await land(`(1, 1, 10, 'a'), (2, 2, 20, 'b'), (3, 1, 999, 'late'), (4, 3, 30, 'c')`);
    const [second] = (await run([model])).actions;
    expect(second.status, second.error?.message).toBe("success");
    const incrementalRows = await project.rows(`SELECT id, v FROM lakehouse.silver.events ORDER BY id`);
    expect(incrementalRows).toEqual([{ id: 2, v: 20 }, { id: 3, v: 30 }]);
    expect(await project.rows(`SELECT id, v FROM lakehouse.audit.events_quarantine`)).toEqual([{ id: 1, v: 999 }]);
    const [full] = (await runGraph({ graph: graphOf([model]), profile: project.profile }, { resultsPath: false, fullRefresh: true })).actions;
    expect(full.status).toBe("success");
    expect(await project.rows(`SELECT id, v FROM lakehouse.silver.events ORDER BY id`)).toEqual(incrementalRows);
  });

  it("rolls the whole batch back on a fail rule: no merge, no quarantine rows, no state change", async () => {
    project = makeProject();
    const model = incremental([...RULES, { name: "small_ids", condition: "id < 100", action: "fail" }]);
    await source(`(1, 10, 'a')`);
    expect((await run([model])).actions[0].status).toBe("success");
    const stateBefore = await project.rows(`SELECT count(*) AS n FROM lakehouse._sluice.action_state`);
    await source(`(2, 20, 'b'), (3, 999, 'c'), (300, 5, 'x')`);
    const [failed] = (await run([model])).actions;
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("expectation-failed");
    expect(await project.rows(`SELECT id FROM lakehouse.silver.events`)).toEqual([{ id: 1 }]);
    // The quarantine table is there (a model with drop rules always has one) and holds no row.
    expect(await project.rows(`SELECT count(*) AS n FROM lakehouse.audit.events_quarantine`)).toEqual([{ n: 0 }]);
    expect(await project.rows(`SELECT count(*) AS n FROM lakehouse._sluice.action_state`)).toEqual(stateBefore);
    expect(await leftovers()).toEqual([]);
  });
});

describe("expectations on views", () => {
  it("rejects drop and fail rules before creating anything, and counts warn rules", async () => {
    project = makeProject();
    await source(`(1, 10, 'a'), (2, 500, NULL)`);
    const dropping = action({ name: "v_readings", type: "view", query: "SELECT * FROM lakehouse.raw.src", expectations: RULES });
    const [rejected] = (await run([dropping])).actions;
    expect(rejected.status).toBe("failed");
    expect(rejected.error?.code).toBe("expectation-config");
    expect(rejected.error?.message).toMatch(/"id_not_null" \(drop\).*a view stores no rows/);
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name = 'v_readings'`)).toEqual([]);

    const warning = { ...dropping, expectations: RULES.filter((e) => e.action === "warn") };
    const [counted] = (await run([warning])).actions;
    expect(counted.status, counted.error?.message).toBe("success");
    expect(counted.expectations).toEqual({ tagged: { action: "warn", violations: 1 } });
  });
});

describe("stored failures in the assertion strategy", () => {
  it("keeps the violating rows of a failed assertion and drops the copy once it passes", async () => {
    project = makeProject();
    await source(`(1, 10, 'a'), (2, 500, 'b'), (3, 700, 'c')`);
    const check = action({ name: "values_small", schema: "audit", type: "assertion", query: "SELECT id, v FROM lakehouse.raw.src WHERE v > 100" });
    const [failed] = (await run([check])).actions;
    expect(failed.status).toBe("failed");
    expect(failed.assertion?.violations).toBe(2);
    expect(failed.message).toMatch(/values_small_failures/);
    expect(await project.rows(`SELECT id, v FROM lakehouse.audit.values_small_failures ORDER BY id`)).toEqual([
      { id: 2, v: 500 },
      { id: 3, v: 700 },
    ]);
    const [logged] = await project.rows(`SELECT violation_count, reproduce_query FROM lakehouse.audit.assertion_failures`);
    expect(Number(logged.violation_count)).toBe(2);
    expect(String(logged.reproduce_query)).toContain("WHERE v > 100");

    await source(`(1, 10, 'a')`);
    const [passed] = (await run([check])).actions;
    expect(passed.status).toBe("success");
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name = 'values_small_failures'`)).toEqual([]);
    // The log keeps the history.
    expect(await project.rows(`SELECT count(*) AS n FROM lakehouse.audit.assertion_failures`)).toEqual([{ n: 1 }]);
  });
});

describe("a drop rule whose condition is not deterministic", () => {
  it("is caught by the totals check and rolls the batch back instead of losing or doubling rows", async () => {
    project = makeProject();
    await project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.raw`);
    await project.exec(`CREATE TABLE lakehouse.raw.src AS SELECT range AS id, range % 100 AS v, 'x' AS tag FROM range(20000)`);
    const coinFlip: Expectation[] = [{ name: "lucky", condition: "random() < 0.5", action: "drop" }];
    const model = action({ name: "flips", query: "SELECT * FROM lakehouse.raw.src", expectations: coinFlip });
    const [result] = (await run([model])).actions;
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("expectation-nondeterministic");
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('flips', 'flips_quarantine')`)).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });
});
