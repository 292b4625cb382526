import { describe, expect, it } from "vitest";
import { databricksDialect } from "../../../src/engines/databricks/dialect.js";
import { databricksTemplates } from "../../../src/engines/databricks/templates.js";
import { renderEveryTemplate } from "../../fakes/dialect-samples.js";
import { parseErrors } from "../../fakes/parse-sql.js";

const target = { database: "manufacturing", schema: "marts", name: "sensor_hourly" };
const source = { database: "manufacturing", schema: "marts", name: "sensor_hourly__new" };

describe("Databricks dialect", () => {
  it("every rendered template parses with an independent Databricks parser", async () => {
    const failures: string[] = [];
    for (const [name, statements] of Object.entries(renderEveryTemplate(databricksDialect))) {
      for (const sql of statements) {
        const error = await parseErrors(sql, "databricks");
        if (error) failures.push(`${name}: ${error}\n${sql}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("has a template for every template name", () => {
    expect(Object.keys(databricksTemplates).sort()).toEqual(Object.keys(renderEveryTemplate(databricksDialect)).sort());
  });

  it("replaces a table with one atomic CREATE OR REPLACE … USING DELTA, partitioned, with table properties", () => {
    expect(databricksDialect.replaceTable({ target, temp: source, query: "SELECT 1 AS a", exists: true, partitionBy: ["day"], clusterBy: ["id"] })).toEqual([
      "CREATE OR REPLACE TABLE `manufacturing`.`marts`.`sensor_hourly`\nUSING DELTA\nPARTITIONED BY (`day`)\n" +
        "TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', " +
        "'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')\nAS\nSELECT 1 AS a",
    ]);
  });

  it("overwrites partitions with REPLACE WHERE over literal values, or REPLACE USING without them", () => {
    const args = { target, source, partitionBy: ["day", "plant"], columns: ["day", "plant", "v"] };
    expect(databricksDialect.partitionOverwrite({ ...args, partitionValues: [{ day: "2024-01-01", plant: 7 }, { day: "it's", plant: null }] })).toEqual([
      "INSERT INTO `manufacturing`.`marts`.`sensor_hourly`\n" +
        "REPLACE WHERE (`day` = '2024-01-01' AND `plant` = 7) OR (`day` = 'it''s' AND `plant` IS NULL)\n" +
        "SELECT `day`, `plant`, `v` FROM `manufacturing`.`marts`.`sensor_hourly__new`",
    ]);
    expect(databricksDialect.partitionOverwrite(args)[0]).toContain("REPLACE USING (`day`, `plant`)");
  });

  it("merges on the unique key, updating only non-key columns", () => {
    expect(databricksDialect.merge({ target, source, uniqueKey: ["id"], columns: ["id", "v"] })).toBe(
      "MERGE INTO `manufacturing`.`marts`.`sensor_hourly` AS t\nUSING `manufacturing`.`marts`.`sensor_hourly__new` AS s\nON t.`id` <=> s.`id`\n" +
        "WHEN MATCHED THEN UPDATE SET `v` = s.`v`\nWHEN NOT MATCHED THEN INSERT (`id`, `v`) VALUES (s.`id`, s.`v`)",
    );
  });

  it("Z-orders after a build, grants per principal, and renders no transaction statements", () => {
    expect(databricksDialect.optimize({ target, clusterBy: ["sensor_id"] })).toEqual(["OPTIMIZE `manufacturing`.`marts`.`sensor_hourly` ZORDER BY (`sensor_id`)"]);
    expect(databricksDialect.optimize({ target, clusterBy: [] })).toEqual([]);
    expect(databricksDialect.grant({ target, kind: "view", privileges: ["SELECT"], principals: ["analysts"] })).toEqual([
      "GRANT SELECT ON TABLE `manufacturing`.`marts`.`sensor_hourly` TO `analysts`",
    ]);
    expect(() => databricksDialect.grant({ target, kind: "table", privileges: ["SELECT; DROP"], principals: ["x"] })).toThrow(/invalid privilege/);
    expect([databricksDialect.beginTransaction(), databricksDialect.commit(), databricksDialect.rollback()]).toEqual(["", "", ""]);
  });

  it("quotes identifiers with backticks and escapes backslashes in literals", () => {
    expect(databricksDialect.quoteIdentifier("we`ird")).toBe("`we``ird`");
    expect(databricksDialect.literal("a\\b'c")).toBe("'a\\\\b''c'");
  });

  it("renders the same SQL every time (golden files stay stable)", () => {
    expect(renderEveryTemplate(databricksDialect)).toEqual(renderEveryTemplate(databricksDialect));
  });
});
