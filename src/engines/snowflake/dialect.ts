import { TemplateDialect, doubleQuote, singleQuoteLiteral } from "../template-dialect.js";
import { snowflakeTemplates } from "./templates.js";

/**
 * Quoted identifiers are case-sensitive on Snowflake: Sluice always quotes, so names keep the
 * case they have in the project (an unquoted name would be folded to upper case).
 */
const quote = doubleQuote;
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
    keyMatch: (keys: string[]) => keys.map((k) => `t.${quote(k)} = s.${quote(k)}`).join(" AND "),
    nullSafeMatch: (keys: string[]) => keys.map((k) => `EQUAL_NULL(t.${quote(k)}, s.${quote(k)})`).join(" AND "),
    assignments: (columns: string[]) => columns.map((c) => `${quote(c)} = s.${quote(c)}`).join(", "),
    qualified: (columns: string[]) => columns.map((c) => `s.${quote(c)}`).join(", "),
    clusterKeys,
  },
});
