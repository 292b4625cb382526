import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { basename, dirname, extname } from "node:path";
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import { z } from "zod";
import type { ResolvedTarget } from "../../config/profiles.js";
import type { Target } from "../../graph/schema.js";
import { SluiceError } from "../../errors.js";
import type { ConnectContext } from "../registry.js";
import type { Capabilities, ColumnInfo, EngineAdapter, ExecuteOptions, ExecuteResult, RelationInfo, Row } from "../adapter.js";
import { duckdbDialect } from "./dialect.js";
import { isTransientDuckDBError, targetOpenError } from "./errors.js";
import { settingsIssues, targetSettingsError } from "../../config/target-errors.js";
import { SerialGate } from "../serial.js";
import { toPlainRow } from "./values.js";

/**
 * The embedded engine: one database file per engine target. The profile's `database` is the
 * catalog name every three-part relation uses, so a file whose stem differs is attached under
 * that name. One connection per file, shared by the run; statements take turns (SerialGate).
 */
export const DuckDBSettingsSchema = z
  .object({
    path: z.string().min(1, "needs the database file path"),
    database: z.string().optional(),
  })
  .loose();

/**
 * Extra connect options the runner passes. `dryRun` opens nothing that does not exist yet:
 * a missing file is replaced by an empty in-memory catalog so introspection answers "nothing yet".
 */
export interface DuckDBConnectContext extends ConnectContext {
  dryRun?: boolean;
}

export const duckdbCapabilities: Capabilities = {
  merge: true,
  transactionalDdl: true,
  transactions: true,
  partitionOverwrite: "delete_insert",
  zeroCopyClone: false,
  nativeIngestLedger: false,
  embedded: true,
};

export async function connectDuckDB(target: ResolvedTarget, context: ConnectContext): Promise<EngineAdapter> {
  const parsed = DuckDBSettingsSchema.safeParse(target.settings);
  if (!parsed.success) {
    throw targetSettingsError(
      target,
      settingsIssues(target, (settings) => DuckDBSettingsSchema.safeParse(settings)),
      { engineHint: "a duckdb target needs `path: <file>.duckdb` (relative to the profile's dataDir)" },
    );
  }
  const path = parsed.data.path;
  const stem = basename(path, extname(path));
  const catalog = target.database ?? stem;
  const dryRun = (context as DuckDBConnectContext).dryRun === true;
  if (context.existingOnly && !existsSync(path)) {
    throw new SluiceError({
      code: "target-missing",
      message: `no database at ${path} yet: run \`sluice run\` (or \`sluice start\`) first`,
      hint: "or point --data-dir (or the profile's dataDir) at the folder the pipeline ran with",
    });
  }
  try {
    const connect = await openCatalog(path, catalog, stem, dryRun);
    // Two connections: statements take turns on the first; introspection outside a transaction uses
    // the second, so looking up the next action's relation overlaps the current build.
    return new DuckDBAdapter(target.name, catalog, await connect(), await connect(), context.redact);
  } catch (error) {
    // A file another process holds (or cannot be opened) is the target's problem, not an action's.
    throw targetOpenError(target, path, error, context.redact);
  }
}

/**
 * Storage format of the database files Sluice creates. DuckDB otherwise writes the v0.10 format
 * for compatibility, whose string compression made persisting 10 M silver rows 27% slower here
 * (5.7–6.2 s against 4.2–4.3 s) and the file 5% larger. Files then need DuckDB 1.5 or later to
 * open; an existing file keeps the format it was created with.
 */
const STORAGE_VERSION = "v1.5.0";

/** Opens (or finds) the instance holding the catalog and returns how to connect to it with the catalog in USE. */
async function openCatalog(path: string, catalog: string, stem: string, dryRun: boolean): Promise<() => Promise<DuckDBConnection>> {
  const quotedCatalog = duckdbDialect.quoteIdentifier(catalog);
  const connectUsing = (instance: DuckDBInstance) => async () => {
    const connection = await instance.connect();
    await connection.run(`USE ${quotedCatalog}`);
    return connection;
  };
  if (dryRun && !existsSync(path)) {
    const instance = await instanceFor(`:memory:sluice_dry_${shortHash(path)}`);
    await runOnce(instance, `ATTACH IF NOT EXISTS ':memory:' AS ${quotedCatalog}`);
    return connectUsing(instance);
  }
  if (!dryRun) mkdirSync(dirname(path), { recursive: true });
  if (stem === catalog) {
    // fromCache: a second create() of the same file in one process would see a divergent copy.
    const instance = await instanceFor(path);
    return () => instance.connect();
  }
  const instance = await instanceFor(`:memory:sluice_${shortHash(path)}`);
  await runOnce(instance, `ATTACH IF NOT EXISTS ${duckdbDialect.literal(path)} AS ${quotedCatalog} (STORAGE_VERSION ${duckdbDialect.literal(STORAGE_VERSION)})`);
  return connectUsing(instance);
}

/** ATTACH is instance-wide: one short-lived connection is enough. */
async function runOnce(instance: DuckDBInstance, sql: string): Promise<void> {
  const connection = await instance.connect();
  try {
    await connection.run(sql);
  } finally {
    connection.disconnectSync();
  }
}

/**
 * One instance per database path for the life of the process. Asking DuckDB's own cache again
 * for a path while an earlier, unreferenced instance is being finalised was seen to hang;
 * holding the instances here means each path is opened exactly once.
 */
const instances = new Map<string, Promise<DuckDBInstance>>();

function instanceFor(path: string): Promise<DuckDBInstance> {
  let pending = instances.get(path);
  if (!pending) {
    pending = path.startsWith(":memory:") ? DuckDBInstance.fromCache(path) : DuckDBInstance.fromCache(path, { storage_compatibility_version: STORAGE_VERSION });
    pending.catch(() => instances.delete(path));
    instances.set(path, pending);
  }
  return pending;
}

/**
 * Closes every database file this process opened and forgets them (benchmarks that start each
 * round on fresh files, long-lived hosts); a later connect opens them again. Their file locks
 * go with them, so another process can open the files afterwards.
 */
export async function closeDuckDBInstances(): Promise<void> {
  const open = [...instances.values()];
  instances.clear();
  for (const pending of open) (await pending.catch(() => undefined))?.closeSync();
}

function shortHash(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 16);
}

class DuckDBAdapter implements EngineAdapter {
  readonly engine = "duckdb" as const;
  readonly capabilities = duckdbCapabilities;
  readonly dialect = duckdbDialect;
  private readonly gate = new SerialGate();
  private readonly metaGate = new SerialGate();
  /** Set when a statement fails inside the open transaction: DuckDB's COMMIT would then silently roll back. */
  private transactionFailure: Error | undefined;
  private inTransaction = false;

  constructor(
    readonly targetName: string,
    private readonly catalog: string,
    private readonly connection: DuckDBConnection,
    /** Reads committed catalog state only; inside a transaction the work connection answers instead. */
    private readonly metaConnection: DuckDBConnection,
    private readonly redact: (text: string) => string,
  ) {}

  async execute(sql: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    return this.gate.exclusive(async () => {
      const result = await this.guard(() => this.connection.run(sql, bindValues(options.params)));
      let rowsAffected: number | null = result.rowsChanged;
      // CREATE TABLE … AS reports its row count as a one-row "Count" result, not as rowsChanged.
      if (rowsAffected === 0 && result.columnCount === 1 && result.columnName(0) === "Count") {
        const rows = await result.getRowsJS();
        const count = rows[0]?.[0];
        if (typeof count === "bigint" || typeof count === "number") rowsAffected = Number(count);
      }
      return { rowsAffected };
    });
  }

  async queryAll(sql: string, options: ExecuteOptions = {}): Promise<Row[]> {
    return this.gate.exclusive(async () => {
      const reader = await this.guard(() => this.connection.runAndReadAll(sql, bindValues(options.params)));
      return reader.getRowObjectsJS().map(toPlainRow);
    });
  }

  async *queryChunks(sql: string, options: ExecuteOptions = {}): AsyncIterable<Row[]> {
    // The connection is busy until the stream is drained, so the turn lasts the whole iteration.
    const release = this.gate.held ? () => {} : await this.gate.acquire();
    try {
      const result = await this.guard(() => this.connection.stream(sql, bindValues(options.params)));
      for await (const rows of result.yieldRowObjectJs()) yield rows.map(toPlainRow);
    } finally {
      release();
    }
  }

  async schemaExists(target: Pick<Target, "database" | "schema">): Promise<boolean> {
    return this.introspect(async (connection) => {
      const reader = await connection.runAndReadAll(
        `SELECT 1 FROM duckdb_schemas() WHERE lower(database_name) = lower(${lit(target.database ?? this.catalog)}) AND lower(schema_name) = lower(${lit(target.schema)})`,
      );
      return reader.currentRowCount > 0;
    });
  }

  async describeRelation(target: Target): Promise<RelationInfo | null> {
    // information_schema scans the whole catalog (about 2 ms per query at 200 tables, growing with
    // it): a zero-row SELECT answers "exists, with these columns", and only then a view lookup
    // tells table from view.
    const database = target.database ?? this.catalog;
    const relation = this.dialect.relation({ ...target, database });
    return this.introspect(async (connection) => {
      const isView = async () => {
        const views = await this.guard(
          () =>
            // Literals, not bound parameters: a prepared statement costs twice the query here.
            connection.runAndReadAll(
              `SELECT 1 FROM duckdb_views() WHERE lower(database_name) = lower(${lit(database)}) AND lower(schema_name) = lower(${lit(target.schema)}) AND lower(view_name) = lower(${lit(target.name)})`,
            ),
          connection,
        );
        return views.currentRowCount > 0;
      };
      let columns: ColumnInfo[];
      try {
        // Called on the connection directly: a missing relation is an answer, not a failed statement.
        const result = await connection.run(`SELECT * FROM ${relation} LIMIT 0`);
        const types = result.columnTypes();
        columns = result.columnNames().map((name, i) => ({ name, type: types[i].toString() }));
      } catch (error) {
        const message = error instanceof Error ? error.message : "";
        if (!/^Catalog Error: .*does not exist/.test(message)) throw error;
        // DuckDB points at our own statement ("LINE 1:") when the name itself is unknown; a view
        // whose tables are gone (views bind late) fails without it and still exists.
        if (message.includes(`name ${target.name} does not exist`) && message.includes("LINE 1:")) return null;
        return (await isView()) ? { kind: "view", columns: [] } : null;
      }
      return { kind: (await isView()) ? "view" : "table", columns };
    });
  }

  /** Inside a held turn (a transaction) the work connection sees its own changes; otherwise the meta connection answers. */
  private introspect<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.gate.held) return fn(this.connection);
    return this.metaGate.exclusive(() => fn(this.metaConnection));
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.gate.held && this.inTransaction) return fn(); // joins the enclosing transaction
    return this.gate.exclusive(async () => {
      await this.connection.run(this.dialect.beginTransaction());
      this.inTransaction = true;
      this.transactionFailure = undefined;
      try {
        const value = await fn();
        // A statement failed but fn swallowed it: COMMIT would report success and roll back anyway.
        if (this.transactionFailure) throw this.transactionFailure;
        await this.connection.run(this.dialect.commit());
        return value;
      } catch (error) {
        await this.connection.run(this.dialect.rollback()).catch(() => undefined);
        throw error;
      } finally {
        this.inTransaction = false;
        this.transactionFailure = undefined;
      }
    });
  }

  isTransientError(error: unknown): boolean {
    return isTransientDuckDBError(error);
  }

  async cancel(): Promise<void> {
    this.connection.interrupt();
    this.metaConnection.interrupt();
  }

  async close(): Promise<void> {
    // The instance stays in DuckDB's cache for the process; only this connection ends.
    this.connection.disconnectSync();
    this.metaConnection.disconnectSync();
  }

  /** Runs one call on the connection; remembers failures inside a transaction and redacts messages. */
  private async guard<T>(call: () => Promise<T>, connection: DuckDBConnection = this.connection): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const wrapped = error instanceof Error ? error : new Error(String(error));
      wrapped.message = this.redact(wrapped.message);
      if (this.inTransaction && connection === this.connection) this.transactionFailure = wrapped;
      throw wrapped;
    }
  }
}

const lit = (text: string) => duckdbDialect.literal(text);

function bindValues(params: unknown[] | undefined): DuckDBValue[] | undefined {
  if (!params) return undefined;
  return params.map((value, index) => {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return value;
    throw new Error(`parameter ${index + 1}: only strings, numbers, booleans and null can be bound (got ${typeof value})`);
  });
}
