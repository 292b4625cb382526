import type { EngineKind, IngestSpec, Target } from "../graph/schema.js";
import { duckdbIngestSql } from "./duckdb/ingest.js";
import { databricksIngestSql } from "./databricks/ingest.js";

/**
 * The SQL an Auto Loader–style ingest needs, per engine. The strategy
 * (src/execute/strategies/ingest.ts) decides what to read and keeps the exactly-once bookkeeping;
 * each engine renders how its own SQL reads exactly the listed files, validates them, and lands
 * good records, quarantined records and ledger rows. Databricks can implement the same calls
 * with read_files / COPY INTO.
 *
 * Every landed record goes to a stage relation (one row per record, `_reason` NULL when good),
 * so bronze and quarantine are filled from one read and always add up to the landed records.
 */
export interface IngestFile {
  /** Relative to the raw zone: the name kept in the ledger and in `_source_file`. */
  path: string;
  /** Absolute path or URI the engine reads. */
  location: string;
  size: number;
  mtimeMs: number;
}

export interface IngestTables {
  bronze: Target;
  quarantine: Target;
  ledger: Target;
}

export interface IngestBatch extends IngestTables {
  spec: IngestSpec;
  actionId: string;
  batchId: string;
  /** ISO-8601 UTC: one timestamp for every row of the batch. */
  ingestedAt: string;
  /** Non-empty files to read (empty files get a ledger row only). */
  files: IngestFile[];
  /** Every new file, empty ones included: one ledger row each. */
  ledgerFiles: IngestFile[];
  /**
   * The files were ingested before and their size has changed since: every line goes to the
   * quarantine as `changed_after_ingest` and nothing to bronze.
   */
  changedAfterIngest?: boolean;
}

/** One landed record's fate, summed per file and reason. */
export interface StageSummaryRow {
  file: string;
  reason: string | null;
  records: number;
}

export interface IngestSql {
  readonly engine: EngineKind;
  createLedger(ledger: Target): string;
  /** Bronze: the hinted columns, the rescued-data column and the lineage columns. */
  createBronze(args: { target: Target; spec: IngestSpec; partitionBy?: string[] }): string;
  createQuarantine(target: Target): string;
  addColumn(args: { target: Target; name: string; type: string }): string;
  /** SELECT file_path, size, ingested_at_ms (epoch ms) … for the files this action has ingested, oldest ledger row first. */
  ledgerPaths(args: { ledger: Target; actionId: string }): string;
  /** Statements that read exactly the batch's files into the stage, validated. */
  stage(batch: IngestBatch): string[];
  /** Rows: file, reason, records (see StageSummaryRow). */
  stageSummary(batch: IngestBatch): string;
  /**
   * Rows: file, lines — how many lines each of the given files has now, as the stage reads them
   * (a file with none has no row). Asked only about files that gave the stage no record.
   */
  lineCounts(files: IngestFile[]): string;
  insertBronze(batch: IngestBatch): string;
  insertQuarantine(batch: IngestBatch): string;
  insertLedger(batch: IngestBatch): string;
  dropStage(batch: IngestBatch): string;
  /**
   * Engines whose own ledger makes ingestion exactly once (capabilities.nativeIngestLedger:
   * COPY INTO, Auto Loader / read_files): statements that land every new file matching
   * `source` (the raw zone URI joined with the glob) themselves. The stage and ledger methods
   * above are then unused.
   */
  nativeIngest?(args: NativeIngestArgs): NativeIngestPlan;
}

/**
 * What a native ingest runs: `load` lands the new files and routes every record to bronze or the
 * quarantine (each statement safe to rerun after a crash, since the engine may have no
 * transactions); `summary` counts the routed records per file and reason (rows as
 * StageSummaryRow); `cleanup` then forgets them.
 */
export interface NativeIngestPlan {
  load: string[];
  summary: string;
  cleanup: string[];
}

export interface NativeIngestArgs extends Omit<IngestTables, "ledger"> {
  spec: IngestSpec;
  actionId: string;
  batchId: string;
  ingestedAt: string;
  source: string;
  partitionBy?: string[];
}

const ingestSql: Partial<Record<EngineKind, IngestSql>> = {
  duckdb: duckdbIngestSql,
  databricks: databricksIngestSql,
};

/** The engine's ingest SQL; undefined where none is written yet. */
export function ingestSqlFor(engine: EngineKind): IngestSql | undefined {
  return ingestSql[engine];
}

