import { describe, expect, it } from "vitest";
import { snowflakeTransferSql } from "../../../src/engines/snowflake/transfer.js";
import { STATEMENT_SEPARATOR } from "../../../src/engines/template-dialect.js";
import { parseErrors } from "../../fakes/parse-sql.js";

const sql = snowflakeTransferSql({
  stage: "MANUFACTURING.SLUICE.PROCESSED_ZONE",
  url: "s3://manufacturing-prod/processed/",
  fileFormat: "MANUFACTURING.SLUICE.PARQUET",
});
const location = "s3://manufacturing-prod/processed/marts/sensor_hourly/batch=run-1.parquet";
const target = { database: "MANUFACTURING", schema: "MARTS", name: "SENSOR_HOURLY" };

describe("Snowflake transfer SQL (external stage over the processed zone)", () => {
  it("loads with COPY INTO from the stage path, matching Parquet columns by name", () => {
    expect(sql.loadInsert({ target, location, columns: ["a"] })).toBe(
      `COPY INTO "MANUFACTURING"."MARTS"."SENSOR_HOURLY"
FROM '@MANUFACTURING.SLUICE.PROCESSED_ZONE/marts/sensor_hourly/batch=run-1.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'MANUFACTURING.SLUICE.PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE`,
    );
  });

  it("a full load creates the table from the file's schema, then copies (two statements)", () => {
    const statements = sql.loadReplace({ target, location }).split(STATEMENT_SEPARATOR).map((s) => s.trim());
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^CREATE OR REPLACE TABLE "MANUFACTURING"\."MARTS"\."SENSOR_HOURLY"\nUSING TEMPLATE/);
    expect(statements[1]).toMatch(/^COPY INTO /);
  });

  it("refuses a location outside the stage", () => {
    expect(() => sql.loadInsert({ target, location: "s3://elsewhere/x.parquet", columns: [] })).toThrow(/not under the stage/);
  });

  it("every statement parses with an independent Snowflake parser ", async () => {
    const statements = [
      sql.summarize({ location, watermarkColumn: "reading_hour" }),
      sql.describeFile({ location }),
      sql.duplicateKeys({ location, uniqueKey: ["sensor_id"] }),
      ...sql.loadReplace({ target, location }).split(STATEMENT_SEPARATOR),
      sql.loadInsert({ target, location, columns: [] }),
      sql.loadMerge({ target, location, uniqueKey: ["sensor_id"], columns: ["sensor_id", "v"] }),
      sql.unload({ query: 'SELECT * FROM "MANUFACTURING"."MARTS"."SENSOR_HOURLY"', location }),
    ];
    const failures: string[] = [];
    for (const statement of statements) {
      const error = await parseErrors(statement.trim(), "snowflake");
      if (error) failures.push(`${error}\n${statement.trim()}`);
    }
    expect(failures).toEqual([]);
  });
});
