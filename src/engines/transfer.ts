import type { EngineKind, Target } from "../graph/schema.js";
import type { ResolvedTarget } from "../config/profiles.js";
import { duckdbTransferSql } from "./duckdb/transfer.js";
import { databricksTransferSql } from "./databricks/transfer.js";
import { snowflakeTransferSqlForTarget } from "./snowflake/transfer.js";

/**
 * The SQL a cross-engine transfer needs, per engine: the source side unloads rows to a Parquet
 * file in the processed zone, the destination side loads that file. DuckDB does both with COPY …
 * TO and read_parquet; Snowflake (COPY INTO from a stage) and Databricks (INSERT OVERWRITE
 * DIRECTORY / COPY INTO) plug in here without touching the strategy.
 */
export interface TransferSql {
  readonly engine: EngineKind;
  /** Source side: writes the rows of `query` to `location` as one Parquet file. */
  unload(args: { query: string; location: string }): string;
  /** Destination side: rows (count) and watermark (max of the column, as text) of the unloaded file. */
  summarize(args: { location: string; watermarkColumn?: string }): string;
  /** Destination side: one row per column of the file: column_name, column_type (the destination engine's type). */
  describeFile(args: { location: string }): string;
  /** Destination side: how many rows share a unique key with another (must be 0 before a merge). */
  duplicateKeys(args: { location: string; uniqueKey: string[] }): string;
  /** Replaces the destination with the file's rows. */
  loadReplace(args: { target: Target; location: string }): string;
  /** Appends the file's rows. */
  loadInsert(args: { target: Target; location: string; columns: string[] }): string;
  /** Upserts the file's rows on the unique key. */
  loadMerge(args: { target: Target; location: string; uniqueKey: string[]; columns: string[] }): string;
}

/** Some engines' transfer SQL depends on the target's settings (Snowflake: its stage over the processed zone). */
const transferSql: Record<EngineKind, (target: ResolvedTarget, processedZone: string) => TransferSql> = {
  duckdb: () => duckdbTransferSql,
  databricks: () => databricksTransferSql,
  snowflake: snowflakeTransferSqlForTarget,
};

export function transferSqlFor(target: ResolvedTarget, processedZone: string): TransferSql {
  return transferSql[target.engine](target, processedZone);
}
