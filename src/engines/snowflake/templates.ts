import type { TemplateName } from "../template-dialect.js";

/** Snowflake SQL. */
export const snowflakeTemplates: Partial<Record<TemplateName, string>> = {
  createSchema: `CREATE SCHEMA IF NOT EXISTS {{schema}}`,
  createOrReplaceView: `CREATE OR REPLACE VIEW {{rel target}} AS
{{query}}`,
};
