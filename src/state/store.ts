import { BOOKKEEPING_SCHEMA, type Action, type Target } from "../graph/schema.js";
import type { EngineAdapter } from "../engines/adapter.js";
import type { ActionState, StateStore } from "../execute/strategy.js";

/**
 * Per-action state kept inside each engine target, in `_sluice.action_state` of the target's
 * database, so it travels with the data it describes. Writes only append (INSERT: one statement
 * on every engine, no MERGE needed); the newest row per action wins. Before the first write of a
 * run the table is compacted to one row per action.
 *
 * Each commit costs the engine a log flush (on DuckDB about as much as building a small model),
 * so bookkeeping rows without an adapter are batched: written together a moment later
 * (FLUSH_DELAY_MS) or when the run calls flush(). State that must not be lost with a crash
 * (watermarks) is written through an adapter, at once or inside the strategy's transaction.
 */
export const STATE_SCHEMA = BOOKKEEPING_SCHEMA;
export const STATE_TABLE = "action_state";

const COLUMNS = ["action_id", "last_success_at", "data_fingerprint", "watermark", "extra", "run_id", "written_at"] as const;

export const FLUSH_DELAY_MS = 250;
const FLUSH_ROWS = 100;

interface WriteQueue {
  rows: unknown[][];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  running: boolean;
  timer?: NodeJS.Timeout;
  /** Settles when the write in progress (if any) is done. */
  drained?: Promise<void>;
  adapter: EngineAdapter;
  targetName: string;
  database?: string;
}

interface StoredState {
  state: ActionState;
  row: unknown[];
  writtenAt: string;
}

export class EngineStateStore implements StateStore {
  private readonly loaded = new Map<string, Promise<Map<string, StoredState>>>();
  private sequence = 0;
  private readonly queues = new Map<string, WriteQueue>();
  private readonly prepared = new Map<string, Promise<void>>();
  /** What the table held when it was read: its row count and the newest row per action (for compacting). */
  private readonly stored = new Map<string, { rows: number; latest: unknown[][] }>();
  private readonly actionTarget: Map<string, { targetName: string; database?: string }>;
  /** Entries as they were before a write that rides in an action's transaction (see discard). */
  private readonly beforeTransaction = new Map<string, StoredState | undefined>();

  constructor(
    actions: Action[],
    private readonly adapterFor: (targetName: string) => Promise<EngineAdapter>,
    private readonly runId: string,
    /** Dry runs read state where it exists and never write it. */
    private readonly readOnly = false,
  ) {
    this.actionTarget = new Map(actions.map((a) => [a.id, { targetName: a.targetName, database: a.target.database }]));
  }

  async get(actionId: string): Promise<ActionState | undefined> {
    const where = this.actionTarget.get(actionId);
    if (!where) return undefined;
    return (await this.load(where.targetName, where.database)).get(actionId)?.state;
  }

  /**
   * With an adapter, writes at once through it, so the row joins the caller's open transaction
   * (data and state commit together). Without one, the row is queued and resolves once stored;
   * rows queued meanwhile go out in the same INSERT.
   */
  async put(state: ActionState, adapter?: EngineAdapter): Promise<void> {
    if (this.readOnly) return;
    const where = this.actionTarget.get(state.actionId);
    if (!where) return;
    const row = this.rowOf(state);
    const entries = await this.load(where.targetName, where.database);
    if (adapter && !this.beforeTransaction.has(state.actionId)) this.beforeTransaction.set(state.actionId, entries.get(state.actionId));
    entries.set(state.actionId, { state, row, writtenAt: String(row[6]) });
    if (adapter) {
      await this.prepare(adapter, where.targetName, where.database);
      return insertRows(adapter, adapter.dialect.relation(stateTable(where.database)), [row]);
    }
    const connection = await this.adapterFor(where.targetName);
    const key = `${where.targetName}\u0000${where.database ?? ""}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { rows: [], waiters: [], running: false, adapter: connection, targetName: where.targetName, database: where.database };
      this.queues.set(key, queue);
    }
    const written = new Promise<void>((resolve, reject) => queue.waiters.push({ resolve, reject }));
    queue.rows.push(row);
    if (queue.rows.length >= FLUSH_ROWS) this.startDrain(queue);
    else queue.timer ??= setTimeout(() => this.startDrain(queue), FLUSH_DELAY_MS);
    return written;
  }

  async discard(actionId: string): Promise<void> {
    const where = this.actionTarget.get(actionId);
    if (!where || !this.beforeTransaction.has(actionId)) return;
    const previous = this.beforeTransaction.get(actionId);
    this.beforeTransaction.delete(actionId);
    const entries = await this.load(where.targetName, where.database);
    if (previous) entries.set(actionId, previous);
    else entries.delete(actionId);
  }

  /** Writes every queued row now; resolves when they are stored (or their writes failed). */
  async flush(): Promise<void> {
    const queues = [...this.queues.values()];
    for (const queue of queues) this.startDrain(queue);
    await Promise.all(queues.map((queue) => queue.drained));
  }

  /**
   * Creates or compacts the state table of every database the run's actions use on a target.
   * The runner calls it when it connects, before any action opens a transaction: state DDL must
   * not ride in a transaction that may roll back.
   */
  async prepareTarget(targetName: string): Promise<void> {
    const adapter = await this.adapterFor(targetName);
    const databases = new Set<string | undefined>();
    for (const where of this.actionTarget.values()) if (where.targetName === targetName) databases.add(where.database);
    for (const database of databases) await this.prepare(adapter, targetName, database);
  }

  private startDrain(queue: WriteQueue): void {
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    if (!queue.running) queue.drained = this.drain(queue);
  }

  private async drain(queue: WriteQueue): Promise<void> {
    queue.running = true;
    const { adapter, targetName, database } = queue;
    const table = adapter.dialect.relation(stateTable(database));
    try {
      await this.prepare(adapter, targetName, database);
    } catch (error) {
      for (const waiter of queue.waiters.splice(0)) waiter.reject(error);
      queue.rows.length = 0;
      queue.running = false;
      return;
    }
    while (queue.rows.length) {
      const rows = queue.rows.splice(0);
      const waiters = queue.waiters.splice(0);
      try {
        await insertRows(adapter, table, rows);
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    queue.running = false;
  }

  private rowOf(state: ActionState): unknown[] {
    // The sequence breaks ties between writes within one millisecond.
    const writtenAt = `${new Date().toISOString()}#${String(++this.sequence).padStart(9, "0")}`;
    return [state.actionId, state.lastSuccessAt ?? null, state.dataFingerprint ?? null, state.watermark ?? null, state.extra ? JSON.stringify(state.extra) : null, this.runId, writtenAt];
  }

  private load(targetName: string, database: string | undefined): Promise<Map<string, StoredState>> {
    const key = `${targetName}\u0000${database ?? ""}`;
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.readAll(targetName, database);
      this.loaded.set(key, pending);
    }
    return pending;
  }

  private async readAll(targetName: string, database: string | undefined): Promise<Map<string, StoredState>> {
    const adapter = await this.adapterFor(targetName);
    const states = new Map<string, StoredState>();
    if (!(await adapter.describeRelation(stateTable(database)))) return states;
    const rows = await adapter.queryAll(`SELECT ${COLUMNS.join(", ")} FROM ${adapter.dialect.relation(stateTable(database))}`);
    for (const row of rows) {
      const id = String(row.action_id);
      const writtenAt = String(row.written_at ?? "");
      const known = states.get(id);
      if (known && known.writtenAt >= writtenAt) continue;
      states.set(id, {
        writtenAt,
        row: COLUMNS.map((c) => row[c] ?? null),
        state: {
          actionId: id,
          lastSuccessAt: optionalString(row.last_success_at),
          dataFingerprint: optionalString(row.data_fingerprint),
          watermark: optionalString(row.watermark),
          extra: parseExtra(row.extra),
        },
      });
    }
    this.stored.set(`${targetName}\u0000${database ?? ""}`, { rows: rows.length, latest: [...states.values()].map((s) => s.row) });
    return states;
  }

  /** Creates the state schema and table, or compacts it to the newest row per action; once per target and run. */
  private prepare(adapter: EngineAdapter, targetName: string, database: string | undefined): Promise<void> {
    const key = `${targetName}\u0000${database ?? ""}`;
    let pending = this.prepared.get(key);
    if (!pending) {
      pending = (async () => {
        const target = stateTable(database);
        const table = adapter.dialect.relation(target);
        await this.load(targetName, database);
        if (!(await adapter.describeRelation(target))) {
          if (!(await adapter.schemaExists(target))) await adapter.execute(adapter.dialect.createSchema(target));
          // CREATE TABLE … AS over typed NULLs needs no per-engine column DDL.
          const select = COLUMNS.map((c) => `CAST(NULL AS VARCHAR(65535)) AS ${c}`).join(", ");
          await adapter.execute(adapter.dialect.createTableAs({ target, query: `SELECT ${select} WHERE 1 = 0` }));
          return;
        }
        const stored = this.stored.get(key);
        if (!stored || stored.rows <= stored.latest.length) return;
        if (!adapter.capabilities.transactions) {
          // DELETE then INSERT would be two commits here, and a crash between them loses every
          // action's state. One CREATE OR REPLACE … AS SELECT is one atomic commit (a Delta table
          // version): readers see the old rows or the compacted ones, never none.
          const newest = `SELECT ${COLUMNS.join(", ")} FROM ${table} QUALIFY row_number() OVER (PARTITION BY action_id ORDER BY written_at DESC) = 1`;
          await adapter.execute(adapter.dialect.createTableAs({ target, query: newest, orReplace: true }));
          return;
        }
        const keep = stored.latest;
        await adapter.transaction(async () => {
          await adapter.execute(`DELETE FROM ${table}`);
          await insertRows(adapter, table, keep);
        });
      })();
      pending.catch(() => this.prepared.delete(key));
      this.prepared.set(key, pending);
    }
    return pending;
  }
}

async function insertRows(adapter: EngineAdapter, table: string, rows: unknown[][]): Promise<void> {
  // Literals rather than bound parameters: one round trip instead of prepare + bind + run, and
  // every value here is a string or NULL.
  const value = (v: unknown) => (v === null || v === undefined ? "NULL" : adapter.dialect.literal(String(v)));
  for (let i = 0; i < rows.length; i += 100) {
    const values = rows.slice(i, i + 100).map((row) => `(${row.map(value).join(", ")})`).join(", ");
    await adapter.execute(`INSERT INTO ${table} (${COLUMNS.join(", ")}) VALUES ${values}`);
  }
}

function stateTable(database: string | undefined): Target {
  return { database, schema: STATE_SCHEMA, name: STATE_TABLE };
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function parseExtra(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
