import { describe, expect, it } from "vitest";
import { databricksIngestSql, splitSource } from "../../../src/engines/databricks/ingest.js";
import { databricksTransferSql } from "../../../src/engines/databricks/transfer.js";
import { parseErrors } from "../../fakes/parse-sql.js";

const spec = {
  path: "sensor_readings/**/*.ndjson",
  format: "json" as const,
  columns: { sensor_id: "BIGINT", value: "DOUBLE", reading_ts: "TIMESTAMP" },
  rescuedDataColumn: "_rescued_data",
  quarantine: { database: "manufacturing", schema: "bronze", name: "sensor_readings_quarantine" },
};
const bronze = { database: "manufacturing", schema: "bronze", name: "sensor_readings" };

describe("Databricks ingest and transfer SQL", () => {
  it("ingests with COPY INTO over the raw folder and the glob as PATTERN", async () => {
    const [copy] = databricksIngestSql.nativeIngest!({
      spec,
      bronze,
      quarantine: spec.quarantine,
      actionId: "manufacturing.bronze.sensor_readings",
      batchId: "run-1",
      ingestedAt: "2024-05-01T10:00:00.000Z",
      source: "s3://manufacturing-prod/raw/sensor_readings/**/*.ndjson",
    });
    expect(copy).toContain("COPY INTO `manufacturing`.`bronze`.`sensor_readings`");
    expect(copy).toContain("FROM 's3://manufacturing-prod/raw/sensor_readings'");
    expect(copy).toContain("PATTERN = '**/*.ndjson'");
    expect(copy).toContain("try_cast(`sensor_id` AS BIGINT) AS `sensor_id`");
    expect(copy).toContain("'rescuedDataColumn' = '_rescued_data'");
    expect(await parseErrors(copy, "databricks")).toBeNull();
    expect(splitSource("s3://b/raw/x.json")).toEqual({ folder: "s3://b/raw/x.json", pattern: undefined });
  });

  it("creates bronze, quarantine and ledger tables that parse", async () => {
    for (const sql of [
      databricksIngestSql.createBronze({ target: bronze, spec, partitionBy: ["year", "month"] }),
      databricksIngestSql.createQuarantine(spec.quarantine),
      databricksIngestSql.createLedger({ database: "manufacturing", schema: "_sluice", name: "ingest_ledger" }),
      databricksIngestSql.addColumn({ target: bronze, name: "unit", type: "STRING" }),
    ]) {
      expect(await parseErrors(sql, "databricks")).toBeNull();
    }
    expect(() => databricksIngestSql.stage({} as never)).toThrow(/COPY INTO/);
  });

  it("unloads a transfer to the processed zone as Parquet and reads it back with read_files", async () => {
    const location = "s3://manufacturing-prod/processed/marts/sensor_hourly/batch=run-1.parquet";
    const unload = databricksTransferSql.unload({ query: "SELECT * FROM `manufacturing`.`marts`.`sensor_hourly`", location });
    expect(unload).toBe(`INSERT OVERWRITE DIRECTORY '${location}'\nUSING PARQUET\nSELECT * FROM \`manufacturing\`.\`marts\`.\`sensor_hourly\``);
    for (const sql of [
      unload,
      databricksTransferSql.summarize({ location, watermarkColumn: "reading_hour" }),
      databricksTransferSql.duplicateKeys({ location, uniqueKey: ["sensor_id"] }),
      databricksTransferSql.loadReplace({ target: bronze, location }),
      databricksTransferSql.loadInsert({ target: bronze, location, columns: ["a", "b"] }),
      databricksTransferSql.loadMerge({ target: bronze, location, uniqueKey: ["a"], columns: ["a", "b"] }),
    ]) {
      expect(await parseErrors(sql, "databricks")).toBeNull();
    }
  });
});
