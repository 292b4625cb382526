import { describe, expect, it } from "vitest";
import type { Capabilities, EngineAdapter, RelationInfo, Row } from "../../src/engines/adapter.js";
import { snowflakeCapabilities } from "../../src/engines/snowflake/adapter.js";
import { snowflakeDialect } from "../../src/engines/snowflake/dialect.js";
import { databricksCapabilities } from "../../src/engines/databricks/adapter.js";
import { databricksDialect } from "../../src/engines/databricks/dialect.js";
import { parseErrors } from "../fakes/parse-sql.js";
import { incrementalStrategy } from "../../src/execute/strategies/incremental.js";
import type { StrategyContext } from "../../src/execute/strategy.js";
import type { ResolvedProfile } from "../../src/config/profiles.js";
import { action, graphOf } from "./fixture.js";

/**
 * Incremental updates on engines whose DDL is not transactional (Snowflake commits an open
 * transaction at any DDL; Delta has no transactions). Recorded statements only: a fake adapter
 * with the engine's real dialect and capability flags.
 */
const columns = [
  { name: "id", type: "NUMBER" },
  { name: "v", type: "VARCHAR" },
];

function fakeContext(capabilities: Capabilities, dialect: EngineAdapter["dialect"], options: { failOn?: RegExp; dropRule?: boolean } = {}) {
  const log: string[] = [];
  const exec = async (sql: string) => {
    log.push(sql);
    if (options.failOn?.test(sql)) throw new Error(`boom: ${sql.slice(0, 20)}`);
    // The quarantine insert reports the 2 rows the counts said would go there.
    return { rowsAffected: /^INSERT INTO .*_quarantine/is.test(sql) ? 2 : 1 };
  };
  const relation: RelationInfo = { kind: "table", columns };
  // The model's quarantine table does not exist until a statement creates it.
  const isQuarantine = (target: { name: string }) => target.name.toLowerCase().endsWith("_quarantine");
  const quarantineCreated = () => log.some((sql) => /^CREATE .*_quarantine/is.test(sql));
  // Expectation counts: 5 new rows, 2 of them break the drop rule; 3 left after the DELETE.
  // The duplicate-key check finds none.
  const queryRows = async (sql: string): Promise<Row[]> =>
    !options.dropRule || /HAVING COUNT\(\*\) > 1/i.test(sql) ? [] : /dropped_rows/i.test(sql) ? [{ input_rows: 5, dropped_rows: 2, _sluice_dq_0: 2 }] : /COUNT\(\*\)/i.test(sql) ? [{ input_rows: 3 }] : [];
  const adapter = {
    engine: dialect.engine,
    targetName: "lakehouse",
    capabilities,
    dialect,
    execute: exec,
    queryAll: queryRows,
    async *queryChunks() {},
    schemaExists: async () => true,
    describeRelation: async (target: { name: string }) => (isQuarantine(target) && !quarantineCreated() ? null : relation),
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      log.push("BEGIN");
      try {
        const value = await fn();
        log.push("COMMIT");
        return value;
      } catch (error) {
        log.push("ROLLBACK");
        throw error;
      }
    },
    isTransientError: () => false,
    cancel: async () => {},
    close: async () => {},
  } satisfies EngineAdapter;
  const m = action({
    name: "inc",
    type: "incremental",
    query: "SELECT * FROM src",
    uniqueKey: ["id"],
    incrementalStrategy: "merge",
    ...(options.dropRule ? { expectations: [{ name: "positive", condition: "id > 0", action: "drop" }] } : {}),
  });
  const context: StrategyContext = {
    action: m,
    graph: graphOf([m]),
    profile: {} as ResolvedProfile,
    adapter,
    adapterFor: async () => adapter,
    state: {
      get: async () => undefined,
      put: async () => void log.push("STATE"),
      discard: async () => {},
    },
    runId: "run-1",
    fullRefresh: false,
    dryRun: false,
    signal: new AbortController().signal,
    run: exec,
    query: queryRows,
    log: () => {},
  };
  return { context, log };
}

const kinds = (log: string[]) => log.map((sql) => (/^\w+/.exec(sql)?.[0] ?? sql).toUpperCase());

describe("incremental update without transactional DDL", () => {
  it("Snowflake: work table first, then MERGE and state in one DML transaction, then the drop", async () => {
    const { context, log } = fakeContext(snowflakeCapabilities, snowflakeDialect);
    await incrementalStrategy.execute(context);
    expect(kinds(log)).toEqual(["CREATE", "BEGIN", "MERGE", "STATE", "COMMIT", "DROP"]);
    expect(log[0].toLowerCase()).toContain("inc__sluice_incr");
  });

  it("Snowflake: a model's quarantine table is created before the transaction, so only DML is inside", async () => {
    const { context, log } = fakeContext(snowflakeCapabilities, snowflakeDialect, { dropRule: true });
    await incrementalStrategy.execute(context);
    expect(kinds(log)).toEqual(["CREATE", "CREATE", "BEGIN", "INSERT", "DELETE", "DELETE", "MERGE", "STATE", "COMMIT", "DROP"]);
    // First the quarantine, shaped like the target (the model's query may read it), then the work table.
    expect(log[0]).toMatch(/CREATE TABLE .*inc_quarantine/is);
    expect(log[0]).toMatch(/WHERE 1 = 0$/);
    expect(log[1].toLowerCase()).toContain("inc__sluice_incr");
    expect(log[3]).toMatch(/^INSERT INTO .*inc_quarantine/is);
    // The dropped rows' keys leave the target (the merge replaces a key's row; a dropped row replaces it with nothing), then the work table.
    expect(log[4]).toMatch(/^DELETE FROM "LAKEHOUSE"\."SILVER"\."INC" AS t\nUSING \(SELECT "ID" FROM .*INC__SLUICE_INCR" WHERE .*\) AS s\nWHERE/s);
    expect(await parseErrors(log[4], "snowflake")).toBeNull();
    expect(log[5]).toMatch(/^DELETE FROM .*INC__SLUICE_INCR"/s);
  });

  it("Databricks: the quarantine insert skips rows the quarantine already holds (a batch can be read twice without transactions)", async () => {
    const { context, log } = fakeContext(databricksCapabilities, databricksDialect, { dropRule: true });
    await incrementalStrategy.execute(context);
    const insert = log.find((sql) => /^INSERT INTO .*inc_quarantine/is.test(sql)) ?? "";
    expect(insert).toMatch(/FROM `lakehouse`\.`silver`\.`inc__sluice_incr` AS w\nWHERE \(.*\) AND NOT EXISTS \(SELECT 1 FROM `lakehouse`\.`audit`\.`inc_quarantine` AS q WHERE q\.`id` IS NOT DISTINCT FROM w\.`id` AND q\.`v` IS NOT DISTINCT FROM w\.`v`\)$/s);
    expect(await parseErrors(insert, "databricks")).toBeNull();
    // Snowflake commits the insert with the merge, so it adds every dropped row.
    const snowflake = fakeContext(snowflakeCapabilities, snowflakeDialect, { dropRule: true });
    await incrementalStrategy.execute(snowflake.context);
    expect(snowflake.log.find((sql) => /^INSERT INTO .*inc_quarantine/is.test(sql))).not.toMatch(/NOT EXISTS/);
  });

  it("Snowflake: a failed MERGE rolls back and still drops the work table", async () => {
    const { context, log } = fakeContext(snowflakeCapabilities, snowflakeDialect, { failOn: /^MERGE/ });
    await expect(incrementalStrategy.execute(context)).rejects.toThrow(/boom/);
    expect(kinds(log)).toEqual(["CREATE", "BEGIN", "MERGE", "ROLLBACK", "DROP"]);
    expect(log.at(-1)).toMatch(/DROP TABLE IF EXISTS .*inc__sluice_incr/i);
  });
});
