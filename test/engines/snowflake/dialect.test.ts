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
      'CREATE OR REPLACE TRANSIENT TABLE "manufacturing"."marts"."sensor_hourly__new" CLUSTER BY ("day")\nAS\nSELECT 1 AS a',
      'ALTER TABLE "manufacturing"."marts"."sensor_hourly" SWAP WITH "manufacturing"."marts"."sensor_hourly__new"',
      'DROP TABLE IF EXISTS "manufacturing"."marts"."sensor_hourly__new"',
    ]);
    expect(snowflakeDialect.replaceTable({ target, temp: source, query: "SELECT 1 AS a", exists: false, clusterBy: ["id"] })).toEqual([
      'CREATE OR REPLACE TABLE "manufacturing"."marts"."sensor_hourly" CLUSTER BY ("id")\nAS\nSELECT 1 AS a',
    ]);
  });

  it("overwrites partitions with a null-safe DELETE of the source's partitions, then INSERT", () => {
    expect(snowflakeDialect.partitionOverwrite({ target, source, partitionBy: ["day"], columns: ["day", "v"] })).toEqual([
      'DELETE FROM "manufacturing"."marts"."sensor_hourly" AS t\nUSING (SELECT DISTINCT "day" FROM "manufacturing"."marts"."sensor_hourly__new") AS s\nWHERE EQUAL_NULL(t."day", s."day")',
      'INSERT INTO "manufacturing"."marts"."sensor_hourly" ("day", "v")\nSELECT "day", "v" FROM "manufacturing"."marts"."sensor_hourly__new"',
    ]);
  });

  it("merges on the unique key, updating only non-key columns", () => {
    expect(snowflakeDialect.merge({ target, source, uniqueKey: ["id"], columns: ["id", "v"] })).toBe(
      'MERGE INTO "manufacturing"."marts"."sensor_hourly" AS t\nUSING "manufacturing"."marts"."sensor_hourly__new" AS s\nON t."id" = s."id"\n' +
        'WHEN MATCHED THEN UPDATE SET "v" = s."v"\nWHEN NOT MATCHED THEN INSERT ("id", "v") VALUES (s."id", s."v")',
    );
  });

  it("clones zero-copy, grants to roles, needs no optimize, and uses explicit transactions", () => {
    expect(snowflakeDialect.cloneTable({ source: target, target: { ...target, name: "backup" } })).toBe(
      'CREATE OR REPLACE TABLE "manufacturing"."marts"."backup" CLONE "manufacturing"."marts"."sensor_hourly"',
    );
    expect(snowflakeDialect.grant({ target, kind: "view", privileges: ["SELECT"], principals: ["ANALYST"] })).toEqual([
      'GRANT SELECT ON VIEW "manufacturing"."marts"."sensor_hourly" TO ROLE "ANALYST"',
    ]);
    expect(snowflakeDialect.optimize({ target, clusterBy: ["id"] })).toEqual([]);
    expect([snowflakeDialect.beginTransaction(), snowflakeDialect.commit(), snowflakeDialect.rollback()]).toEqual(["BEGIN TRANSACTION", "COMMIT", "ROLLBACK"]);
  });

  it("quotes identifiers with double quotes and escapes backslashes in literals", () => {
    expect(snowflakeDialect.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(snowflakeDialect.literal("a\\b'c")).toBe("'a\\\\b''c'");
  });

  it("renders the same SQL every time (golden files stay stable)", () => {
    expect(renderEveryTemplate(snowflakeDialect)).toEqual(renderEveryTemplate(snowflakeDialect));
  });
});
