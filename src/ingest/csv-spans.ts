/**
 * CSV records that span lines (RFC 4180: a quoted field may hold line breaks), in SQL every engine
 * reads alike. A field that breaks across lines leaves a line with an odd number of quotes where
 * it opens and where it closes, and neither line parses alone; so only lines that did not parse
 * are counted, and a file's 1st and 2nd such lines bound one record, its 3rd and 4th the next.
 *
 * `parsedLines` names a relation with _source_file, _source_line, line and _wellformed. The CTEs
 * end in `spans` (_source_file, _first, _last); each engine joins the lines of a span in its own
 * SQL and keeps the record only if it parses.
 */
export function csvSpanCtes(parsedLines: string): string {
  return `odd AS (
  SELECT _source_file, _source_line, row_number() OVER (PARTITION BY _source_file ORDER BY _source_line) AS _nth
  FROM ${parsedLines} WHERE NOT _wellformed AND (length(line) - length(replace(line, '"', ''))) % 2 = 1
),
spans AS (
  SELECT o._source_file, o._source_line AS _first, c._source_line AS _last
  FROM odd AS o JOIN odd AS c ON c._source_file = o._source_file AND c._nth = o._nth + 1
  WHERE o._nth % 2 = 1
)`;
}
