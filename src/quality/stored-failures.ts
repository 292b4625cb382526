import type { EngineAdapter, Row } from "../engines/adapter.js";
import type { Target } from "../graph/schema.js";

/**
 * Stored failures: when an assertion fails, its violating rows are copied into the audit schema so
 * an analyst can look at them without rerunning anything, next to a log row that says when, in
 * which run, how many, and the query that reproduces them.
 *
 *   <auditSchema>.<assertion name>_failures   the violating rows of the latest failing run (replaced)
 *   <auditSchema>.assertion_failures          one row per failure: assertion_id, assertion_name, run_id,
 *                                             failed_at, violation_count, failures_table, reproduce_query
 *
 * Tables are created with CREATE TABLE AS from typed SELECTs (CAST … AS STRING / BIGINT), which all
 * three engines accept, so no per-engine DDL is needed.
 */

export const ASSERTION_FAILURES_LOG = "assertion_failures";
const LOG_COLUMNS = ["assertion_id", "assertion_name", "run_id", "failed_at", "violation_count", "failures_table", "reproduce_query"];

export interface StoreFailuresArgs {
  adapter: EngineAdapter;
  /** Runs one statement; pass StrategyContext.run so it is recorded. Defaults to adapter.execute. */
  run?: (sql: string) => Promise<unknown>;
  /** Reads rows; pass StrategyContext.query. Defaults to adapter.queryAll. */
  query?: (sql: string) => Promise<Row[]>;
  auditSchema: string;
  /** Catalog / database of the audit schema; the connection's default when absent. */
  database?: string;
  assertion: { id: string; name: string };
  /** The assertion's own query: its rows are the violations. */
  assertionQuery: string;
  runId: string;
}

export interface StoredFailures {
  failuresTable: Target;
  violations: number;
}

export function failuresTarget(auditSchema: string, assertionName: string, database?: string): Target {
  return { ...(database ? { database } : {}), schema: auditSchema, name: `${assertionName}_failures` };
}

export function failuresLogTarget(auditSchema: string, database?: string): Target {
  return { ...(database ? { database } : {}), schema: auditSchema, name: ASSERTION_FAILURES_LOG };
}

export async function storeAssertionFailures(args: StoreFailuresArgs): Promise<StoredFailures> {
  const { adapter } = args;
  const { dialect } = adapter;
  const run = args.run ?? ((sql: string) => adapter.execute(sql));
  const query = args.query ?? ((sql: string) => adapter.queryAll(sql));
  const failuresTable = failuresTarget(args.auditSchema, args.assertion.name, args.database);
  const log = failuresLogTarget(args.auditSchema, args.database);

  if (!(await adapter.schemaExists(failuresTable))) await run(dialect.createSchema(failuresTable));
  await run(
    dialect.createTableAs({
      target: failuresTable,
      orReplace: true,
      query: `SELECT * FROM (\n${args.assertionQuery}\n) AS violations`,
    }),
  );
  // Count what was stored, not what the assertion saw a moment earlier: the copy is what analysts read.
  const [counted] = await query(`SELECT COUNT(*) AS ${dialect.quoteIdentifier("violations")} FROM ${dialect.relation(failuresTable)}`);
  const violations = Number(counted?.violations ?? 0);

  const text = (value: string) => `CAST(${dialect.literal(value)} AS STRING)`;
  // Aliases are quoted like the INSERT's column list (dialect.insertInto quotes), so the names the
  // CREATE TABLE AS stores are the names later INSERTs use, on case-folding Snowflake too.
  const logRow = `SELECT ${[
    [text(args.assertion.id), "assertion_id"],
    [text(args.assertion.name), "assertion_name"],
    [text(args.runId), "run_id"],
    ["CURRENT_TIMESTAMP", "failed_at"],
    [`CAST(${violations} AS BIGINT)`, "violation_count"],
    [text(dialect.relation(failuresTable)), "failures_table"],
    [text(args.assertionQuery), "reproduce_query"],
  ]
    .map(([value, column]) => `${value} AS ${dialect.quoteIdentifier(column)}`)
    .join(",\n  ")}`;
  if (await adapter.describeRelation(log)) {
    await run(
      dialect.insertInto({
        target: log,
        columns: LOG_COLUMNS,
        query: logRow,
      }),
    );
  } else {
    await run(dialect.createTableAs({ target: log, query: logRow }));
  }
  return { failuresTable, violations };
}

/** After a passing run, drops the stale copy so `<name>_failures` never shows rows that are fixed. The log keeps history. */
export async function clearAssertionFailures(args: {
  adapter: EngineAdapter;
  run?: (sql: string) => Promise<unknown>;
  auditSchema: string;
  database?: string;
  assertionName: string;
}): Promise<void> {
  const { adapter } = args;
  const run = args.run ?? ((sql: string) => adapter.execute(sql));
  const target = failuresTarget(args.auditSchema, args.assertionName, args.database);
  if (await adapter.describeRelation(target)) await run(adapter.dialect.dropRelation({ target, kind: "table", ifExists: true }));
}
