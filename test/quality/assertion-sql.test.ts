import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import type { Target } from "../../src/graph/schema.js";
import {
  RangeSchema,
  assertionSql,
  assertionSqlContext,
  formatAssertionMessage,
  parseMaxAge,
  type ExtraAssertionSpec,
} from "../../src/quality/assertion-sql.js";
import { builtinAssertionName, builtinAssertions } from "../../src/compile/builtin-assertions.js";
import { openSandbox } from "../../src/quality/sandbox.js";

let adapter: EngineAdapter;
const good: Target = { schema: "silver", name: "readings_good" };
const bad: Target = { schema: "silver", name: "readings_bad" };
const sensors: Target = { schema: "silver", name: "sensors" };

beforeAll(async () => {
  adapter = await openSandbox();
  await adapter.execute(`CREATE SCHEMA silver`);
  await adapter.execute(`CREATE TABLE silver.sensors AS SELECT * FROM (VALUES (1), (2), (3)) AS s(sensor_id)`);
  // Good data: in range, known units, fresh, steady volume (today 10 rows, each of the last 7 days 10 rows).
  await adapter.execute(`CREATE TABLE silver.readings_good AS
    SELECT (i % 3) + 1 AS sensor_id,
           CASE WHEN i % 2 = 0 THEN 'celsius' ELSE 'kelvin' END AS unit,
           (i % 50)::DOUBLE AS value,
           CAST(CURRENT_DATE AS TIMESTAMP) + INTERVAL '1' SECOND - (i // 10) * INTERVAL '1' DAY AS ts,
           CAST(CURRENT_TIMESTAMP AS TIMESTAMP) - INTERVAL '1' MINUTE AS loaded_at
    FROM range(80) AS r(i)`);
  // Bad data: one of every problem, old timestamps, a spike today.
  await adapter.execute(`CREATE TABLE silver.readings_bad AS
    SELECT * FROM (VALUES
      (1, 'celsius', 10.0, CAST(CURRENT_DATE AS TIMESTAMP) - INTERVAL '3' DAY),
      (9, 'fahrenheit', 10.0, CAST(CURRENT_DATE AS TIMESTAMP) - INTERVAL '3' DAY),
      (2, 'kelvin', -5.0, CAST(CURRENT_DATE AS TIMESTAMP) - INTERVAL '3' DAY),
      (NULL, NULL, NULL, CAST(CURRENT_DATE AS TIMESTAMP) - INTERVAL '4' DAY),
      (3, 'furlongs', 500.0, CAST(CURRENT_DATE AS TIMESTAMP) - INTERVAL '5' DAY)
    ) AS t(sensor_id, unit, value, ts)`);
});
afterAll(async () => adapter?.close());

async function violations(spec: ExtraAssertionSpec, target: Target) {
  const sql = assertionSql(spec, assertionSqlContext(adapter.dialect, target));
  const rows = await adapter.queryAll(sql.query);
  return { rows, message: formatAssertionMessage(sql.messageTemplate, rows.length) };
}

describe("extra built-in assertions on DuckDB", () => {
  it("acceptedValues: passes on known values, lists each unknown value once with its count", async () => {
    const spec: ExtraAssertionSpec = { kind: "acceptedValues", column: "unit", values: ["celsius", "kelvin"] };
    expect((await violations(spec, good)).rows).toEqual([]);
    const { rows, message } = await violations(spec, bad);
    expect(rows.map((r) => r.violating_value).sort()).toEqual(["fahrenheit", "furlongs"]);
    expect(message).toBe("2 distinct value(s) of readings_bad.unit are not among the accepted values [celsius, kelvin]");
  });

  it("acceptedValues quotes string values (an apostrophe cannot break the SQL)", async () => {
    const spec: ExtraAssertionSpec = { kind: "acceptedValues", column: "unit", values: ["celsius", "kelvin", "o'clock"] };
    expect((await violations(spec, good)).rows).toEqual([]);
  });

  it("range: passes inside the bounds, returns the rows outside them; NULL passes", async () => {
    const spec: ExtraAssertionSpec = { kind: "range", column: "value", min: 0, max: 100 };
    expect((await violations(spec, good)).rows).toEqual([]);
    const { rows, message } = await violations(spec, bad);
    expect(rows.map((r) => r.value).sort()).toEqual([-5, 500]);
    expect(message).toBe("2 row(s) of readings_bad have value outside [0, 100]");
  });

  it("range with only a minimum", async () => {
    const { rows } = await violations({ kind: "range", column: "value", min: 0 }, bad);
    expect(rows.map((r) => r.value)).toEqual([-5]);
  });

  it("relationships: every non-null key must exist in the parent", async () => {
    const spec: ExtraAssertionSpec = { kind: "relationships", column: "sensor_id", to: adapter.dialect.relation(sensors), field: "sensor_id" };
    expect((await violations(spec, good)).rows).toEqual([]);
    const { rows, message } = await violations(spec, bad);
    expect(rows.map((r) => r.sensor_id)).toEqual([9]);
    expect(message).toContain("1 row(s) of readings_bad have a sensor_id with no matching sensor_id in");
  });

  it("freshness: passes when the newest row is recent, fails when it is older than maxAge or the table is empty", async () => {
    expect((await violations({ kind: "freshness", column: "loaded_at", maxAge: "6h" }, good)).rows).toEqual([]);
    const stale = await violations({ kind: "freshness", column: "ts", maxAge: "2d" }, bad);
    expect(stale.rows).toHaveLength(1);
    expect(stale.message).toBe("readings_bad is stale: the newest ts is older than 2d (or the table is empty)");
    expect((await violations({ kind: "freshness", column: "ts", maxAge: "4d" }, bad)).rows).toEqual([]);
    await adapter.execute(`CREATE TABLE silver.empty AS SELECT * FROM silver.readings_bad WHERE FALSE`);
    expect((await violations({ kind: "freshness", column: "ts", maxAge: "4d" }, { schema: "silver", name: "empty" })).rows).toHaveLength(1);
  });

  it("rowCount: passes inside [min, max], returns the count otherwise", async () => {
    expect((await violations({ kind: "rowCount", min: 1, max: 80 }, good)).rows).toEqual([]);
    const { rows, message } = await violations({ kind: "rowCount", min: 10 }, bad);
    expect(rows).toEqual([{ row_count: 5 }]);
    expect(message).toBe("readings_bad has a row count outside [10, +inf]");
    expect((await violations({ kind: "rowCount", max: 4 }, bad)).rows).toEqual([{ row_count: 5 }]);
  });

  it("volume: today's rows against the trailing daily average", async () => {
    const spec: ExtraAssertionSpec = { kind: "volume", column: "ts", tolerance: 0.2, days: 7 };
    expect((await violations(spec, good)).rows).toEqual([]);
    // A spike: 40 rows today against an average of 10 a day.
    await adapter.execute(`CREATE TABLE silver.spike AS
      SELECT * FROM silver.readings_good
      UNION ALL SELECT * FROM silver.readings_good WHERE CAST(ts AS DATE) = CURRENT_DATE
      UNION ALL SELECT * FROM silver.readings_good WHERE CAST(ts AS DATE) = CURRENT_DATE
      UNION ALL SELECT * FROM silver.readings_good WHERE CAST(ts AS DATE) = CURRENT_DATE`);
    const spike = await violations(spec, { schema: "silver", name: "spike" });
    expect(spike.rows).toEqual([{ today_rows: 40, trailing_avg: 10 }]);
    expect(spike.message).toBe("spike: today's row count is more than 20% away from the 7-day daily average");
    // A drop: no rows today against 5 rows over the last 7 days.
    const silent = await violations(spec, bad);
    expect(silent.rows).toHaveLength(1);
    expect(Number(silent.rows[0].today_rows)).toBe(0);
  });

  it("volume passes when there is no history to compare with", async () => {
    await adapter.execute(`CREATE TABLE silver.fresh_start AS SELECT CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AS ts`);
    expect((await violations({ kind: "volume", column: "ts", tolerance: 0.1, days: 7 }, { schema: "silver", name: "fresh_start" })).rows).toEqual([]);
  });
});

describe("assertion config", () => {
  it("the compiler flattens the extra keys into assertions with Dataform-style names", () => {
    const context = { ...assertionSqlContext(adapter.dialect, good), ref: () => undefined };
    const built = builtinAssertions(
      {
        acceptedValues: [{ column: "unit", values: ["c"] }, { column: "kind", values: ["a", "b"] }],
        range: [{ column: "value", min: 0 }],
        freshness: { column: "ts", maxAge: "6h" },
      },
      context,
    );
    expect(built.map((a) => builtinAssertionName(good, a.suffix))).toEqual([
      "silver_readings_good_assertions_acceptedValues_0",
      "silver_readings_good_assertions_acceptedValues_1",
      "silver_readings_good_assertions_range_0",
      "silver_readings_good_assertions_freshness",
    ]);
    expect(built[2].query).toContain(`FROM "silver"."readings_good"`);
    // The one-string interval form: the only one Snowflake's interval constants accept.
    expect(built[3].query).toContain(`latest_value < CURRENT_TIMESTAMP - INTERVAL '6 hours'`);
  });

  it("rejects a range without bounds and an unknown maxAge unit", () => {
    expect(RangeSchema.safeParse({ column: "v" }).success).toBe(false);
    expect(() => parseMaxAge("6 fortnights")).toThrow(/expected a whole number and a unit/);
    expect(parseMaxAge("30 minutes")).toEqual({ amount: 30, unit: "MINUTE" });
  });
});
