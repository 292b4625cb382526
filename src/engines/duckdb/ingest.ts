import type { IngestSpec, Target } from "../../graph/schema.js";
import type { IngestBatch, IngestFile, IngestSql } from "../ingest.js";
import { QUARANTINE_REASONS as R, castFailed } from "../../ingest/reasons.js";
import { csvSpanCtes } from "../../ingest/csv-spans.js";
import { duckdbDialect } from "./dialect.js";
import { landingPartition } from "../../zones/partition.js";

/**
 * Ingestion on DuckDB, in two steps per batch:
 * 1. lines: every file is read whole with read_text and split on LF into a temp table of
 *    (file, line number, text); a trailing CR is dropped per line, so LF, CRLF and mixed files
 *    all read right. Numbering lines this way needs no ordered scan (read_csv WITH ORDINALITY
 *    runs each file on one thread), and the table it fills is scanned in parallel next. Only a
 *    file over WHOLE_FILE_LIMIT_BYTES is streamed with read_csv instead, to bound memory.
 * 2. stage: each line validated in SQL —
 *    - NDJSON: json_valid, an object, known fields with json_extract_string (never auto-detect:
 *      it samples and drops fields), unknown keys kept as JSON in the rescued-data column;
 *    - CSV: lines joined into records where a quoted field spans lines, fields split with an
 *      RFC 4180 regex, mapped by each file's own header so a column added mid-stream is rescued
 *      rather than shifting the others.
 *    Hinted types are checked with try_cast: a value that does not cast quarantines its record.
 * A file that is not valid UTF-8 fails the batch (read_text names it) and nothing is committed.
 */

/**
 * The stage is a temp table named after the action: the runner may interleave the statements of
 * two ingest actions on one connection, so each needs its own.
 */
const stageName = (batch: IngestBatch) => `_sluice_stage_${batch.actionId.replace(/[^A-Za-z0-9_]/g, "_")}`;
const linesName = (batch: IngestBatch) => `_sluice_lines_${batch.actionId.replace(/[^A-Za-z0-9_]/g, "_")}`;
const q = (id: string) => duckdbDialect.quoteIdentifier(id);
const lit = (text: string) => duckdbDialect.literal(text);
/**
 * DuckDB's readers expand * ? [ in every path they are given, so a file named `part-0000?.ndjson`
 * would also read its sibling `part-00000.ndjson` (and `x[12].ndjson` would read `x1.ndjson`, not
 * itself). A bracket around each of them matches exactly that character.
 */
const fileLiteral = (location: string) => lit(location.replace(/[*?[]/g, (c) => `[${c}]`));
const rel = (target: Target) => duckdbDialect.relation(target);

/** One CSV field: a quoted field with "" escapes, or an unquoted run without commas or quotes. */
const CSV_FIELD = `(?:^|,)("(?:[^"]|"")*"|[^,"]*)`;

export const duckdbIngestSql: IngestSql = {
  engine: "duckdb",

  createLedger(ledger) {
    return `CREATE TABLE IF NOT EXISTS ${rel(ledger)} (
  action_id VARCHAR NOT NULL,
  file_path VARCHAR NOT NULL,
  size BIGINT,
  mtime TIMESTAMP,
  batch_id VARCHAR,
  "rows" BIGINT,
  quarantined BIGINT,
  ingested_at TIMESTAMP
)`;
  },

  createBronze({ target, spec }) {
    const columns = [
      ...Object.entries(spec.columns).map(([name, type]) => `${q(name)} ${type}`),
      `${q(spec.rescuedDataColumn)} VARCHAR`,
      `_source_file VARCHAR`,
      `_source_line BIGINT`,
      `_ingested_at TIMESTAMP`,
      `_batch_id VARCHAR`,
      `"year" INTEGER`,
      `"month" INTEGER`,
      `"day" INTEGER`,
    ];
    // partitionBy has no meaning for a DuckDB table; the year/month/day columns still carry the landing date.
    return `CREATE TABLE IF NOT EXISTS ${rel(target)} (\n  ${columns.join(",\n  ")}\n)`;
  },

  createQuarantine(target) {
    return `CREATE TABLE IF NOT EXISTS ${rel(target)} (
  _source_file VARCHAR,
  _source_line BIGINT,
  raw_text VARCHAR,
  reason VARCHAR,
  _ingested_at TIMESTAMP,
  _batch_id VARCHAR
)`;
  },

  addColumn({ target, name, type }) {
    return `ALTER TABLE ${rel(target)} ADD COLUMN ${q(name)} ${type}`;
  },

  ledgerPaths({ ledger, actionId }) {
    return `SELECT file_path, size, epoch_ms(ingested_at) AS ingested_at_ms FROM ${rel(ledger)} WHERE action_id = ${lit(actionId)} ORDER BY ingested_at, batch_id`;
  },

  stage(batch) {
    const lines = q(linesName(batch));
    const statements: string[] = [];
    for (let i = 0; i < batch.files.length; i += FILES_PER_STATEMENT) {
      const select = linesQuery(batch.files.slice(i, i + FILES_PER_STATEMENT));
      statements.push(i === 0 ? `CREATE OR REPLACE TEMP TABLE ${lines} AS\n${select}` : `INSERT INTO ${lines}\n${select}`);
    }
    const source = `lines AS (SELECT * FROM ${lines})`;
    const select = batch.changedAfterIngest ? changedStage(source) : batch.spec.format === "json" ? jsonStage(batch.spec, source) : csvStage(batch.spec, lines);
    statements.push(`CREATE OR REPLACE TEMP TABLE ${q(stageName(batch))} AS\n${select}`, `DROP TABLE ${lines}`);
    return statements;
  },

  stageSummary(batch) {
    return `SELECT _source_file AS file, _reason AS reason, count(*) AS records FROM ${q(stageName(batch))} GROUP BY ALL`;
  },

  lineCounts(files) {
    return `SELECT _source_file AS file, count(*) AS lines FROM (\n${linesQuery(files)}\n) GROUP BY _source_file`;
  },

  insertBronze(batch) {
    const { spec } = batch;
    const names = Object.keys(spec.columns);
    const columns = [...names, spec.rescuedDataColumn, "_source_file", "_source_line", "_ingested_at", "_batch_id", "year", "month", "day"];
    const values = [
      ...names.map((name) => `CAST(${q(name)} AS ${spec.columns[name]})`),
      "_rescued",
      "_source_file",
      "_source_line",
      `TIMESTAMP ${lit(timestampText(batch.ingestedAt))}`,
      lit(batch.batchId),
      "_year",
      "_month",
      "_day",
    ];
    return `INSERT INTO ${rel(batch.bronze)} (${columns.map(q).join(", ")})
SELECT ${values.join(",\n  ")}
FROM ${q(stageName(batch))} WHERE _reason IS NULL`;
  },

  insertQuarantine(batch) {
    return `INSERT INTO ${rel(batch.quarantine)} (_source_file, _source_line, raw_text, reason, _ingested_at, _batch_id)
SELECT _source_file, _source_line, _raw_text, _reason, TIMESTAMP ${lit(timestampText(batch.ingestedAt))}, ${lit(batch.batchId)}
FROM ${q(stageName(batch))} WHERE _reason IS NOT NULL`;
  },

  insertLedger(batch) {
    const rows = batch.ledgerFiles.map(
      (f) => `(${lit(f.path)}, ${f.size}, TIMESTAMP ${lit(timestampText(new Date(f.mtimeMs).toISOString()))})`,
    );
    // A batch of empty files only has no stage: every file then lands 0 rows.
    const counts = batch.files.length
      ? `SELECT _source_file, count(*) FILTER (WHERE _reason IS NULL) AS good, count(*) FILTER (WHERE _reason IS NOT NULL) AS bad
  FROM ${q(stageName(batch))} GROUP BY _source_file`
      : `SELECT CAST(NULL AS VARCHAR) AS _source_file, 0 AS good, 0 AS bad WHERE false`;
    return `INSERT INTO ${rel(batch.ledger)} (action_id, file_path, size, mtime, batch_id, "rows", quarantined, ingested_at)
SELECT ${lit(batch.actionId)}, f.path, f.size, f.mtime, ${lit(batch.batchId)},
  coalesce(s.good, 0), coalesce(s.bad, 0), TIMESTAMP ${lit(timestampText(batch.ingestedAt))}
FROM (VALUES ${rows.join(",\n  ")}) AS f(path, size, mtime)
LEFT JOIN (
  ${counts}
) AS s ON s._source_file = f.path`;
  },

  dropStage(batch) {
    return `DROP TABLE IF EXISTS ${q(stageName(batch))}; DROP TABLE IF EXISTS ${q(linesName(batch))}`;
  },
};

/**
 * Files per statement: each file is held whole in memory while it is split, so this bounds the
 * memory of one statement (and keeps each plan small when a backlog holds thousands of files).
 */
const FILES_PER_STATEMENT = 16;

/**
 * Files larger than this are streamed with read_csv instead of being held whole by read_text:
 * memory stays bounded for a huge file, at the price of one thread for it (WITH ORDINALITY) and
 * of a loud failure if it mixes LF and CRLF line endings.
 */
export const WHOLE_FILE_LIMIT_BYTES = 256 * 2 ** 20;

/**
 * Every line of the given files with its file (relative to the raw zone), 1-based line number
 * and landing partition. A final empty piece is what follows the file's last LF, not a line.
 * Blank lines are kept: they are quarantined as empty lines.
 */
export function linesQuery(files: IngestFile[], wholeFileLimit = WHOLE_FILE_LIMIT_BYTES): string {
  /** year, month, day of the file's landing partition as SQL literals, NULL outside one. */
  const partition = (path: string) => {
    const { year, month, day } = landingPartition(path);
    return [year, month, day].map((value) => (value === undefined ? "CAST(NULL AS INTEGER)" : String(value)));
  };
  const constants = (f: IngestFile) => {
    const [year, month, day] = partition(f.path);
    return `${lit(f.path)} AS _source_file, ${year} AS _year, ${month} AS _month, ${day} AS _day`;
  };
  // Only lines ending in CR are copied: trimming every line would copy every string.
  const withoutCr = (column: string) => `CASE WHEN ends_with(${column}, chr(13)) THEN rtrim(${column}, chr(13)) ELSE ${column} END`;
  const whole = files.filter((f) => f.size <= wholeFileLimit);
  const streamed = files.filter((f) => f.size > wholeFileLimit);
  const selects: string[] = [];
  if (whole.length) {
    // One read_text over the list reads the files in parallel (a UNION ALL of one read_text per
    // file was 25% slower). Each file's name and partition come from a VALUES list joined on the
    // name the reader reports; the ingest strategy checks that every non-empty file produced
    // lines, so a name spelled differently fails the batch instead of losing the file.
    const rows = whole.map((f) => `(${[lit(f.location), lit(f.path), ...partition(f.path)].join(", ")})`);
    selects.push(`SELECT _source_file, _year, _month, _day, _source_line, ${withoutCr("piece")} AS line
FROM (
  SELECT f._source_file, f._year, f._month, f._day, len(t.pieces) AS _pieces,
    unnest(range(1, len(t.pieces) + 1)) AS _source_line, unnest(t.pieces) AS piece
  FROM (
    SELECT filename,
      -- A UTF-8 byte order mark is not part of the first line.
      string_split(CASE WHEN starts_with(content, chr(65279)) THEN content[2:] ELSE content END, chr(10)) AS pieces
    FROM read_text([${whole.map((f) => fileLiteral(f.location)).join(", ")}])
  ) AS t
  JOIN (VALUES ${rows.join(",\n    ")}) AS f (location, _source_file, _year, _month, _day) ON t.filename = f.location
) AS numbered
WHERE _source_line < _pieces OR piece <> ''`);
  }
  for (const f of streamed) {
    // One VARCHAR column split on a delimiter no text contains: each line is one field, numbered
    // by its ordinality; a blank line reads as NULL (an empty line all the same), and read_csv
    // drops a BOM itself. Line endings are detected: LF and CRLF read right, but a file mixing the
    // two fails loudly (forcing LF makes the reader reject any CR).
    selects.push(`SELECT ${constants(f)}, "ordinality" AS _source_line, ${withoutCr("line")} AS line
FROM read_csv(${fileLiteral(f.location)}, columns = {'line': 'VARCHAR'}, delim = chr(1) || chr(2) || chr(3) || chr(4), quote = '', escape = '',
  header = false, auto_detect = false, hive_partitioning = false, max_line_size = 16777216) WITH ORDINALITY`);
  }
  return selects.join("\nUNION ALL\n");
}

function isText(type: string): boolean {
  return /^(VAR)?CHAR|^TEXT|^STRING/i.test(type.trim());
}

/** The stage keeps hinted columns already typed: TRY_CAST, NULL when the text does not cast. */
function typedValue(raw: string, type: string): string {
  return isText(type) ? raw : `TRY_CAST(${raw} AS ${type})`;
}

/** `cast_failed:<column>` when a value is present but did not cast (its typed column is NULL). */
function castChecks(spec: IngestSpec, rawOf: (name: string, index: number) => string): string {
  const checks = Object.entries(spec.columns)
    .map(([name, type], index) => ({ name, type, index }))
    .filter(({ type }) => !isText(type))
    .map(({ name, index }) => `WHEN ${rawOf(name, index)} IS NOT NULL AND ${q(name)} IS NULL THEN ${lit(castFailed(name))}`);
  return checks.length ? `CASE\n      ${checks.join("\n      ")}\n    END` : "CAST(NULL AS VARCHAR)";
}

/*
 * CASE evaluates each WHEN only on the rows no earlier WHEN took, so the common case (a JSON
 * object, a well-formed CSV line) is tested first and the costlier checks run on the few rows left.
 */
function jsonStage(spec: IngestSpec, lines: string): string {
  const names = Object.keys(spec.columns);
  const paths = names.map((n) => lit(`$."${n.replace(/"/g, '\\"')}"`)).join(", ");
  const known = names.map(lit).join(", ");
  const removeKnown = lit(JSON.stringify(Object.fromEntries(names.map((n) => [n, null]))));
  return `WITH ${lines},
checked AS (
  SELECT *, CASE WHEN json_valid(line) THEN line END AS json_line FROM lines
),
objects AS (
  -- json_type errors on invalid text even under CASE, so it only ever sees valid JSON; a valid
  -- text starting with '{' is an object without asking.
  SELECT *, CASE WHEN json_line IS NULL THEN NULL WHEN json_line[1] = '{' THEN json_line WHEN json_type(json_line) = 'OBJECT' THEN json_line END AS object_line
  FROM checked
),
fields AS (
  SELECT *, json_extract_string(object_line, [${paths}]) AS _values FROM objects
),
typed AS (
  SELECT _source_file, _source_line, _year, _month, _day, line, json_line, object_line, _values,
    ${names.map((n, i) => `${typedValue(`_values[${i + 1}]`, spec.columns[n])} AS ${q(n)}`).join(",\n    ")},
    -- Unknown fields: the object with every known key deleted (a JSON merge patch of nulls), NULL
    -- when none is left. Objects whose keys are exactly the hinted ones, in order, skip the patch.
    CASE
      WHEN object_line IS NULL THEN NULL
      WHEN json_keys(object_line) = [${known}] THEN NULL
      ELSE NULLIF(json_merge_patch(object_line, ${removeKnown})::VARCHAR, '{}')
    END AS _rescued
  FROM fields
),
reasoned AS (
  SELECT *,
    CASE
      WHEN object_line IS NOT NULL THEN ${castChecks(spec, (_name, i) => `_values[${i + 1}]`)}
      WHEN line IS NULL OR trim(line) = '' THEN ${lit(R.emptyLine)}
      WHEN json_line IS NULL THEN ${lit(R.invalidJson)}
      ELSE ${lit(R.notAnObject)}
    END AS _reason
  FROM typed
)
-- The raw text is kept for quarantined records only: bronze does not need it.
SELECT * EXCLUDE (line, json_line, object_line, _values), CASE WHEN _reason IS NOT NULL THEN NULLIF(line, '') END AS _raw_text
FROM reasoned`;
}

/** Files changed after they were ingested: every line to quarantine, none parsed (see changedFiles). */
function changedStage(lines: string): string {
  return `WITH ${lines}
SELECT _source_file, _source_line, _year, _month, _day, ${lit(R.changedAfterIngest)} AS _reason, NULLIF(line, '') AS _raw_text FROM lines`;
}

/**
 * \`lines\` is the lines table itself: it is scanned more than once, and a CTE over it would be
 * copied whole first.
 *
 * A quoted field may hold line breaks (RFC 4180). Such a field leaves a line with an odd number of
 * quotes where it opens and where it closes, and neither line parses alone, so only the lines that
 * do not parse are counted: a file's 1st and 2nd odd ones bound one record, its 3rd and 4th the
 * next, and so on. The record is numbered by its first line and its lines joined with LF, and it
 * replaces them only if it then parses, with the header's field count; otherwise (and for a quote
 * still open at the end of the file) each line stays a record of its own, so a stray quote costs
 * one record, not the ones after it. Lines that parse (nearly all) are neither sorted nor re-read.
 */
function csvStage(spec: IngestSpec, lines: string): string {
  const names = Object.keys(spec.columns);
  const known = names.map(lit).join(", ");
  const unquote = `x -> CASE WHEN x = '' THEN NULL WHEN starts_with(x, '"') THEN replace(x[2:-2], '""', '"') ELSE x END`;
  // A line the field pattern cannot rebuild exactly has a stray or unterminated quote.
  const parse = (from: string) => `SELECT *, line IS NOT NULL AND array_to_string(_raw_fields, ',') = line AS _wellformed,
    list_transform(_raw_fields, ${unquote}) AS _fields
  FROM (SELECT *, regexp_extract_all(line, ${lit(CSV_FIELD)}, 1) AS _raw_fields FROM ${from})`;
  const columns = "_source_file, _year, _month, _day, _source_line, line, _wellformed, _fields";
  return `WITH line_parsed AS (
  ${parse(lines)}
),
headers AS (
  SELECT _source_file, list_transform(_fields, h -> trim(h)) AS _header FROM line_parsed WHERE _source_line = 1
),
${csvSpanCtes("line_parsed")},
joined AS (
  SELECT l._source_file, l._year, l._month, l._day, s._first AS _source_line, s._last,
    string_agg(coalesce(l.line, ''), chr(10) ORDER BY l._source_line) AS line
  -- The count, taken once, spares probing every line when no file has a span (the usual case).
  FROM (SELECT * FROM ${lines} WHERE (SELECT count(*) FROM spans) > 0) AS l
  JOIN spans AS s ON l._source_file = s._source_file AND l._source_line BETWEEN s._first AND s._last
  GROUP BY l._source_file, l._year, l._month, l._day, s._first, s._last
),
joined_records AS (
  SELECT j.* FROM (${parse("joined")}) AS j JOIN headers AS h USING (_source_file)
  WHERE j._wellformed AND len(j._fields) = len(h._header)
),
joined_count AS (
  SELECT count(*) AS n FROM joined_records
),
parsed AS (
  SELECT ${columns} FROM line_parsed WHERE (SELECT n FROM joined_count) = 0
  UNION ALL
  SELECT ${columns.split(", ").map((c) => `l.${c}`).join(", ")}
  FROM (SELECT * FROM line_parsed WHERE (SELECT n FROM joined_count) > 0) AS l
  LEFT JOIN joined_records AS j ON l._source_file = j._source_file AND l._source_line BETWEEN j._source_line AND j._last
  WHERE j._source_file IS NULL
  UNION ALL
  SELECT ${columns} FROM joined_records
),
located AS (
  -- Fields are found by the file's own header: a column added mid-stream shifts nothing.
  SELECT p._source_file, p._source_line, p._year, p._month, p._day, p.line, p._wellformed, p._fields, h._header,
    [${names.map((n) => `p._fields[list_position(h._header, ${lit(n)})]`).join(", ")}] AS _values,
    list_filter(range(1, len(h._header) + 1), i -> NOT list_contains([${known}], h._header[i])) AS _unknown
  FROM parsed AS p JOIN headers AS h USING (_source_file)
  WHERE p._source_line > 1
),
typed AS (
  SELECT *,
    ${names.map((n, i) => `${typedValue(`_values[${i + 1}]`, spec.columns[n])} AS ${q(n)}`).join(",\n    ")},
    CASE WHEN len(_unknown) > 0 AND len(_fields) = len(_header)
      THEN to_json(map_from_entries(list_transform(_unknown, i -> {'key': _header[i], 'value': _fields[i]})))::VARCHAR END AS _rescued
  FROM located
),
reasoned AS (
  SELECT *,
    CASE
      -- A blank line matches a one-column header: trimmed only there (trim copies the line).
      WHEN _wellformed AND len(_fields) = len(_header) AND (len(_header) > 1 OR trim(line) <> '') THEN ${castChecks(spec, (_name, i) => `_values[${i + 1}]`)}
      WHEN line IS NULL OR trim(line) = '' THEN ${lit(R.emptyLine)}
      WHEN _header IS NULL OR _header = [NULL] THEN ${lit(R.missingHeader)}
      WHEN NOT _wellformed THEN ${lit(R.malformedCsv)}
      ELSE ${lit(R.columnCount)}
    END AS _reason
  FROM typed
)
SELECT * EXCLUDE (line, _wellformed, _fields, _header, _values, _unknown), CASE WHEN _reason IS NOT NULL THEN NULLIF(line, '') END AS _raw_text
FROM reasoned`;
}

/** DuckDB TIMESTAMP literal text (UTC, no zone suffix). */
function timestampText(iso: string): string {
  return iso.replace("T", " ").replace("Z", "");
}
