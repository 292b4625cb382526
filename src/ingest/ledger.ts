import { BOOKKEEPING_SCHEMA, type Target } from "../graph/schema.js";
import type { EngineAdapter } from "../engines/adapter.js";
import type { IngestSql } from "../engines/ingest.js";
import type { ZoneFile } from "../zones/storage.js";

/**
 * The file ledger: which raw files an ingest action has landed, kept in `_sluice.file_ledger` of
 * the action's own database and written in the same transaction as the bronze rows. A file in
 * the ledger is never read into bronze again, whatever happens to it later; one whose size changed
 * since is read once more, whole, into the quarantine (changedFiles), so its new records are not
 * lost without a trace.
 */
export const LEDGER_SCHEMA = BOOKKEEPING_SCHEMA;
export const LEDGER_TABLE = "file_ledger";

export function ledgerTarget(database: string | undefined): Target {
  return { database, schema: LEDGER_SCHEMA, name: LEDGER_TABLE };
}

export interface LedgerView {
  /** Each ingested path with its size (bytes) when it was last read. */
  sizes: Map<string, number>;
  /** When the action last landed a batch (epoch ms), if ever. */
  lastIngestedAtMs: number | undefined;
}

/** What the action's ledger holds; empty when the ledger does not exist yet. */
export async function readLedger(adapter: EngineAdapter, sql: IngestSql, ledger: Target, actionId: string): Promise<LedgerView> {
  if (!(await adapter.describeRelation(ledger))) return { sizes: new Map(), lastIngestedAtMs: undefined };
  // Rows come oldest first: a file read again after it changed keeps its newest size.
  const rows = await adapter.queryAll(sql.ledgerPaths({ ledger, actionId }));
  const last = rows.at(-1)?.ingested_at_ms;
  return {
    sizes: new Map(rows.map((r) => [String(r.file_path), Number(r.size)])),
    lastIngestedAtMs: last === undefined || last === null ? undefined : Number(last),
  };
}

/**
 * The `_ingested_at` of a new batch: now, or just after the action's last batch if the clock
 * stands behind it (a clock stepped back, another machine). Downstream models read bronze rows
 * above the highest `_ingested_at` they hold, so a batch stamped earlier would never be read.
 */
export function nextIngestedAt(now: Date, lastIngestedAtMs: number | undefined): string {
  const at = lastIngestedAtMs === undefined ? now.getTime() : Math.max(now.getTime(), lastIngestedAtMs + 1);
  return new Date(at).toISOString();
}

/** Files listed in the zone that the ledger does not hold yet, in path order. */
export function newFiles(listed: ZoneFile[], ingested: ReadonlyMap<string, number>): ZoneFile[] {
  return listed.filter((f) => !ingested.has(f.path));
}

/**
 * Files the ledger holds whose size is no longer the size they were read at: written to after
 * they were ingested (landed incomplete, appended to, or replaced). The size alone decides, since
 * a copy of the raw zone (cp -r) gives every file a new modification time but keeps its bytes.
 */
export function changedFiles(listed: ZoneFile[], ingested: ReadonlyMap<string, number>): ZoneFile[] {
  return listed.filter((f) => ingested.has(f.path) && ingested.get(f.path) !== f.size);
}
