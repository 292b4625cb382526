import type { TemplateName } from "../template-dialect.js";

/**
 * DuckDB SQL. DDL is transactional here, so a build-and-swap runs inside one transaction and a
 * failed build rolls back to the previous table. Multi-statement templates separate statements
 * with a line holding only `;;`.
 */
export const duckdbTemplates: Partial<Record<TemplateName, string>> = {
  createSchema: `CREATE SCHEMA IF NOT EXISTS {{schema}}`,
  createTableAs: `CREATE {{#if orReplace}}OR REPLACE {{/if}}TABLE {{rel target}} AS
{{query}}`,
  // ALTER … RENAME keeps the schema, so the temp relation lives beside the target.
  replaceTable: `{{#if exists}}DROP TABLE IF EXISTS {{rel temp}}
;;
CREATE TABLE {{rel temp}} AS
{{query}}
;;
DROP TABLE {{rel target}}
;;
ALTER TABLE {{rel temp}} RENAME TO {{id target.name}}{{else}}CREATE TABLE {{rel target}} AS
{{query}}{{/if}}`,
  createOrReplaceView: `CREATE OR REPLACE VIEW {{rel target}} AS
{{query}}`,
  insertInto: `INSERT INTO {{rel target}} ({{ids columns}})
{{query}}`,
  // Keys match NULL-safely: a row whose key has a NULL part would otherwise be inserted again on
  // every run (the transfer SQL matches the same way).
  merge: `MERGE INTO {{rel target}} AS t
USING {{rel source}} AS s
ON {{#each uniqueKey}}{{#unless @first}} AND {{/unless}}t.{{id this}} IS NOT DISTINCT FROM s.{{id this}}{{/each}}
{{#if updateColumns.length}}WHEN MATCHED THEN UPDATE SET {{#each updateColumns}}{{#unless @first}}, {{/unless}}{{id this}} = s.{{id this}}{{/each}}
{{/if}}WHEN NOT MATCHED THEN INSERT ({{ids columns}}) VALUES ({{#each columns}}{{#unless @first}}, {{/unless}}s.{{id this}}{{/each}})`,
  // DELETE … USING joins the target to the (distinct) keys once; DELETE … WHERE EXISTS ran 15x
  // slower on a 10 M-row table (1.2 s against 84 ms for 45,000 keys).
  deleteMatching: `DELETE FROM {{rel target}} AS t
USING (SELECT DISTINCT {{ids uniqueKey}} FROM {{rel source}}{{#if sourceWhere}} WHERE {{sourceWhere}}{{/if}}) AS s
WHERE {{#each uniqueKey}}{{#unless @first}} AND {{/unless}}t.{{id this}} IS NOT DISTINCT FROM s.{{id this}}{{/each}}`,
  // DuckDB has no REPLACE WHERE: delete every partition present in the new rows, then insert them.
  partitionOverwrite: `DELETE FROM {{rel target}} AS t
USING (SELECT DISTINCT {{ids partitionBy}} FROM {{rel source}}) AS s
WHERE {{#each partitionBy}}{{#unless @first}} AND {{/unless}}t.{{id this}} IS NOT DISTINCT FROM s.{{id this}}{{/each}}
;;
INSERT INTO {{rel target}} ({{ids columns}})
SELECT {{ids columns}} FROM {{rel source}}`,
  dropRelation: `DROP {{#if isView}}VIEW{{else}}TABLE{{/if}} {{#if ifExists}}IF EXISTS {{/if}}{{rel target}}`,
  renameRelation: `ALTER TABLE {{rel from}} RENAME TO {{id to.name}}`,
  addColumn: `ALTER TABLE {{rel target}} ADD COLUMN {{id column.name}} {{column.type}}`,
  dropColumn: `ALTER TABLE {{rel target}} DROP COLUMN {{id column}}`,
  alterColumnType: `ALTER TABLE {{rel target}} ALTER COLUMN {{id column.name}} SET DATA TYPE {{column.type}}`,
  beginTransaction: `BEGIN TRANSACTION`,
  commit: `COMMIT`,
  rollback: `ROLLBACK`,
};
