import { TemplateDialect, singleQuoteLiteral } from "../template-dialect.js";
import { databricksTemplates } from "./templates.js";

const quote = (identifier: string) => "`" + identifier.replace(/`/g, "``") + "`";
// Spark SQL string literals treat backslash as an escape character.
const literal = (value: string) => singleQuoteLiteral(value.replace(/\\/g, "\\\\"));

/**
 * Table properties of every table Sluice creates. Column mapping lets ALTER TABLE DROP/RENAME
 * COLUMN work (it needs reader 2 / writer 5); type widening lets ALTER COLUMN … TYPE widen
 * types in place; optimized writes keep file counts down without a separate job.
 */
export const DELTA_TABLE_PROPERTIES: ReadonlyArray<readonly [string, string]> = [
  ["delta.columnMapping.mode", "name"],
  ["delta.minReaderVersion", "2"],
  ["delta.minWriterVersion", "5"],
  ["delta.enableTypeWidening", "true"],
  ["delta.autoOptimize.optimizeWrite", "true"],
];

type PartitionValue = string | number | boolean | null;

function valueSql(value: PartitionValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`partition value ${value} is not a finite number`);
    return String(value);
  }
  return literal(value);
}

/** `(p = 'a' AND q = 1) OR (…)` over the given partition values; FALSE when there are none. */
function replacePredicate(values: Array<Record<string, PartitionValue>>, columns: string[]): string {
  if (!values.length) return "FALSE";
  return values
    .map((row) => {
      const parts = columns.map((column) => {
        const value = row[column] ?? null;
        return value === null ? `${quote(column)} IS NULL` : `${quote(column)} = ${valueSql(value)}`;
      });
      return `(${parts.join(" AND ")})`;
    })
    .join(" OR ");
}

export const databricksDialect = new TemplateDialect({
  engine: "databricks",
  quoteIdentifier: quote,
  literal,
  templates: databricksTemplates,
  helpers: {
    // NULL-safe, as on DuckDB: a key with a NULL part must match itself on the next run.
    keyMatch: (keys: string[]) => keys.map((k) => `t.${quote(k)} <=> s.${quote(k)}`).join(" AND "),
    assignments: (columns: string[]) => columns.map((c) => `${quote(c)} = s.${quote(c)}`).join(", "),
    qualified: (columns: string[]) => columns.map((c) => `s.${quote(c)}`).join(", "),
    replacePredicate,
    tableProperties: () => DELTA_TABLE_PROPERTIES.map(([k, v]) => `${literal(k)} = ${literal(v)}`).join(", "),
  },
});
