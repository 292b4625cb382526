import type { TemplateName } from "../template-dialect.js";

/** Databricks SQL on Delta Lake. */
export const databricksTemplates: Partial<Record<TemplateName, string>> = {
  createSchema: `CREATE SCHEMA IF NOT EXISTS {{schema}}`,
  createOrReplaceView: `CREATE OR REPLACE VIEW {{rel target}} AS
{{query}}`,
};
