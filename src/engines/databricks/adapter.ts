import { readFileSync } from "node:fs";
import type { ResolvedTarget } from "../../config/profiles.js";
import type { Target } from "../../graph/schema.js";
import { STATEMENT_SEPARATOR } from "../template-dialect.js";
import type { Capabilities, EngineAdapter, ExecuteOptions, ExecuteResult, RelationInfo, Row } from "../adapter.js";
import type { ConnectContext } from "../registry.js";
import { authOptions, type ConnectionOptions, type DatabricksSdk } from "./auth.js";
import { relationFromInformationSchema } from "../introspection.js";
import { databricksDialect } from "./dialect.js";
import { DatabricksQueryError, toDatabricksError } from "./errors.js";
import { parseDatabricksSettings, type DatabricksSettings } from "./settings.js";

export const databricksCapabilities: Capabilities = {
  merge: true,
  transactionalDdl: false,
  // No BEGIN … COMMIT: each statement is its own atomic Delta commit.
  transactions: false,
  // INSERT INTO … REPLACE WHERE (or REPLACE USING) replaces partitions in one commit.
  partitionOverwrite: "replace_where",
  // SHALLOW CLONE exists but is not a swap; replaceTable is an atomic CREATE OR REPLACE.
  zeroCopyClone: false,
  // COPY INTO and Auto Loader remember which files they loaded.
  nativeIngestLedger: true,
  embedded: false,
};

type Client = InstanceType<DatabricksSdk["DBSQLClient"]>;
type Session = Awaited<ReturnType<Client["openSession"]>>;
type Operation = Awaited<ReturnType<Session["executeStatement"]>>;
type LogLevel = DatabricksSdk["LogLevel"][keyof DatabricksSdk["LogLevel"]];

export async function connectDatabricks(target: ResolvedTarget, context: ConnectContext): Promise<EngineAdapter> {
  const settings = parseDatabricksSettings(target);
  const sdk = await import("@databricks/sql");
  const ca = settings.caCertPath ? readFileSync(settings.caCertPath, "utf8") : undefined;
  // The SDK's messages go to stderr only through the redactor, and only warnings and errors.
  const logger = {
    log(level: LogLevel, message: string) {
      if (level === sdk.LogLevel.error || level === sdk.LogLevel.warn) process.stderr.write(`databricks-sql ${level}: ${context.redact(message)}\n`);
    },
  };
  const client = new sdk.DBSQLClient({ logger });
  const options: ConnectionOptions = {
    host: settings.host,
    port: settings.port,
    path: settings.httpPath,
    userAgentEntry: "sluice",
    // Sluice sends statements and nothing else: no driver telemetry or feature-flag calls.
    telemetryEnabled: false,
    retryMaxAttempts: settings.retryMaxAttempts,
    retryDelayMin: settings.retryDelayMinMs,
    ...(ca ? { customCaCert: ca } : {}),
    ...authOptions(settings, sdk, ca),
  };
  let session: Session;
  try {
    await client.connect(options);
    session = await client.openSession({
      initialCatalog: settings.database,
      ...(settings.schema ? { initialSchema: settings.schema } : {}),
      // Session-level tags mark every statement of the run in query history.
      ...(context.runId ? { queryTags: { sluice_run: context.runId } } : {}),
    });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toDatabricksError(error, context.redact);
  }
  return new DatabricksAdapter(target.name, settings, client, session, context);
}

export class DatabricksAdapter implements EngineAdapter {
  readonly engine = "databricks" as const;
  readonly capabilities = databricksCapabilities;
  readonly dialect = databricksDialect;
  private readonly inFlight = new Set<Operation>();

  constructor(
    readonly targetName: string,
    private readonly settings: DatabricksSettings,
    private readonly client: Client,
    private readonly session: Session,
    private readonly context: ConnectContext,
  ) {}

  /**
   * Several statements on the `;;` line convention run one after another. Transaction
   * templates render nothing on Delta: an empty statement is not sent at all.
   */
  async execute(sql: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    let rowsAffected: number | null = null;
    for (const statement of sql.split(STATEMENT_SEPARATOR).map((s) => s.trim()).filter(Boolean)) {
      const affected = affectedRows(await this.withOperation(statement, options, (operation) => operation.fetchAll()));
      if (affected !== null) rowsAffected = (rowsAffected ?? 0) + affected;
    }
    return { rowsAffected };
  }

  queryAll(sql: string, options: ExecuteOptions = {}): Promise<Row[]> {
    return this.withOperation(sql, options, async (operation) => (await operation.fetchAll()) as Row[]);
  }

  /** One chunk per FetchResults round trip of at most chunkRows rows. */
  async *queryChunks(sql: string, options: ExecuteOptions = {}): AsyncIterable<Row[]> {
    const operation = await this.start(sql, options);
    try {
      await operation.finished();
      do {
        const rows = (await operation.fetchChunk({ maxRows: this.settings.chunkRows, disableBuffering: true })) as Row[];
        if (rows.length) yield rows;
      } while (await operation.hasMoreRows());
    } catch (error) {
      throw toDatabricksError(error, this.context.redact);
    } finally {
      await this.finish(operation);
    }
  }

  async schemaExists(target: Pick<Target, "database" | "schema">): Promise<boolean> {
    const catalog = databricksDialect.quoteIdentifier(target.database ?? this.settings.database);
    // Unity Catalog stores names in lower case and compares them case-insensitively.
    const rows = await this.queryAll(`SELECT 1 AS found FROM ${catalog}.information_schema.schemata WHERE schema_name = lower(?)`, {
      params: [target.schema],
    });
    return rows.length > 0;
  }

  async describeRelation(target: Target): Promise<RelationInfo | null> {
    const catalog = databricksDialect.quoteIdentifier(target.database ?? this.settings.database);
    const rows = await this.queryAll(
      `SELECT t.table_type, c.column_name, c.full_data_type
FROM ${catalog}.information_schema.tables AS t
LEFT JOIN ${catalog}.information_schema.columns AS c
  ON c.table_schema = t.table_schema AND c.table_name = t.table_name
WHERE t.table_schema = lower(?) AND t.table_name = lower(?)
ORDER BY c.ordinal_position`,
      { params: [target.schema, target.name] },
    );
    return relationFromInformationSchema(rows, "full_data_type");
  }

  /** No multi-statement transactions on Delta: the work runs as it is, statement by statement. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  isTransientError(error: unknown): boolean {
    return error instanceof DatabricksQueryError ? error.transient : toDatabricksError(error, this.context.redact).transient;
  }

  /** Sends CancelOperation for every statement in flight. */
  async cancel(): Promise<void> {
    await Promise.all([...this.inFlight].map((operation) => operation.cancel().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.session.close().catch(() => undefined);
    await this.client.close().catch(() => undefined);
  }

  private async start(sql: string, options: ExecuteOptions): Promise<Operation> {
    try {
      const operation = await this.session.executeStatement(sql, {
        ...(options.params ? { ordinalParameters: toParameters(options.params) } : {}),
        ...(options.queryTag ? { queryTags: { sluice_action: options.queryTag } } : {}),
      });
      this.inFlight.add(operation);
      return operation;
    } catch (error) {
      throw toDatabricksError(error, this.context.redact);
    }
  }

  private async finish(operation: Operation): Promise<void> {
    this.inFlight.delete(operation);
    await operation.close().catch(() => undefined);
  }

  private async withOperation<T>(sql: string, options: ExecuteOptions, read: (operation: Operation) => Promise<T>): Promise<T> {
    const operation = await this.start(sql, options);
    try {
      // Wait for the statement's end state first: a statement without a result set would
      // otherwise never poll its status, and its error would go unseen.
      await operation.finished();
      return await read(operation);
    } catch (error) {
      throw toDatabricksError(error, this.context.redact);
    } finally {
      await this.finish(operation);
    }
  }
}

/** DML on Databricks returns one row with num_affected_rows (MERGE adds per-kind counts). */
function affectedRows(rows: object[]): number | null {
  const first = rows[0] as Record<string, unknown> | undefined;
  const value = first?.num_affected_rows;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return null;
}

type Parameter = string | number | boolean | bigint | Date | null;

/** Positional parameters for ? markers; Databricks binds scalars and dates. */
function toParameters(params: unknown[]): Parameter[] {
  return params.map((value, index) => {
    if (value === undefined) return null;
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value instanceof Date) {
      return value;
    }
    throw new TypeError(`parameter ${index + 1}: Databricks binds only strings, numbers, booleans, bigints, dates and null`);
  });
}
