/**
 * Why a landed record went to quarantine. Every engine's ingest SQL uses these codes, so
 * quarantine tables and run summaries read the same on DuckDB and Databricks.
 */
export const QUARANTINE_REASONS = {
  /** A blank line (whitespace only) between records. */
  emptyLine: "empty_line",
  /** NDJSON: the line is not valid JSON. */
  invalidJson: "invalid_json",
  /** NDJSON: valid JSON, but an array, string or number instead of an object. */
  notAnObject: "not_a_json_object",
  /** CSV: a stray or unterminated quote. */
  malformedCsv: "malformed_csv",
  /** CSV: the file's first line, its header, is blank. */
  missingHeader: "missing_header",
  /** CSV: more or fewer fields than the file's header. */
  columnCount: "column_count",
  /**
   * The file's size changed after it was ingested: each of its lines as it reads now, none parsed
   * (its earlier records stay in bronze; compare by _source_file and _source_line).
   */
  changedAfterIngest: "changed_after_ingest",
} as const;

/** A value that does not cast to the column's hinted type: `cast_failed:<column>`. */
export function castFailed(column: string): string {
  return `cast_failed:${column}`;
}
