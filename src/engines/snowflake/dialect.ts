import { TemplateDialect, doubleQuote, singleQuoteLiteral } from "../template-dialect.js";
import { snowflakeTemplates } from "./templates.js";

/**
 * Snowflake folds unquoted identifiers to upper case, and model SQL writes column names unquoted.
 * So a plain lower-case name is quoted in upper case — the same object an unquoted reference
 * resolves to — while a name with other characters or mixed case keeps its exact spelling.
 */
const PLAIN_LOWER = /^[a-z_][a-z0-9_$]*$/;
/** The name Snowflake stores (and INFORMATION_SCHEMA shows) for an identifier Sluice quotes. */
export const storedName = (identifier: string) => (PLAIN_LOWER.test(identifier) ? identifier.toUpperCase() : identifier);
const quote = (identifier: string) => doubleQuote(storedName(identifier));
// Snowflake string literals treat backslash as an escape character.
const literal = (value: string) => singleQuoteLiteral(value.replace(/\\/g, "\\\\"));

function clusterKeys(clusterBy: unknown, partitionBy: unknown): string {
  const keys = Array.isArray(clusterBy) && clusterBy.length ? clusterBy : Array.isArray(partitionBy) ? partitionBy : [];
  return keys.length ? ` CLUSTER BY (${(keys as string[]).map(quote).join(", ")})` : "";
}

export const snowflakeDialect = new TemplateDialect({
  engine: "snowflake",
  quoteIdentifier: quote,
  literal,
  templates: snowflakeTemplates,
  helpers: {
    // NULL-safe, as on DuckDB: a key with a NULL part must match itself on the next run.
    keyMatch: (keys: string[]) => keys.map((k) => `EQUAL_NULL(t.${quote(k)}, s.${quote(k)})`).join(" AND "),
    nullSafeMatch: (keys: string[]) => keys.map((k) => `EQUAL_NULL(t.${quote(k)}, s.${quote(k)})`).join(" AND "),
    assignments: (columns: string[]) => columns.map((c) => `${quote(c)} = s.${quote(c)}`).join(", "),
    qualified: (columns: string[]) => columns.map((c) => `s.${quote(c)}`).join(", "),
    clusterKeys,
  },
});
