import type { TemplateName } from "../template-dialect.js";

/** DuckDB SQL. DDL is transactional here, so a build-and-swap runs inside one transaction. */
export const duckdbTemplates: Partial<Record<TemplateName, string>> = {
  createSchema: `CREATE SCHEMA IF NOT EXISTS {{schema}}`,
  createTableAs: `CREATE {{#if orReplace}}OR REPLACE {{/if}}TABLE {{rel target}} AS
{{query}}`,
  createOrReplaceView: `CREATE OR REPLACE VIEW {{rel target}} AS
{{query}}`,
  insertInto: `INSERT INTO {{rel target}} ({{ids columns}})
{{query}}`,
  dropRelation: `DROP {{#if isView}}VIEW{{else}}TABLE{{/if}} {{#if ifExists}}IF EXISTS {{/if}}{{rel target}}`,
  beginTransaction: `BEGIN TRANSACTION`,
  commit: `COMMIT`,
  rollback: `ROLLBACK`,
};
