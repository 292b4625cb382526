import type { Target } from "../../graph/schema.js";
import type { IngestSql, NativeIngestArgs } from "../ingest.js";
import { databricksDialect } from "./dialect.js";

/**
 * Ingestion on Databricks with COPY INTO. The table's own load history is the exactly-once
 * ledger (capabilities.nativeIngestLedger): a file already loaded into the table is skipped on
 * the next run, so Sluice lists no files and keeps no ledger rows; the ledger table is still
 * created because the strategy prepares it for every engine. Fields that do not fit the hinted
 * columns land in the rescued-data column; values that do not cast become NULL (try_cast).
 *
 * What this does not do (yet): per-record quarantine with Sluice's reason codes and source line
 * numbers, which the DuckDB path produces; COPY INTO has no per-line number.
 */
const q = (id: string) => databricksDialect.quoteIdentifier(id);
const lit = (text: string) => databricksDialect.literal(text);
const rel = (target: Target) => databricksDialect.relation(target);

function notStaged(): never {
  throw new Error("Databricks ingests with COPY INTO (nativeIngest); the staged path is not used");
}

/** Splits `s3://bucket/raw/sensor/**\/*.ndjson` into the folder COPY INTO reads and its glob PATTERN. */
export function splitSource(source: string): { folder: string; pattern: string | undefined } {
  const firstGlob = source.search(/[*?[{]/);
  if (firstGlob < 0) return { folder: source, pattern: undefined };
  const cut = source.lastIndexOf("/", firstGlob);
  return { folder: source.slice(0, cut), pattern: source.slice(cut + 1) };
}

const partOfPath = (key: string) => `CAST(regexp_extract(_metadata.file_path, ${lit(`${key}=(\\d+)`)}, 1) AS INT)`;

export const databricksIngestSql: IngestSql = {
  engine: "databricks",

  createLedger(ledger) {
    return `CREATE TABLE IF NOT EXISTS ${rel(ledger)} (
  action_id STRING NOT NULL,
  file_path STRING NOT NULL,
  size BIGINT,
  mtime TIMESTAMP,
  batch_id STRING,
  rows BIGINT,
  quarantined BIGINT,
  ingested_at TIMESTAMP
) USING DELTA`;
  },

  createBronze({ target, spec, partitionBy }) {
    const columns = [
      ...Object.entries(spec.columns).map(([name, type]) => `${q(name)} ${type}`),
      `${q(spec.rescuedDataColumn)} STRING`,
      "`_source_file` STRING",
      "`_source_line` BIGINT",
      "`_ingested_at` TIMESTAMP",
      "`_batch_id` STRING",
      "`year` INT",
      "`month` INT",
      "`day` INT",
    ];
    const partitions = partitionBy?.length ? `\nPARTITIONED BY (${partitionBy.map(q).join(", ")})` : "";
    return `CREATE TABLE IF NOT EXISTS ${rel(target)} (\n  ${columns.join(",\n  ")}\n) USING DELTA${partitions}`;
  },

  createQuarantine(target) {
    return `CREATE TABLE IF NOT EXISTS ${rel(target)} (
  _source_file STRING,
  _source_line BIGINT,
  raw_text STRING,
  reason STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING
) USING DELTA`;
  },

  addColumn({ target, name, type }) {
    return `ALTER TABLE ${rel(target)} ADD COLUMNS (${q(name)} ${type})`;
  },

  ledgerPaths: notStaged,
  stage: notStaged,
  stageSummary: notStaged,
  insertBronze: notStaged,
  insertQuarantine: notStaged,
  insertLedger: notStaged,
  dropStage: notStaged,

  nativeIngest(args: NativeIngestArgs) {
    return [copyInto(args)];
  },
};

function copyInto({ spec, bronze, batchId, ingestedAt, source }: NativeIngestArgs): string {
  const { folder, pattern } = splitSource(source);
  const values = [
    ...Object.entries(spec.columns).map(([name, type]) => `try_cast(${q(name)} AS ${type}) AS ${q(name)}`),
    q(spec.rescuedDataColumn),
    "_metadata.file_path AS `_source_file`",
    "CAST(NULL AS BIGINT) AS `_source_line`",
    `TIMESTAMP ${lit(ingestedAt.replace("T", " ").replace("Z", ""))} AS \`_ingested_at\``,
    `${lit(batchId)} AS \`_batch_id\``,
    `${partOfPath("year")} AS \`year\``,
    `${partOfPath("month")} AS \`month\``,
    `${partOfPath("day")} AS \`day\``,
  ];
  const formatOptions = [`'rescuedDataColumn' = ${lit(spec.rescuedDataColumn)}`, ...(spec.format === "csv" ? ["'header' = 'true'"] : [])];
  return `COPY INTO ${rel(bronze)}
FROM (
  SELECT ${values.join(",\n    ")}
  FROM ${lit(folder)}
)
FILEFORMAT = ${spec.format === "csv" ? "CSV" : "JSON"}
${pattern ? `PATTERN = ${lit(pattern)}\n` : ""}FORMAT_OPTIONS (${formatOptions.join(", ")})
COPY_OPTIONS ('mergeSchema' = 'false')`;
}

