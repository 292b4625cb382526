import { describe, expect, it } from "vitest";
import type { EngineAdapter, Row } from "../../../src/engines/adapter.js";
import { databricksCapabilities } from "../../../src/engines/databricks/adapter.js";
import { databricksDialect } from "../../../src/engines/databricks/dialect.js";
import { ingestStrategy } from "../../../src/execute/strategies/ingest.js";
import type { StrategyContext } from "../../../src/execute/strategy.js";
import type { ResolvedProfile } from "../../../src/config/profiles.js";
import { action, graphOf } from "../../execute/fixture.js";

/**
 * The ingest strategy on Databricks' capability flags and SQL, against a fake connection that
 * records statements and answers the routing summary. Before, the run always reported 0
 * quarantined: COPY INTO loaded bronze directly and nothing counted what it turned into NULLs.
 */
describe("native ingest on Databricks", () => {
  it("routes, counts what went to bronze and to quarantine (by reason), then empties the stage", async () => {
    const statements: string[] = [];
    const summary: Row[] = [
      { file: "s3://b/raw/sensor/a.ndjson", reason: null, records: 8 },
      { file: "s3://b/raw/sensor/a.ndjson", reason: "invalid_json", records: 1 },
      { file: "s3://b/raw/sensor/b.ndjson", reason: "cast_failed:value", records: 2 },
    ];
    const adapter = {
      engine: "databricks",
      targetName: "lakehouse",
      capabilities: databricksCapabilities,
      dialect: databricksDialect,
      execute: async (sql: string) => (statements.push(sql), { rowsAffected: 0 }),
      queryAll: async (): Promise<Row[]> => [],
      async *queryChunks() {},
      schemaExists: async () => true,
      describeRelation: async () => null,
      transaction: <T>(fn: () => Promise<T>) => fn(),
      isTransientError: () => false,
      cancel: async () => {},
      close: async () => {},
    } satisfies EngineAdapter;
    const m = action({
      name: "sensor",
      schema: "bronze",
      type: "ingest",
      ingest: {
        path: "sensor/**/*.ndjson",
        format: "json",
        columns: { sensor_id: "BIGINT", value: "DOUBLE" },
        rescuedDataColumn: "_rescued_data",
        quarantine: { schema: "audit", name: "sensor_quarantine" },
      },
    });
    const context: StrategyContext = {
      action: m,
      graph: graphOf([m]),
      profile: { zones: { raw: "s3://b/raw", processed: "s3://b/processed", archive: "s3://b/archive" } } as ResolvedProfile,
      adapter,
      adapterFor: async () => adapter,
      state: { get: async () => undefined, put: async () => {}, discard: async () => {} },
      runId: "run-1",
      fullRefresh: false,
      dryRun: false,
      signal: new AbortController().signal,
      run: adapter.execute,
      query: async (sql: string) => (statements.push(sql), sql.includes("GROUP BY _source_file, _reason") ? summary : []),
      log: () => {},
    };
    const outcome = await ingestStrategy.execute(context);
    expect(outcome.ingest).toEqual({ files: 2, rows: 8, quarantined: 3, quarantineReasons: { invalid_json: 1, "cast_failed:value": 2 } });
    expect(outcome.rowsAffected).toBe(8);
    const kinds = statements.map((sql) => /^(COPY INTO|INSERT INTO \S+|WITH|DELETE FROM)/.exec(sql)?.[0]).filter(Boolean);
    expect(kinds).toEqual([
      "COPY INTO",
      "INSERT INTO `lakehouse`.`audit`.`sensor_quarantine`",
      "INSERT INTO `lakehouse`.`bronze`.`sensor`",
      "WITH",
      "DELETE FROM",
    ]);
  });
});
