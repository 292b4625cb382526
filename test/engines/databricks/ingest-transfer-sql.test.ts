import { describe, expect, it } from "vitest";
import { databricksIngestSql, splitSource } from "../../../src/engines/databricks/ingest.js";
import { databricksTransferSql } from "../../../src/engines/databricks/transfer.js";
import { parseErrors } from "../../fakes/parse-sql.js";
import { SluiceError } from "../../../src/errors.js";

const spec = {
  path: "sensor_readings/**/*.ndjson",
  format: "json" as const,
  columns: { sensor_id: "BIGINT", value: "DOUBLE", reading_ts: "TIMESTAMP" },
  rescuedDataColumn: "_rescued_data",
  quarantine: { database: "manufacturing", schema: "bronze", name: "sensor_readings_quarantine" },
};
const bronze = { database: "manufacturing", schema: "bronze", name: "sensor_readings" };

describe("Databricks ingest and transfer SQL", () => {
  const args = (format: "json" | "csv") => ({
    spec: { ...spec, format },
    bronze,
    quarantine: spec.quarantine,
    actionId: "manufacturing.bronze.sensor_readings",
    batchId: "run-1",
    ingestedAt: "2024-05-01T10:00:00.000Z",
    source: "s3://manufacturing-prod/raw/sensor_readings/**/*.ndjson",
  });

  it("lands new files whole in a stage with COPY INTO (its ledger), over the raw folder and the glob as PATTERN", async () => {
    const plan = databricksIngestSql.nativeIngest!(args("json"));
    const copy = plan.load.find((sql) => sql.startsWith("COPY INTO"))!;
    expect(copy).toContain("COPY INTO `manufacturing`.`bronze`.`sensor_readings__sluice_stage`");
    expect(copy).toContain("FROM 's3://manufacturing-prod/raw/sensor_readings'");
    expect(copy).toContain("PATTERN = '**/*.ndjson'");
    expect(copy).toContain("FILEFORMAT = TEXT");
    expect(copy).toContain("'wholeText' = 'true'");
    expect(splitSource("s3://b/raw/x.json")).toEqual({ folder: "s3://b/raw/x.json", pattern: undefined });
  });

  // Every raw record ends up in bronze or in the quarantine with its reason: before, COPY INTO
  // loaded bronze directly with try_cast (a bad value became NULL, its text kept nowhere) and a
  // malformed line became an all-NULL bronze row; the quarantine was never written.
  it("routes bad records to the quarantine with raw text and reason, and only good ones to bronze", async () => {
    for (const format of ["json", "csv"] as const) {
      const plan = databricksIngestSql.nativeIngest!(args(format));
      const toQuarantine = plan.load.find((sql) => sql.startsWith("INSERT INTO `manufacturing`.`bronze`.`sensor_readings_quarantine`"));
      const toBronze = plan.load.find((sql) => sql.startsWith("INSERT INTO `manufacturing`.`bronze`.`sensor_readings` "));
      expect(toQuarantine, format).toBeDefined();
      expect(toBronze, format).toBeDefined();
      expect(toQuarantine).toMatch(/SELECT _source_file, _source_line, line, _reason, _ingested_at, _batch_id\nFROM judged\nWHERE _reason IS NOT NULL/);
      expect(toBronze).toMatch(/FROM judged\nWHERE _reason IS NULL/);
      expect(toQuarantine).toContain("'cast_failed:sensor_id'");
      expect(toQuarantine).toContain(format === "json" ? "'invalid_json'" : "'malformed_csv'");
      // No multi-statement transactions on Delta: each routing INSERT skips a file already landed.
      expect(toBronze).toContain("NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensor_readings` AS landed WHERE landed._source_file = judged._source_file");
      expect(toQuarantine).toContain("NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensor_readings_quarantine` AS landed WHERE landed._source_file = judged._source_file)");
      expect(plan.summary).toContain("GROUP BY _source_file, _reason");
      expect(plan.cleanup).toEqual(["DELETE FROM `manufacturing`.`bronze`.`sensor_readings__sluice_stage`"]);
      // The stage is emptied only after both routes: it is the last copy of the records.
      for (const sql of [...plan.load, plan.summary, ...plan.cleanup]) expect(await parseErrors(sql, "databricks"), sql).toBeNull();
    }
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

  // Plain Errors before: the CLI printed them without a location or a hint.
  it("says why an incremental transfer into Databricks and `sluice archive` cannot work there, as SluiceErrors", () => {
    const errorOf = (fn: () => unknown): SluiceError => {
      try {
        fn();
      } catch (error) {
        if (error instanceof SluiceError) return error;
        throw error;
      }
      throw new Error("did not throw");
    };
    const describe = errorOf(() => databricksTransferSql.describeFile({ location: "s3://b/processed/x.parquet" })).diagnostics[0];
    expect(describe.code).toBe("not-implemented");
    // No location of its own: the runner reports it at the transfer action's file and line.
    expect(describe.location).toBeUndefined();
    expect(describe.hint).toMatch(/full/);
    const ledger = errorOf(() => databricksIngestSql.ledgerPaths({ ledger: bronze, actionId: "a" })).diagnostics[0];
    expect(ledger.code).toBe("native-ingest-ledger");
    expect(ledger.message).toMatch(/COPY INTO/);
  });
});
