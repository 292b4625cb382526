import { describe, expect, it } from "vitest";
import type { CompiledGraph, TestCase } from "../../src/graph/schema.js";
import { compareRows, formatRowDiff, valuesEqual } from "../../src/quality/row-diff.js";
import { openSandbox } from "../../src/quality/sandbox.js";
import { formatUnitTestReport, hasTopLevelOrderBy, runUnitTest, runUnitTests } from "../../src/quality/unit-tests.js";

const fixture = `SELECT * FROM (VALUES (1, 'c', 20.0), (1, 'c', 20.0), (2, 'f', 68.0), (3, 'k', 300.0)) AS r(sensor_id, unit, value)`;
// A model under test: dedup + unit normalisation to celsius, with its ref replaced by the fixture.
const modelQuery = `SELECT DISTINCT sensor_id,
  CASE unit WHEN 'f' THEN (value - 32) * 5 / 9 WHEN 'k' THEN value - 273.15 ELSE value END AS celsius
FROM (${fixture}) AS raw`;

function testCase(name: string, expectedOutputQuery: string, testQuery = modelQuery): TestCase {
  return {
    name,
    fileName: `definitions/tests/${name}.sqlx`,
    dataset: "silver.readings_clean",
    inputs: [{ target: { schema: "bronze", name: "readings" }, query: fixture }],
    testQuery,
    expectedOutputQuery,
  };
}

describe("unit tests on an in-memory DuckDB", () => {
  it("passes when the output equals the expected rows in any order, with float tolerance", async () => {
    // 26.85 is not exactly 300 - 273.15 in binary floating point; the tolerance accepts it.
    const result = await runUnitTest(
      testCase("normalises_units", `SELECT * FROM (VALUES (3, 26.85::DOUBLE), (1, 20.0), (2, 20.0)) AS e(sensor_id, celsius)`),
    );
    expect(result.error).toBeUndefined();
    expect(result.passed).toBe(true);
  });

  it("fails with missing, extra and changed rows", async () => {
    const expected = `SELECT * FROM (VALUES (1, 20.0), (2, 21.0), (4, 5.0)) AS e(sensor_id, celsius)`;
    const result = await runUnitTest(testCase("wrong_expectation", expected));
    expect(result.passed).toBe(false);
    expect(result.diff?.missing).toEqual([{ sensor_id: 4, celsius: 5 }]);
    expect(result.diff?.extra.map((r) => r.sensor_id)).toEqual([3]);
    expect(result.diff?.changed).toMatchObject([{ key: { sensor_id: 2 }, columns: ["celsius"] }]);
    const report = formatUnitTestReport([result]);
    expect(report).toContain("FAIL  wrong_expectation");
    expect(report).toContain("missing rows (expected, not produced) (1):\n      - {sensor_id: 4, celsius: 5}");
    expect(report).toMatch(/extra rows \(produced, not expected\) \(1\):\n\s+\+ \{sensor_id: 3, celsius: 26\.85/);
    expect(report).toContain("changed rows (1):\n      ~ sensor_id=2: celsius: expected 21, got 20");
    expect(report).toContain("0 passed, 1 failed (1 unit test)");
  });

  it("duplicates count: a multiset, not a set", async () => {
    const result = await runUnitTest(
      testCase("keeps_duplicates", `SELECT * FROM (VALUES (1), (1), (2)) AS e(sensor_id)`, `SELECT sensor_id FROM (VALUES (1), (2), (2)) AS r(sensor_id)`),
    );
    expect(result.passed).toBe(false);
    expect(result.diff?.missing).toEqual([{ sensor_id: 1 }]);
    expect(result.diff?.extra).toEqual([{ sensor_id: 2 }]);
  });

  it("column names must match", async () => {
    const result = await runUnitTest(testCase("renamed", `SELECT * FROM (VALUES (1, 20.0)) AS e(sensor_id, temp_c)`));
    expect(result.passed).toBe(false);
    expect(result.diff?.missingColumns).toEqual(["temp_c"]);
    expect(result.diff?.extraColumns).toEqual(["celsius"]);
    expect(formatUnitTestReport([result])).toContain("missing columns: temp_c\n    unexpected columns: celsius");
  });

  it("checks the order only when the expected query has a top-level ORDER BY", async () => {
    const query = `SELECT * FROM (VALUES (2), (1)) AS r(id) ORDER BY id DESC`;
    const unordered = await runUnitTest(testCase("any_order", `SELECT * FROM (VALUES (1), (2)) AS e(id)`, query));
    expect(unordered.passed).toBe(true);
    const ordered = await runUnitTest(testCase("ascending", `SELECT * FROM (VALUES (2), (1)) AS e(id) ORDER BY id`, query));
    expect(ordered.passed).toBe(false);
    expect(ordered.diff?.orderDiffersAt).toBe(1);
    expect(hasTopLevelOrderBy(`SELECT ROW_NUMBER() OVER (ORDER BY a) FROM t`)).toBe(false);
    expect(hasTopLevelOrderBy(`SELECT 'order by' AS x -- order by\nFROM t`)).toBe(false);
    expect(hasTopLevelOrderBy(`SELECT a FROM (SELECT a FROM t ORDER BY a) AS s ORDER BY a`)).toBe(true);
  });

  it("reports a query that reads a real table as an error with a hint, without touching anything", async () => {
    const result = await runUnitTest(testCase("unmocked_ref", `SELECT 1 AS sensor_id`, `SELECT sensor_id FROM silver.readings`));
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(/the model's query on the fixtures failed: Catalog Error/);
    expect(result.error).toContain("give every table the model reads an input fixture");
  });

  it("runUnitTests pairs changed rows by the model's uniqueKey", async () => {
    const graph = {
      actions: [{ id: "silver.readings_clean", uniqueKey: ["sensor_id", "unit"] }],
      tests: [
        testCase(
          "by_key",
          `SELECT * FROM (VALUES ('a', 'c', 1.0), ('a', 'f', 2.0)) AS e(sensor_id, unit, v)`,
          `SELECT * FROM (VALUES ('a', 'c', 1.0), ('a', 'f', 3.0)) AS r(sensor_id, unit, v)`,
        ),
      ],
    } as unknown as CompiledGraph;
    const [result] = await runUnitTests(graph);
    expect(result.diff?.changed).toMatchObject([{ key: { sensor_id: "a", unit: "f" }, columns: ["v"] }]);
  });
});

describe("sandbox", () => {
  it("gives every test its own empty database", async () => {
    const first = await openSandbox();
    const second = await openSandbox();
    try {
      await first.execute(`CREATE SCHEMA s`);
      await first.execute(`CREATE TABLE s.t AS SELECT 1 AS a`);
      expect(await first.describeRelation({ schema: "s", name: "t" })).not.toBeNull();
      expect(await second.describeRelation({ schema: "s", name: "t" })).toBeNull();
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("row comparison", () => {
  it("compares numbers with a relative tolerance, dates with their text form", () => {
    expect(valuesEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(valuesEqual(1e12 + 0.5, 1e12 + 0.5000001)).toBe(true);
    expect(valuesEqual(1e12, 1e12 + 1)).toBe(false); // integers: exact
    expect(valuesEqual(1, 1.0000001)).toBe(false);
    expect(valuesEqual(10n, 10)).toBe(true);
    expect(valuesEqual(null, 0)).toBe(false);
    expect(valuesEqual(new Date("2024-01-01T00:00:00Z"), "2024-01-01")).toBe(true);
    expect(valuesEqual(new Date("2024-01-01T10:30:00Z"), "2024-01-01 10:30:00")).toBe(true);
    expect(valuesEqual([1, { a: 2 }], [1, { a: 2 }])).toBe(true);
    expect(valuesEqual("1", 1)).toBe(false);
  });

  it("leaves rows unpaired when the key is ambiguous", () => {
    const diff = compareRows(
      { columns: ["k", "v"], rows: [{ k: 1, v: 1 }, { k: 1, v: 2 }] },
      { columns: ["k", "v"], rows: [{ k: 1, v: 3 }, { k: 1, v: 4 }] },
    );
    expect(diff.changed).toEqual([]);
    expect(diff.missing).toHaveLength(2);
    expect(formatRowDiff(diff, ["k", "v"], "")).toContain("- {k: 1, v: 1}");
  });
});
