import type { Bind, Connection, RowStatement, SnowflakeLogger } from "snowflake-sdk";
import type { ResolvedTarget } from "../../config/profiles.js";
import type { Target } from "../../graph/schema.js";
import { STATEMENT_SEPARATOR } from "../template-dialect.js";
import type { Capabilities, EngineAdapter, ExecuteOptions, ExecuteResult, RelationInfo, Row } from "../adapter.js";
import type { ConnectContext } from "../registry.js";
import { connectionOptions } from "./auth.js";
import { SerialGate } from "../serial.js";
import { relationFromInformationSchema } from "../introspection.js";
import { snowflakeDialect, storedName } from "./dialect.js";
import { SnowflakeQueryError, toSnowflakeError } from "./errors.js";
import { parseSnowflakeSettings, type SnowflakeSettings } from "./settings.js";

export const snowflakeCapabilities: Capabilities = {
  merge: true,
  // Every DDL statement commits the open transaction first.
  transactionalDdl: false,
  transactions: true,
  partitionOverwrite: "delete_insert",
  zeroCopyClone: true,
  // COPY INTO keeps 64 days of load metadata per table and skips files it already loaded.
  nativeIngestLedger: true,
  embedded: false,
};

type SnowflakeSdk = typeof import("snowflake-sdk");

/**
 * The SDK logs through one process-wide logger. Every connected adapter adds its redactor, and
 * every SDK line passes through all of them before reaching stderr.
 */
const redactors = new Set<(text: string) => string>();
let sdkPromise: Promise<SnowflakeSdk> | undefined;

function loadSdk(): Promise<SnowflakeSdk> {
  sdkPromise ??= import("snowflake-sdk").then((module) => {
    const sdk = ((module as { default?: SnowflakeSdk }).default ?? module) as SnowflakeSdk;
    const write = (level: string) => (message: string) => {
      let text = message;
      for (const redact of redactors) text = redact(text);
      process.stderr.write(`snowflake-sdk ${level}: ${text}\n`);
    };
    const logger: SnowflakeLogger = { error: write("error"), warn: write("warn"), info: () => {}, debug: () => {}, trace: () => {} };
    sdk.configure({ customLogger: logger, logLevel: "WARN" });
    return sdk;
  });
  return sdkPromise;
}

export async function connectSnowflake(target: ResolvedTarget, context: ConnectContext): Promise<EngineAdapter> {
  const settings = parseSnowflakeSettings(target);
  redactors.add(context.redact);
  const sdk = await loadSdk();
  let connection: Connection;
  try {
    connection = sdk.createConnection(connectionOptions(settings));
  } catch (error) {
    // Option validation errors (a malformed account, a missing key file) pass the redactor too.
    throw toSnowflakeError(error, context.redact);
  }
  // connect(callback), not connectAsync(): in snowflake-sdk 3.3.0 connectAsync resolves even when
  // the login is rejected (seen against the protocol fake), leaving a connection that is not up.
  await new Promise<void>((resolve, reject) => {
    connection.connect((error) => {
      if (error) reject(toSnowflakeError(error, context.redact));
      else if (!connection.isUp()) reject(toSnowflakeError(new Error("login did not complete"), context.redact));
      else resolve();
    });
  });
  const adapter = new SnowflakeAdapter(target.name, settings, connection, context);
  if (context.runId) await adapter.setQueryTag(undefined);
  return adapter;
}

/** Everything the adapter passes to connection.execute, so tests can see it in one place. */
interface StatementRequest {
  sqlText: string;
  binds?: Bind[];
  streamResult?: boolean;
}

export class SnowflakeAdapter implements EngineAdapter {
  readonly engine = "snowflake" as const;
  readonly capabilities = snowflakeCapabilities;
  readonly dialect = snowflakeDialect;
  private readonly inFlight = new Set<RowStatement>();
  private currentTag: string | undefined;
  /**
   * One session serves every action of the run: statements take turns, and a transaction holds
   * the session until it ends, so a concurrent action can neither join it nor commit it with DDL.
   */
  private readonly gate = new SerialGate();

  constructor(
    readonly targetName: string,
    private readonly settings: SnowflakeSettings,
    private readonly connection: Connection,
    private readonly context: ConnectContext,
  ) {}

  /**
   * QUERY_TAG per run and action through ALTER SESSION, issued only when the tag changes:
   * a tag on the connection would override it, and Snowflake keeps the session's tag in
   * QUERY_HISTORY for every statement that follows.
   */
  async setQueryTag(actionTag: string | undefined): Promise<void> {
    const tag = JSON.stringify({
      app: "sluice",
      ...(this.context.runId ? { run: this.context.runId } : {}),
      // QUERY_TAG holds at most 2000 characters.
      ...(actionTag ? { action: actionTag.slice(0, 1_500) } : {}),
    });
    if (tag === this.currentTag) return;
    await this.statement({ sqlText: `ALTER SESSION SET QUERY_TAG = ${snowflakeDialect.literal(tag)}` });
    this.currentTag = tag;
  }

  /** Several statements on the `;;` line convention run one after another (parameters bind to each). */
  execute(sql: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    return this.gate.exclusive(async () => {
      await this.tagFor(options);
      let rowsAffected: number | null = null;
      for (const sqlText of splitStatements(sql)) {
        const { statement } = await this.statement({ sqlText, binds: toBinds(options.params) });
        const updated = statement.getNumUpdatedRows();
        if (typeof updated === "number" && updated >= 0) rowsAffected = (rowsAffected ?? 0) + updated;
      }
      return { rowsAffected };
    });
  }

  queryAll(sql: string, options: ExecuteOptions = {}): Promise<Row[]> {
    return this.gate.exclusive(async () => {
      await this.tagFor(options);
      const { rows } = await this.statement({ sqlText: sql, binds: toBinds(options.params) });
      return rows;
    });
  }

  /** Rows stream from the result chunks Snowflake stages; chunkRows of them are handed out at a time. */
  async *queryChunks(sql: string, options: ExecuteOptions = {}): AsyncIterable<Row[]> {
    await this.tagFor(options);
    const { statement } = await this.statement({ sqlText: sql, binds: toBinds(options.params), streamResult: true });
    this.inFlight.add(statement);
    let chunk: Row[] = [];
    try {
      for await (const row of statement.streamRows()) {
        chunk.push(lowerCaseUnquotedKeys(row as Row));
        if (chunk.length >= this.settings.chunkRows) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length) yield chunk;
    } catch (error) {
      throw toSnowflakeError(error, this.context.redact, statement.getQueryId());
    } finally {
      this.inFlight.delete(statement);
    }
  }

  async schemaExists(target: Pick<Target, "database" | "schema">): Promise<boolean> {
    const database = snowflakeDialect.quoteIdentifier(target.database ?? this.settings.database);
    const rows = await this.queryAll(`SELECT 1 AS "found" FROM ${database}.INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?`, {
      params: [storedName(target.schema)],
    });
    return rows.length > 0;
  }

  async describeRelation(target: Target): Promise<RelationInfo | null> {
    const database = snowflakeDialect.quoteIdentifier(target.database ?? this.settings.database);
    const rows = await this.queryAll(
      `SELECT t.TABLE_TYPE AS "table_type", c.COLUMN_NAME AS "column_name", c.DATA_TYPE AS "data_type"
FROM ${database}.INFORMATION_SCHEMA.TABLES AS t
LEFT JOIN ${database}.INFORMATION_SCHEMA.COLUMNS AS c
  ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?
ORDER BY c.ORDINAL_POSITION`,
      { params: [storedName(target.schema), storedName(target.name)] },
    );
    return relationFromInformationSchema(rows, "data_type");
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    // Snowflake has no nested transactions: an inner call (already holding the session) joins the outer one.
    if (this.gate.held) return fn();
    return this.gate.exclusive(() => this.inTransaction(fn));
  }

  private async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.execute(snowflakeDialect.beginTransaction());
    try {
      const result = await fn();
      await this.execute(snowflakeDialect.commit());
      return result;
    } catch (error) {
      try {
        await this.execute(snowflakeDialect.rollback());
      } catch {
        // The original error says what went wrong; a failed ROLLBACK ends with the session.
      }
      throw error;
    }
  }

  isTransientError(error: unknown): boolean {
    return error instanceof SnowflakeQueryError ? error.transient : toSnowflakeError(error, this.context.redact).transient;
  }

  /** Asks Snowflake to abort every statement in flight (POST /queries/<id>/abort-request). */
  async cancel(): Promise<void> {
    const statements = [...this.inFlight];
    await Promise.all(
      statements.map(
        (statement) =>
          new Promise<void>((resolve) => {
            statement.cancel(() => resolve());
          }),
      ),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.connection.isUp()) return resolve();
      this.connection.destroy(() => resolve());
    });
  }

  private async tagFor(options: ExecuteOptions): Promise<void> {
    if (options.queryTag !== undefined) await this.setQueryTag(options.queryTag);
  }

  private statement(request: StatementRequest): Promise<{ statement: RowStatement; rows: Row[] }> {
    return new Promise((resolve, reject) => {
      const statement = this.connection.execute({
        sqlText: request.sqlText,
        ...(request.binds ? { binds: request.binds } : {}),
        ...(request.streamResult ? { streamResult: true } : {}),
        complete: (error, stmt, rows) => {
          this.inFlight.delete(statement as RowStatement);
          if (error) reject(toSnowflakeError(error, this.context.redact, safeQueryId(stmt as RowStatement)));
          else resolve({ statement: stmt as RowStatement, rows: ((rows ?? []) as Row[]).map(lowerCaseUnquotedKeys) });
        },
      }) as RowStatement;
      this.inFlight.add(statement);
    });
  }
}

function splitStatements(sql: string): string[] {
  return sql
    .split(STATEMENT_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

function safeQueryId(statement: RowStatement | undefined): string | undefined {
  try {
    return statement?.getQueryId() || undefined;
  } catch {
    return undefined;
  }
}

/** Positional parameters for ? placeholders; Snowflake binds only scalars. */
function toBinds(params: unknown[] | undefined): Bind[] | undefined {
  if (!params) return undefined;
  return params.map((value, index) => {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Date) return value.toISOString();
    throw new TypeError(`parameter ${index + 1}: Snowflake binds only strings, numbers, booleans, dates and null`);
  });
}

/**
 * Snowflake folds unquoted names to upper case, so `SELECT count(*) AS n` comes back as `N`.
 * Engine-neutral code reads rows by the names it wrote (lower case), as on DuckDB and Databricks:
 * an all-upper-case column name is handed back in lower case; any other spelling is kept.
 */
function lowerCaseUnquotedKeys(row: Row): Row {
  let changed = false;
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const folded = /^[A-Z_][A-Z0-9_$]*$/.test(key) ? key.toLowerCase() : key;
    if (folded !== key) changed = true;
    out[folded] = value;
  }
  return changed ? out : row;
}
