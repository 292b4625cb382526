import { describe, expect, it } from "vitest";
import { snowflakeTransferSql } from "../../../src/engines/snowflake/transfer.js";
import { STATEMENT_SEPARATOR } from "../../../src/engines/template-dialect.js";
import { parseErrors } from "../../fakes/parse-sql.js";
import { SluiceError } from "../../../src/errors.js";

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

  // CREATE OR REPLACE of the target itself committed at once: readers saw an empty table while
  // COPY ran, and a failed COPY left it empty.
  it("a full load builds and loads a work table from the file's schema, then swaps it in", () => {
    const statements = sql.loadReplace({ target, location }).split(STATEMENT_SEPARATOR).map((s) => s.trim());
    const work = '"MANUFACTURING"."MARTS"."SENSOR_HOURLY__sluice_load"';
    expect(statements).toHaveLength(5);
    expect(statements[0]).toMatch(/^CREATE OR REPLACE TABLE "MANUFACTURING"\."MARTS"\."SENSOR_HOURLY__sluice_load"\nUSING TEMPLATE/i);
    expect(statements[1].toUpperCase().startsWith(`COPY INTO ${work}`.toUpperCase())).toBe(true);
    expect(statements.slice(2).map((s) => s.toUpperCase())).toEqual(
      [
        `CREATE TABLE IF NOT EXISTS "MANUFACTURING"."MARTS"."SENSOR_HOURLY" LIKE ${work}`,
        `ALTER TABLE "MANUFACTURING"."MARTS"."SENSOR_HOURLY" SWAP WITH ${work}`,
        `DROP TABLE IF EXISTS ${work}`,
      ].map((s) => s.toUpperCase()),
    );
  });

  it("refuses a location outside the stage", () => {
    let error: unknown;
    try {
      sql.loadInsert({ target, location: "s3://elsewhere/x.parquet", columns: [] });
    } catch (e) {
      error = e;
    }
    // A profile error (stage URL ≠ processed zone), reported at profiles.yaml with what to set.
    expect(error).toBeInstanceOf(SluiceError);
    const [diagnostic] = (error as SluiceError).diagnostics;
    expect(diagnostic.message).toMatch(/not under the Snowflake stage/);
    expect(diagnostic.location).toEqual({ file: "profiles.yaml" });
    expect(diagnostic.hint).toMatch(/SNOWFLAKE_STAGE.*processed zone/);
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
