import { describe, expect, it } from "vitest";
import { snowflakeDialect } from "../../../src/engines/snowflake/dialect.js";
import { snowflakeTemplates } from "../../../src/engines/snowflake/templates.js";
import { renderEveryTemplate } from "../../fakes/dialect-samples.js";
import { parseErrors } from "../../fakes/parse-sql.js";

const target = { database: "manufacturing", schema: "marts", name: "sensor_hourly" };
const source = { database: "manufacturing", schema: "marts", name: "sensor_hourly__new" };

describe("Snowflake dialect", () => {
  it("every rendered template parses with an independent Snowflake parser", async () => {
    const failures: string[] = [];
    for (const [name, statements] of Object.entries(renderEveryTemplate(snowflakeDialect))) {
      for (const sql of statements) {
        const error = await parseErrors(sql, "snowflake");
        if (error) failures.push(`${name}: ${error}\n${sql}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("has a template for every template name", () => {
    expect(Object.keys(snowflakeTemplates).sort()).toEqual(Object.keys(renderEveryTemplate(snowflakeDialect)).sort());
  });

  it("replaces an existing table by building aside and swapping, and creates a first build in place", () => {
    expect(snowflakeDialect.replaceTable({ target, temp: source, query: "SELECT 1 AS a", exists: true, partitionBy: ["day"], transient: true })).toEqual([
      'CREATE OR REPLACE TRANSIENT TABLE "MANUFACTURING"."MARTS"."SENSOR_HOURLY__NEW" CLUSTER BY ("DAY")\nAS\nSELECT 1 AS a',
      'ALTER TABLE "MANUFACTURING"."MARTS"."SENSOR_HOURLY" SWAP WITH "MANUFACTURING"."MARTS"."SENSOR_HOURLY__NEW"',
      'DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."SENSOR_HOURLY__NEW"',
    ]);
    expect(snowflakeDialect.replaceTable({ target, temp: source, query: "SELECT 1 AS a", exists: false, clusterBy: ["id"] })).toEqual([
      'CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."SENSOR_HOURLY" CLUSTER BY ("ID")\nAS\nSELECT 1 AS a',
    ]);
  });

  it("overwrites partitions with a null-safe DELETE of the source's partitions, then INSERT", () => {
    expect(snowflakeDialect.partitionOverwrite({ target, source, partitionBy: ["day"], columns: ["day", "v"] })).toEqual([
      'DELETE FROM "MANUFACTURING"."MARTS"."SENSOR_HOURLY" AS t\nUSING (SELECT DISTINCT "DAY" FROM "MANUFACTURING"."MARTS"."SENSOR_HOURLY__NEW") AS s\nWHERE EQUAL_NULL(t."DAY", s."DAY")',
      'INSERT INTO "MANUFACTURING"."MARTS"."SENSOR_HOURLY" ("DAY", "V")\nSELECT "DAY", "V" FROM "MANUFACTURING"."MARTS"."SENSOR_HOURLY__NEW"',
    ]);
  });

  it("merges on the unique key, updating only non-key columns", () => {
    expect(snowflakeDialect.merge({ target, source, uniqueKey: ["id"], columns: ["id", "v"] })).toBe(
      'MERGE INTO "MANUFACTURING"."MARTS"."SENSOR_HOURLY" AS t\nUSING "MANUFACTURING"."MARTS"."SENSOR_HOURLY__NEW" AS s\nON EQUAL_NULL(t."ID", s."ID")\n' +
        'WHEN MATCHED THEN UPDATE SET "V" = s."V"\nWHEN NOT MATCHED THEN INSERT ("ID", "V") VALUES (s."ID", s."V")',
    );
  });

  it("clones zero-copy, grants to roles, needs no optimize, and uses explicit transactions", () => {
    expect(snowflakeDialect.cloneTable({ source: target, target: { ...target, name: "BACKUP" } })).toBe(
      'CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."BACKUP" CLONE "MANUFACTURING"."MARTS"."SENSOR_HOURLY"',
    );
    expect(snowflakeDialect.grant({ target, kind: "view", privileges: ["SELECT"], principals: ["ANALYST"] })).toEqual([
      'GRANT SELECT ON VIEW "MANUFACTURING"."MARTS"."SENSOR_HOURLY" TO ROLE "ANALYST"',
    ]);
    expect(snowflakeDialect.optimize({ target, clusterBy: ["id"] })).toEqual([]);
    expect([snowflakeDialect.beginTransaction(), snowflakeDialect.commit(), snowflakeDialect.rollback()]).toEqual(["BEGIN TRANSACTION", "COMMIT", "ROLLBACK"]);
  });

  it("quotes identifiers with double quotes and escapes backslashes in literals", () => {
    expect(snowflakeDialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
    // Plain lower-case names match what unquoted model SQL resolves to; other spellings are kept.
    expect(snowflakeDialect.quoteIdentifier("sensor_id")).toBe('"SENSOR_ID"');
    expect(snowflakeDialect.quoteIdentifier("SensorId")).toBe('"SensorId"');
    expect(snowflakeDialect.quoteIdentifier("unit price")).toBe('"unit price"');
    expect(snowflakeDialect.literal("a\\b'c")).toBe("'a\\\\b''c'");
  });

  it("renders the same SQL every time (golden files stay stable)", () => {
    expect(renderEveryTemplate(snowflakeDialect)).toEqual(renderEveryTemplate(snowflakeDialect));
  });
});
