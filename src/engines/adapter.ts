import type { EngineKind, Target } from "../graph/schema.js";

/**
 * Every engine sits behind these interfaces. Strategies in src/execute choose between SQL
 * patterns by capability flags, never by engine name; each engine's SQL comes from its own
 * Handlebars templates (src/engines/<engine>/templates.ts, compiled with noEscape).
 */

export interface Capabilities {
  /** MERGE INTO … WHEN MATCHED / NOT MATCHED. */
  merge: boolean;
  /** DDL inside a transaction is rolled back with it. */
  transactionalDdl: boolean;
  /** Multi-statement transactions (BEGIN … COMMIT) exist at all. */
  transactions: boolean;
  /** How partitions present in new data are replaced. */
  partitionOverwrite: "replace_where" | "delete_insert";
  /** Zero-copy clone keeps the previous table during a full refresh. */
  zeroCopyClone: boolean;
  /** The engine keeps its own exactly-once file ledger for ingestion (COPY INTO / Auto Loader). */
  nativeIngestLedger: boolean;
  /** The engine runs inside this process on local files (opening one is quick, and a lock names the holder). */
  embedded: boolean;
}

export interface ColumnInfo {
  name: string;
  /** Engine type name, upper-case (e.g. BIGINT, VARCHAR, TIMESTAMP). */
  type: string;
}

export interface RelationInfo {
  kind: "table" | "view";
  columns: ColumnInfo[];
}

export type Row = Record<string, unknown>;

export interface ExecuteOptions {
  /** Positional parameters bound to ? / $1 placeholders. */
  params?: unknown[];
  /** Tag attached to the statement for the engine's query history (run id, action id). */
  queryTag?: string;
}

export interface ExecuteResult {
  /** Rows inserted, updated or deleted, when the engine reports it. */
  rowsAffected: number | null;
}

/** Pure SQL rendering for one engine: usable at compile time with no connection. */
export interface SqlDialect {
  readonly engine: EngineKind;
  quoteIdentifier(identifier: string): string;
  /** Fully qualified, quoted relation name. */
  relation(target: Target): string;
  /** A string literal with the engine's escaping. */
  literal(value: string): string;

  createSchema(target: Pick<Target, "database" | "schema">): string;
  /** Statements that build `target` from `query` under `temp` and swap it in; run in one transaction where supported. */
  replaceTable(args: ReplaceTableArgs): string[];
  createTableAs(args: CreateTableArgs): string;
  createOrReplaceView(args: { target: Target; query: string }): string;
  insertInto(args: { target: Target; columns: string[]; query: string }): string;
  merge(args: MergeArgs): string;
  /** Deletes the target rows whose key a `source` row holds (only source rows meeting `sourceWhere`, when given). */
  deleteMatching(args: DeleteMatchingArgs): string;
  /** Replace exactly the partitions present in `source`. */
  partitionOverwrite(args: PartitionOverwriteArgs): string[];
  dropRelation(args: { target: Target; kind: "table" | "view"; ifExists?: boolean }): string;
  renameRelation(args: { from: Target; to: Target }): string;
  addColumn(args: { target: Target; column: ColumnInfo }): string;
  dropColumn(args: { target: Target; column: string }): string;
  alterColumnType(args: { target: Target; column: ColumnInfo }): string;
  /** Layout maintenance after a build (OPTIMIZE … ZORDER BY on Delta); empty where the engine has none. */
  optimize(args: { target: Target; clusterBy: string[] }): string[];
  /** GRANT statements from config, one per principal; empty where the engine has no grants (DuckDB). */
  grant(args: GrantArgs): string[];
  /** Zero-copy clone of a table (only where capabilities.zeroCopyClone). */
  cloneTable(args: { source: Target; target: Target }): string;
  beginTransaction(): string;
  commit(): string;
  rollback(): string;
}

export interface CreateTableArgs {
  target: Target;
  query: string;
  partitionBy?: string[];
  clusterBy?: string[];
  /** Snowflake: TRANSIENT tables for staging; ignored elsewhere. */
  transient?: boolean;
  orReplace?: boolean;
}

export interface ReplaceTableArgs extends CreateTableArgs {
  temp: Target;
  /** Whether `target` exists now (the swap differs for a first build). */
  exists: boolean;
}

export interface DeleteMatchingArgs {
  target: Target;
  source: Target;
  uniqueKey: string[];
  /** A condition on the source's own columns. */
  sourceWhere?: string;
}

export interface MergeArgs {
  target: Target;
  /** A relation holding the new rows (built by the strategy). */
  source: Target;
  uniqueKey: string[];
  columns: string[];
}

export interface PartitionOverwriteArgs {
  target: Target;
  source: Target;
  partitionBy: string[];
  columns: string[];
  /**
   * The partition values present in `source`, when the strategy has read them. Engines whose
   * overwrite predicate cannot hold a subquery (Delta's REPLACE WHERE) render them as literals;
   * without them such engines fall back to their dynamic form (Delta's REPLACE USING).
   */
  partitionValues?: Array<Record<string, string | number | boolean | null>>;
}

export interface GrantArgs {
  target: Target;
  kind: "table" | "view";
  /** e.g. ["SELECT"]; upper-case words only. */
  privileges: string[];
  /** Roles (Snowflake) or users/groups/service principals (Databricks). */
  principals: string[];
}

/** A live connection to one engine target. */
export interface EngineAdapter {
  readonly engine: EngineKind;
  readonly targetName: string;
  readonly capabilities: Capabilities;
  readonly dialect: SqlDialect;

  execute(sql: string, options?: ExecuteOptions): Promise<ExecuteResult>;
  /** All rows of a small result. */
  queryAll(sql: string, options?: ExecuteOptions): Promise<Row[]>;
  /** Rows streamed in chunks, for results too large to hold at once. */
  queryChunks(sql: string, options?: ExecuteOptions): AsyncIterable<Row[]>;

  schemaExists(target: Pick<Target, "database" | "schema">): Promise<boolean>;
  describeRelation(target: Target): Promise<RelationInfo | null>;

  /** Runs fn inside BEGIN … COMMIT; rolls back (and rethrows) on any error. Engines without transactions just run fn. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;

  /** Connection loss, lock conflicts and the like: worth retrying. A SQL error never is. */
  isTransientError(error: unknown): boolean;
  /** Stops the statement in flight (SIGINT). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}
