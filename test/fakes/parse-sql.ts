import { Dialect, init, parse } from "@polyglot-sql/sdk";

/**
 * An independent parser for rendered SQL (polyglot-sql's parser only; its transpiler is not
 * trusted). A statement that fails to parse returns the parser's message.
 */
let ready: Promise<void> | undefined;

export async function parseErrors(sql: string, engine: "databricks" | "snowflake"): Promise<string | null> {
  ready ??= init();
  await ready;
  const result = parse(sql, engine === "databricks" ? Dialect.Databricks : Dialect.Snowflake);
  return result.success ? null : `${result.error} (line ${result.errorLine ?? "?"}, column ${result.errorColumn ?? "?"})`;
}
