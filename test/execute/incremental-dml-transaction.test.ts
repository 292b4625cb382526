import { describe, expect, it } from "vitest";
import type { Capabilities, EngineAdapter, RelationInfo, Row } from "../../src/engines/adapter.js";
import { snowflakeCapabilities } from "../../src/engines/snowflake/adapter.js";
import { snowflakeDialect } from "../../src/engines/snowflake/dialect.js";
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

function fakeContext(capabilities: Capabilities, dialect: EngineAdapter["dialect"], options: { failOn?: RegExp } = {}) {
  const log: string[] = [];
  const exec = async (sql: string) => {
    log.push(sql);
    if (options.failOn?.test(sql)) throw new Error(`boom: ${sql.slice(0, 20)}`);
    return { rowsAffected: 1 };
  };
  const relation: RelationInfo = { kind: "table", columns };
  const adapter = {
    engine: dialect.engine,
    targetName: "lakehouse",
    capabilities,
    dialect,
    execute: exec,
    queryAll: async (): Promise<Row[]> => [],
    async *queryChunks() {},
    schemaExists: async () => true,
    describeRelation: async () => relation,
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
  const m = action({ name: "inc", type: "incremental", query: "SELECT * FROM src", uniqueKey: ["id"], incrementalStrategy: "merge" });
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
    query: async () => [],
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

  it("Snowflake: a failed MERGE rolls back and still drops the work table", async () => {
    const { context, log } = fakeContext(snowflakeCapabilities, snowflakeDialect, { failOn: /^MERGE/ });
    await expect(incrementalStrategy.execute(context)).rejects.toThrow(/boom/);
    expect(kinds(log)).toEqual(["CREATE", "BEGIN", "MERGE", "ROLLBACK", "DROP"]);
    expect(log.at(-1)).toMatch(/DROP TABLE IF EXISTS .*inc__sluice_incr/i);
  });
});
