import type { IngestSpec, Target } from "../../graph/schema.js";
import type { IngestSql, NativeIngestArgs, NativeIngestPlan } from "../ingest.js";
import { QUARANTINE_REASONS as R, castFailed } from "../../ingest/reasons.js";
import { csvSpanCtes } from "../../ingest/csv-spans.js";
import { databricksDialect } from "./dialect.js";
import { SluiceError } from "../../errors.js";

/**
 * Ingestion on Databricks with COPY INTO. The load history of a COPY INTO target is the
 * exactly-once ledger (capabilities.nativeIngestLedger): a file already loaded is skipped on the
 * next run, so Sluice lists no files and keeps no ledger rows (the ledger table is still created
 * because the strategy prepares it for every engine).
 *
 * Every raw record must end up in bronze or in the quarantine with its reason, so COPY INTO does
 * not load bronze directly: a JSON/CSV reader turns a value that does not cast into NULL (and,
 * with try_cast, keeps its text nowhere) and a line it cannot parse into an all-NULL row, and a
 * corrupt-record column only exists when schema inference happened to meet a bad record. Instead
 * COPY INTO loads each new file whole, as text (FILEFORMAT = TEXT, wholeText), into a stage table
 * beside bronze, which therefore holds COPY INTO's ledger. The records are then split and judged
 * in SQL as on DuckDB — same reason codes, same file-header mapping for CSV — and routed:
 * good records to bronze, the others with their raw text and reason to the quarantine. Reading a
 * file whole also gives each record its line number (Databricks' readers expose none).
 *
 * Delta has no multi-statement transactions, so each routing INSERT is made idempotent instead:
 * it skips files its table already holds (see fileIn), and the stage is emptied last. A crash
 * anywhere leaves the stage rows, and the next run routes them again without duplicating what
 * already landed.
 *
 * The cost of reading whole files: one task and one string per file (under 2 GB each); raw
 * files are batch-sized, far below that.
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

  ledgerPaths() {
    // Asked by `sluice archive`, which moves ingested files out of the raw zone: on Databricks
    // the ledger is COPY INTO's own load history (capabilities.nativeIngestLedger), so Sluice
    // has no list of ingested files to give.
    throw new SluiceError({
      code: "native-ingest-ledger",
      message: "Databricks keeps the ingest ledger itself (COPY INTO's load history); Sluice has no list of ingested files to archive",
      hint: "archive raw files on Databricks by age with the cloud storage's lifecycle rules; COPY INTO never reloads a file it has loaded",
    });
  },
  stage: notStaged,
  stageSummary: notStaged,
  lineCounts: notStaged,
  insertBronze: notStaged,
  insertQuarantine: notStaged,
  insertLedger: notStaged,
  dropStage: notStaged,

  nativeIngest(args: NativeIngestArgs): NativeIngestPlan {
    const stage = stageTarget(args.bronze);
    const judged = judgedRecords(args.spec, stage);
    return {
      load: [createStage(stage), copyIntoStage(args, stage), routeQuarantine(args, judged), routeBronze(args, judged)],
      summary: `WITH ${judged}
SELECT _source_file AS file, _reason AS reason, count(*) AS records FROM judged GROUP BY _source_file, _reason`,
      // Emptied only once both routing INSERTs have committed: until then the stage is the only copy.
      cleanup: [`DELETE FROM ${rel(stage)}`],
    };
  },
};

/** The stage lives beside bronze (same catalog and schema, so the same grants and location). */
export function stageTarget(bronze: Target): Target {
  return { ...bronze, name: `${bronze.name}__sluice_stage` };
}

function createStage(stage: Target): string {
  return `CREATE TABLE IF NOT EXISTS ${rel(stage)} (
  _file_text STRING,
  _source_file STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING,
  \`year\` INT,
  \`month\` INT,
  \`day\` INT
) USING DELTA`;
}

function copyIntoStage({ batchId, ingestedAt, source }: NativeIngestArgs, stage: Target): string {
  const { folder, pattern } = splitSource(source);
  const values = [
    "value AS `_file_text`",
    "_metadata.file_path AS `_source_file`",
    `TIMESTAMP ${lit(ingestedAt.replace("T", " ").replace("Z", ""))} AS \`_ingested_at\``,
    `${lit(batchId)} AS \`_batch_id\``,
    `${partOfPath("year")} AS \`year\``,
    `${partOfPath("month")} AS \`month\``,
    `${partOfPath("day")} AS \`day\``,
  ];
  return `COPY INTO ${rel(stage)}
FROM (
  SELECT ${values.join(",\n    ")}
  FROM ${lit(folder)}
)
FILEFORMAT = TEXT
${pattern ? `PATTERN = ${lit(pattern)}\n` : ""}FORMAT_OPTIONS ('wholeText' = 'true')
COPY_OPTIONS ('mergeSchema' = 'false')`;
}

/**
 * Files the table holds rows of are skipped. COPY INTO loads a path once, so a path's rows are
 * routed by one INSERT per table (one Delta commit: all of them or none), and:
 * - a rerun after a crash between the steps adds nothing twice;
 * - files that an earlier Sluice loaded straight into bronze with COPY INTO (before the stage
 *   existed, so the stage's ledger does not know them) are not landed a second time.
 * The landing date (year/month/day, from the path) is matched too, so a bronze partitioned by it
 * is pruned to the batch's partitions.
 */
const fileIn = (target: Target, extra = "") =>
  `EXISTS (SELECT 1 FROM ${rel(target)} AS landed WHERE landed._source_file = judged._source_file${extra})`;
const samePartition = " AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day`";

function routeQuarantine({ quarantine, bronze }: NativeIngestArgs, judged: string): string {
  return `INSERT INTO ${rel(quarantine)} (_source_file, _source_line, raw_text, reason, _ingested_at, _batch_id)
WITH ${judged}
SELECT _source_file, _source_line, line, _reason, _ingested_at, _batch_id
FROM judged
WHERE _reason IS NOT NULL
  AND NOT ${fileIn(quarantine)}
  AND NOT ${fileIn(bronze, `${samePartition} AND landed._batch_id <> judged._batch_id`)}`;
}

function routeBronze({ spec, bronze }: NativeIngestArgs, judged: string): string {
  const names = Object.keys(spec.columns);
  const columns = [...names, spec.rescuedDataColumn, "_source_file", "_source_line", "_ingested_at", "_batch_id", "year", "month", "day"];
  const values = [...names.map(q), "_rescued", "_source_file", "_source_line", "_ingested_at", "_batch_id", "`year`", "`month`", "`day`"];
  return `INSERT INTO ${rel(bronze)} (${columns.map(q).join(", ")})
WITH ${judged}
SELECT ${values.join(", ")}
FROM judged
WHERE _reason IS NULL AND NOT ${fileIn(bronze, samePartition)}`;
}

/** One CSV field: a quoted field with "" escapes, or an unquoted run without commas or quotes (as on DuckDB). */
const CSV_FIELD = `(?:^|,)("(?:[^"]|"")*"|[^,"]*)`;

function isText(type: string): boolean {
  return /^(VAR)?CHAR|^TEXT|^STRING/i.test(type.trim());
}

/** try_cast keeps the hinted type; a value present whose cast is NULL quarantines its record. */
function typedValue(raw: string, type: string): string {
  return isText(type) ? raw : `try_cast(${raw} AS ${type})`;
}

function castChecks(spec: IngestSpec, rawOf: (index: number) => string): string {
  const checks = Object.entries(spec.columns)
    .map(([name, type], index) => ({ name, type, index }))
    .filter(({ type }) => !isText(type))
    .map(({ name, index }) => `WHEN ${rawOf(index)} IS NOT NULL AND ${q(name)} IS NULL THEN ${lit(castFailed(name))}`);
  return checks.length ? `CASE\n      ${checks.join("\n      ")}\n    END` : "CAST(NULL AS STRING)";
}

/**
 * CTEs ending in \`judged\`: one row per record of the stage's files with its file, line number,
 * raw line, hinted columns (typed), rescued data and \`_reason\` (NULL when good).
 */
function judgedRecords(spec: IngestSpec, stage: Target): string {
  // split() takes a regex: '\\n' in the literal reaches Java as \n. The empty string after a
  // file's final newline is not a line; a CR before LF is not part of the line.
  const lines = `files AS (
  SELECT _source_file, _ingested_at, _batch_id, \`year\`, \`month\`, \`day\`, split(_file_text, ${lit("\\n")}) AS _lines
  FROM ${rel(stage)}
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.\`year\`, f.\`month\`, f.\`day\`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, ${lit("\\r$")}, '') AS line,
    regexp_replace(f._lines[0], ${lit("\\r$")}, '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
)`;
  return spec.format === "csv" ? csvJudged(spec, lines) : jsonJudged(spec, lines);
}

function jsonJudged(spec: IngestSpec, lines: string): string {
  const names = Object.keys(spec.columns);
  const known = `array(${names.map(lit).join(", ")})`;
  const fields = names.map((_, i) => `_f${i}`);
  return `${lines},
fields AS (
  -- json_object_keys is NULL unless the line is a JSON object; json_tuple parses each line once
  -- and gives every hinted field as text (numbers and nested values included).
  SELECT lines.*, json_object_keys(line) AS _keys, ${fields.map((f) => `j.${f}`).join(", ")}
  FROM lines
  LATERAL VIEW json_tuple(line, ${names.map(lit).join(", ")}) j AS ${fields.join(", ")}
),
typed AS (
  SELECT *,
    ${names.map((n, i) => `${typedValue(fields[i], spec.columns[n])} AS ${q(n)}`).join(",\n    ")},
    -- Fields outside the hints: the record is kept whole in the rescued-data column.
    CASE WHEN exists(_keys, k -> NOT array_contains(${known}, k)) THEN line END AS _rescued
  FROM fields
),
judged AS (
  SELECT *,
    CASE
      WHEN _keys IS NOT NULL THEN ${castChecks(spec, (i) => fields[i])}
      WHEN trim(line) = '' THEN ${lit(R.emptyLine)}
      WHEN get_json_object(line, '$') IS NOT NULL THEN ${lit(R.notAnObject)}
      ELSE ${lit(R.invalidJson)}
    END AS _reason
  FROM typed
)`;
}

function csvJudged(spec: IngestSpec, lines: string): string {
  const names = Object.keys(spec.columns);
  const known = `array(${names.map(lit).join(", ")})`;
  const unquote = `x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END`;
  // Fields are found by the file's own header (its first line): a column added mid-stream shifts nothing.
  const valueOf = (name: string) => `CASE WHEN array_position(_header, ${lit(name)}) > 0 THEN _fields[array_position(_header, ${lit(name)}) - 1] END`;
  // A line the field pattern cannot rebuild exactly has a stray or unterminated quote.
  const parse = (from: string) => `SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, ${unquote}) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, ${lit(CSV_FIELD)}, 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, ${lit(CSV_FIELD)}, 1), h -> trim(h)) AS _header
    FROM ${from}
  ) AS fielded`;
  const file = "_source_file, _ingested_at, _batch_id, `year`, `month`, `day`";
  const columns = `${file}, _source_line, line, _header_line, _header, _wellformed, _fields`;
  // Lines joined into records where a quoted field holds line breaks, as on DuckDB (see csvStage
  // there): the 1st and 2nd lines of a file that do not parse and hold an odd number of quotes
  // bound a record, the 3rd and 4th the next; a record replaces its lines only if it parses.
  return `${lines},
line_parsed AS (
  ${parse("lines WHERE _source_line > 1")}
),
${csvSpanCtes("line_parsed")},
joined AS (
  SELECT ${file.split(", ").map((c) => `l.${c}`).join(", ")}, s._first AS _source_line, s._last,
    array_join(transform(array_sort(collect_list(named_struct('n', l._source_line, 't', l.line))), x -> x.t), chr(10)) AS line,
    l._header_line
  FROM lines AS l JOIN spans AS s ON l._source_file = s._source_file AND l._source_line BETWEEN s._first AND s._last
  GROUP BY ${file.split(", ").map((c) => `l.${c}`).join(", ")}, l._header_line, s._first, s._last
),
joined_records AS (
  SELECT * FROM (${parse("joined")}) AS joined_parsed WHERE _wellformed AND size(_fields) = size(_header)
),
parsed AS (
  SELECT ${columns.split(", ").map((c) => `l.${c}`).join(", ")}
  FROM line_parsed AS l LEFT JOIN joined_records AS j ON l._source_file = j._source_file AND l._source_line BETWEEN j._source_line AND j._last
  WHERE j._source_file IS NULL
  UNION ALL
  SELECT ${columns} FROM joined_records
),
located AS (
  SELECT *, ${names.map((n, i) => `${valueOf(n)} AS _v${i}`).join(",\n    ")}
  FROM parsed
),
typed AS (
  SELECT *,
    ${names.map((n, i) => `${typedValue(`_v${i}`, spec.columns[n])} AS ${q(n)}`).join(",\n    ")},
    CASE WHEN size(_fields) = size(_header) AND exists(_header, h -> NOT array_contains(${known}, h))
      THEN to_json(map_from_entries(transform(filter(sequence(0, size(_header) - 1), i -> NOT array_contains(${known}, _header[i])), i -> struct(_header[i] AS key, _fields[i] AS value))))
    END AS _rescued
  FROM located
),
judged AS (
  SELECT *,
    CASE
      WHEN _wellformed AND size(_fields) = size(_header) AND trim(_header_line) <> '' AND trim(line) <> '' THEN ${castChecks(spec, (i) => `_v${i}`)}
      WHEN trim(line) = '' THEN ${lit(R.emptyLine)}
      WHEN trim(_header_line) = '' THEN ${lit(R.missingHeader)}
      WHEN NOT _wellformed THEN ${lit(R.malformedCsv)}
      ELSE ${lit(R.columnCount)}
    END AS _reason
  FROM typed
)`;
}
