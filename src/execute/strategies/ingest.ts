import type { Action, IngestSpec, Target } from "../../graph/schema.js";
import { SluiceError } from "../../errors.js";
import { ingestSqlFor, type IngestBatch, type IngestFile, type IngestSql } from "../../engines/ingest.js";
import { changedFiles, ledgerTarget, newFiles, nextIngestedAt, readLedger } from "../../ingest/ledger.js";
import { QUARANTINE_REASONS } from "../../ingest/reasons.js";
import { zoneStorage, type ZoneFile } from "../../zones/storage.js";
import type { Row } from "../../engines/adapter.js";
import type { ExecutionStrategy, StrategyContext, StrategyOutcome } from "../strategy.js";
import { ensureSchema, withTransaction } from "./sql.js";

/**
 * Auto Loader–style ingestion: list the raw files matching the action's glob, drop those the
 * file ledger already holds, read exactly the rest, and land good records in bronze, malformed
 * ones in quarantine and one ledger row per file — all three in one transaction per part of the
 * backlog (INGEST_CHUNK_BYTES). A crash before a part's COMMIT leaves no trace of that part (the
 * next run reads its files again); after COMMIT its files are in the ledger and never read again. Landed records = bronze rows + quarantined rows, always.
 */
export interface IngestStrategyHooks {
  /** Runs inside each part's transaction right after the bronze insert: tests throw here to simulate a crash. */
  afterBronzeInsert?: (context: StrategyContext) => Promise<void>;
  /** Raw bytes per part (default INGEST_CHUNK_BYTES): tests make it small to land a backlog in several parts. */
  chunkBytes?: number;
}

export function createIngestStrategy(hooks: IngestStrategyHooks = {}): ExecutionStrategy {
  return {
    type: "ingest",
    execute: (context) => ingest(context, hooks),
  };
}

export const ingestStrategy: ExecutionStrategy = createIngestStrategy();

async function ingest(context: StrategyContext, hooks: IngestStrategyHooks): Promise<StrategyOutcome> {
  const { action, adapter } = context;
  const spec = requireSpec(action);
  const sql = ingestSqlFor(adapter.engine);
  if (sql && adapter.capabilities.nativeIngestLedger && sql.nativeIngest) return nativeIngest(context, sql, spec);
  if (!sql || adapter.capabilities.nativeIngestLedger) {
    throw new SluiceError({
      code: "not-implemented",
      message: `ingest on ${adapter.engine} is not implemented yet (${action.id})`,
      location: { file: action.fileName, line: action.line },
      hint: "engines with their own file ledger (COPY INTO, Auto Loader) plug in through src/engines/ingest.ts",
    });
  }
  if (context.fullRefresh) context.log(`bronze is append-only; --full-refresh does not re-read ingested files`);

  const tables = { bronze: action.target, quarantine: quarantineTarget(action, spec), ledger: ledgerTarget(action.target.database) };
  await prepareTables(context, sql, spec, tables);

  const raw = zoneStorage(context.profile.zones.raw);
  const listed = raw.list(spec.path);
  // Read straight from the adapter, even in a dry run: the ledger decides what a run would read.
  const ledger = await readLedger(adapter, sql, tables.ledger, action.id);
  const located = (files: ZoneFile[]) => files.map((f) => ({ ...f, location: raw.locate(f.path) }));
  const files = located(newFiles(listed, ledger.sizes));
  const changed = located(changedFiles(listed, ledger.sizes));
  if (!files.length && !changed.length) {
    return { status: "up_to_date", rowsAffected: 0, ingest: { files: 0, rows: 0, quarantined: 0, quarantineReasons: {} }, message: "no new files" };
  }
  if (changed.length) {
    context.log(
      `${changed.length} file(s) changed size after they were ingested, e.g. ${changed.slice(0, 3).map((f) => f.path).join(", ")}: ` +
        `their lines go to ${quarantineName(tables.quarantine)} as ${QUARANTINE_REASONS.changedAfterIngest}. Land files complete ` +
        `(write under a name starting with _ or ., then rename); to ingest such a file into bronze, land it again under a new name`,
    );
  }

  const ingestedAt = nextIngestedAt(new Date(), ledger.lastIngestedAtMs);
  const summary = { rows: 0, quarantined: 0, reasons: {} as Record<string, number> };
  const parts = [
    ...chunkFiles(files, hooks.chunkBytes ?? INGEST_CHUNK_BYTES).map((chunk) => ({ chunk, changedAfterIngest: false })),
    ...chunkFiles(changed, hooks.chunkBytes ?? INGEST_CHUNK_BYTES).map((chunk) => ({ chunk, changedAfterIngest: true })),
  ];
  for (const [index, { chunk, changedAfterIngest }] of parts.entries()) {
    if (parts.length > 1) context.log(`part ${index + 1} of ${parts.length} (${chunk.length} file(s))`);
    const batch: IngestBatch = {
      ...tables,
      spec,
      actionId: action.id,
      batchId: context.runId,
      ingestedAt,
      // An empty file has no lines to read (and DuckDB's readers reject some empty inputs): ledger row only.
      files: chunk.filter((f) => f.size > 0),
      ledgerFiles: chunk,
      changedAfterIngest,
    };
    const landed = await landChunk(context, sql, batch, hooks);
    summary.rows += landed.rows;
    summary.quarantined += landed.quarantined;
    for (const [reason, records] of Object.entries(landed.reasons)) summary.reasons[reason] = (summary.reasons[reason] ?? 0) + records;
  }

  const changedNote = changed.length ? ` (${changed.length} of them changed after they were ingested: quarantined whole)` : "";
  return {
    status: "success",
    rowsAffected: summary.rows,
    ingest: { files: files.length + changed.length, rows: summary.rows, quarantined: summary.quarantined, quarantineReasons: summary.reasons },
    message: `${files.length + changed.length} new file(s)${changedNote}: ${summary.rows} row(s) to bronze, ${summary.quarantined} quarantined`,
  };
}

const quarantineName = (target: Target) => [target.database, target.schema, target.name].filter(Boolean).join(".");

/**
 * Raw bytes read per transaction. A backlog is landed in parts, each committed with its own ledger
 * rows (so exactly once still holds, part by part): memory stays bounded by the part, not by the
 * backlog, and a crash loses at most the part in flight.
 */
const INGEST_CHUNK_BYTES = 256 * 2 ** 20;

/** Files in listing order, cut into parts of at most maxBytes (a larger file is a part of its own). */
export function chunkFiles<F extends { size: number }>(files: F[], maxBytes: number): F[][] {
  const chunks: F[][] = [];
  let current: F[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length && bytes + file.size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Stages one part, then lands bronze, quarantine and ledger rows in one transaction. */
async function landChunk(context: StrategyContext, sql: IngestSql, batch: IngestBatch, hooks: IngestStrategyHooks) {
  let summary = { rows: 0, quarantined: 0, reasons: {} as Record<string, number> };
  try {
    if (batch.files.length) summary = await stage(context, sql, batch);
    await withTransaction(context, async () => {
      if (batch.files.length) {
        if (!batch.changedAfterIngest) await context.run(sql.insertBronze(batch));
        await hooks.afterBronzeInsert?.(context);
        await context.run(sql.insertQuarantine(batch));
      }
      await context.run(sql.insertLedger(batch));
    });
  } finally {
    if (batch.files.length) await context.run(sql.dropStage(batch)).catch(() => undefined);
  }
  return summary;
}

/** The engine keeps the file ledger itself (COPY INTO, Auto Loader): Sluice only issues its statements. */
async function nativeIngest(context: StrategyContext, sql: IngestSql, spec: IngestSpec): Promise<StrategyOutcome> {
  const { action } = context;
  const tables = { bronze: action.target, quarantine: quarantineTarget(action, spec), ledger: ledgerTarget(action.target.database) };
  await prepareTables(context, sql, spec, tables);
  const plan = sql.nativeIngest!({
    spec,
    bronze: tables.bronze,
    quarantine: tables.quarantine,
    actionId: action.id,
    batchId: context.runId,
    ingestedAt: new Date().toISOString(),
    source: zoneStorage(context.profile.zones.raw).locate(spec.path),
    partitionBy: action.partitionBy,
  });
  for (const statement of plan.load) await context.run(statement);
  // Counted from what was routed (bronze and quarantine add up to the landed records), not from
  // rowsAffected, which would count only one of the two.
  const summary = summarize(context.dryRun ? [] : await context.query(plan.summary));
  for (const statement of plan.cleanup) await context.run(statement);
  return {
    status: "success",
    rowsAffected: summary.rows,
    ingest: { files: summary.files.size, rows: summary.rows, quarantined: summary.quarantined, quarantineReasons: summary.reasons },
    message: context.dryRun
      ? `native ingestion on ${context.adapter.engine}: the engine's own ledger picks the new files; their records go to bronze or quarantine`
      : `native ingestion on ${context.adapter.engine}: ${summary.files.size} file(s), ${summary.rows} row(s) to bronze, ${summary.quarantined} quarantined`,
  };
}

/** Reads and validates the batch into the stage, then counts what goes where. */
async function stage(context: StrategyContext, sql: IngestSql, batch: IngestBatch) {
  for (const statement of sql.stage(batch)) await context.run(statement);
  if (context.dryRun) return summarize([]);
  const summary = summarize(await context.query(sql.stageSummary(batch)));
  const unread = await unreadFiles(context, sql, batch, summary.files);
  if (unread.length) {
    throw new SluiceError({
      code: "ingest-unread-file",
      message: `${context.action.id}: ${unread.length} file(s) produced no records although they are not empty, e.g. ${unread.slice(0, 3).map((f) => f.path).join(", ")}; nothing of this part was committed`,
      location: { file: context.action.fileName, line: context.action.line },
      hint: "a file may have been replaced or renamed while it was read: run again; if it repeats, report it with the file's path",
    });
  }
  return summary;
}

/**
 * Files that gave the stage no record although they hold one: they were not read, and their ledger
 * rows would say 0 records, so the caller stops before anything commits. A file without a record
 * is fine when it has no line (a byte order mark alone) or, for CSV, only its header.
 */
async function unreadFiles(context: StrategyContext, sql: IngestSql, batch: IngestBatch, staged: Set<string>): Promise<IngestFile[]> {
  const recordless = batch.files.filter((f) => !staged.has(f.path));
  if (!recordless.length) return [];
  const lines = new Map((await context.query(sql.lineCounts(recordless))).map((row) => [String(row.file), Number(row.lines)]));
  const headerLines = batch.spec.format === "csv" ? 1 : 0;
  return recordless.filter((f) => (lines.get(f.path) ?? 0) > headerLines);
}

/** Sums StageSummaryRow rows (file, reason, records): good records, quarantined ones by reason, files seen. */
function summarize(summaryRows: Row[]) {
  const reasons: Record<string, number> = {};
  const files = new Set<string>();
  let rows = 0;
  let quarantined = 0;
  for (const row of summaryRows) {
    files.add(String(row.file));
    const records = Number(row.records);
    if (row.reason === null || row.reason === undefined) rows += records;
    else {
      quarantined += records;
      const reason = String(row.reason);
      reasons[reason] = (reasons[reason] ?? 0) + records;
    }
  }
  return { rows, quarantined, reasons, files };
}

/** Creates bronze, quarantine and ledger on first run; adds hinted columns the config gained since. */
async function prepareTables(context: StrategyContext, sql: IngestSql, spec: IngestSpec, tables: { bronze: Target; quarantine: Target; ledger: Target }) {
  const { adapter, action } = context;
  for (const target of [tables.bronze, tables.quarantine, tables.ledger]) await ensureSchema(context, target);
  await context.run(sql.createLedger(tables.ledger));
  await context.run(sql.createQuarantine(tables.quarantine));
  const existing = await adapter.describeRelation(tables.bronze);
  if (!existing) {
    await context.run(sql.createBronze({ target: tables.bronze, spec, partitionBy: action.partitionBy }));
    return;
  }
  if (existing.kind !== "table") {
    throw new SluiceError({
      code: "ingest-target",
      message: `${action.id} ingests into ${tables.bronze.name}, which is a view`,
      location: { file: action.fileName, line: action.line },
    });
  }
  const present = new Set(existing.columns.map((c) => c.name.toLowerCase()));
  for (const [name, type] of Object.entries(spec.columns)) {
    if (!present.has(name.toLowerCase())) await context.run(sql.addColumn({ target: tables.bronze, name, type }));
  }
}

function requireSpec(action: Action): IngestSpec {
  if (action.ingest) return action.ingest;
  throw new SluiceError({
    code: "ingest-spec",
    message: `${action.id} is an ingest action without an ingest spec`,
    location: { file: action.fileName, line: action.line },
  });
}

function quarantineTarget(action: Action, spec: IngestSpec): Target {
  return { database: spec.quarantine.database ?? action.target.database, schema: spec.quarantine.schema, name: spec.quarantine.name };
}
