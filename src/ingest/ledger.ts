import { BOOKKEEPING_SCHEMA, type Target } from "../graph/schema.js";
import type { EngineAdapter } from "../engines/adapter.js";
import type { IngestSql } from "../engines/ingest.js";
import type { ZoneFile } from "../zones/storage.js";

/**
 * The file ledger: which raw files an ingest action has landed, kept in `_sluice.file_ledger` of
 * the action's own database and written in the same transaction as the bronze rows. A file in
 * the ledger is never read again, whatever happens to it later (archived, touched, rewritten).
 */
export const LEDGER_SCHEMA = BOOKKEEPING_SCHEMA;
export const LEDGER_TABLE = "file_ledger";

export function ledgerTarget(database: string | undefined): Target {
  return { database, schema: LEDGER_SCHEMA, name: LEDGER_TABLE };
}

/** Paths the action has ingested; empty when the ledger does not exist yet. */
export async function ingestedPaths(
  adapter: EngineAdapter,
  sql: IngestSql,
  ledger: Target,
  actionId: string,
): Promise<Set<string>> {
  if (!(await adapter.describeRelation(ledger))) return new Set();
  const rows = await adapter.queryAll(sql.ledgerPaths({ ledger, actionId }));
  return new Set(rows.map((r) => String(r.file_path)));
}

/** Files listed in the zone that the ledger does not hold yet, in path order. */
export function newFiles(listed: ZoneFile[], ingested: Set<string>): ZoneFile[] {
  return listed.filter((f) => !ingested.has(f.path));
}
