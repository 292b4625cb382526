import type { TemplateName } from "../template-dialect.js";

/**
 * Snowflake SQL. Every DDL statement commits on its own (capabilities.transactionalDdl is
 * false), so replaceTable builds aside and swaps in one metadata operation, and DML that must
 * change together (partition overwrite) runs inside BEGIN … COMMIT driven by the strategy.
 * Helpers beyond the shared ones come from dialect.ts: keyMatch, nullSafeMatch, assignments,
 * qualified, clusterKeys.
 */
export const snowflakeTemplates: Record<TemplateName, string> = {
  createSchema: `CREATE SCHEMA IF NOT EXISTS {{schema}}`,

  // Snowflake has no partitions: micro-partitions are pruned by clustering keys, so
  // partitionBy serves as the clustering key when no clusterBy is given.
  createTableAs: `CREATE {{#if orReplace}}OR REPLACE {{/if}}{{#if transient}}TRANSIENT {{/if}}TABLE {{rel target}}{{clusterKeys clusterBy partitionBy}}
AS
{{query}}`,

  // Build the new table aside, then ALTER TABLE … SWAP WITH exchanges the two in one
  // metadata operation: readers see the old table or the new one, never a gap. After the
  // swap the temp name holds the previous data; dropping it keeps it in Time Travel
  // (UNDROP TABLE), and a strategy that wants a named backup clones the target first
  // (cloneTable, zero-copy). A first build has nothing to swap with and is created in place.
  replaceTable: `{{#if exists}}CREATE OR REPLACE {{#if transient}}TRANSIENT {{/if}}TABLE {{rel temp}}{{clusterKeys clusterBy partitionBy}}
AS
{{query}}
;;
ALTER TABLE {{rel target}} SWAP WITH {{rel temp}}
;;
DROP TABLE IF EXISTS {{rel temp}}{{else}}CREATE OR REPLACE {{#if transient}}TRANSIENT {{/if}}TABLE {{rel target}}{{clusterKeys clusterBy partitionBy}}
AS
{{query}}{{/if}}`,

  createOrReplaceView: `CREATE OR REPLACE VIEW {{rel target}} AS
{{query}}`,

  insertInto: `INSERT INTO {{rel target}} ({{ids columns}})
{{query}}`,

  merge: `MERGE INTO {{rel target}} AS t
USING {{rel source}} AS s
ON {{keyMatch uniqueKey}}
{{#if updateColumns.length}}WHEN MATCHED THEN UPDATE SET {{assignments updateColumns}}
{{/if}}WHEN NOT MATCHED THEN INSERT ({{ids columns}}) VALUES ({{qualified columns}})`,

  // The source is wrapped in a subquery of its keys: equivalent, and the form the independent
  // parser used for golden SQL accepts (it rejects a quoted three-part name after USING).
  deleteMatching: `DELETE FROM {{rel target}} AS t
USING (SELECT {{ids uniqueKey}} FROM {{rel source}}{{#if sourceWhere}} WHERE {{sourceWhere}}{{/if}}) AS s
WHERE {{keyMatch uniqueKey}}`,

  // Run inside one transaction by the strategy (capabilities.transactions): the DELETE of the
  // partitions present in the source and the INSERT commit together. EQUAL_NULL so a NULL
  // partition is replaced like any other.
  partitionOverwrite: `DELETE FROM {{rel target}} AS t
USING (SELECT DISTINCT {{ids partitionBy}} FROM {{rel source}}) AS s
WHERE {{nullSafeMatch partitionBy}}
;;
INSERT INTO {{rel target}} ({{ids columns}})
SELECT {{ids columns}} FROM {{rel source}}`,

  dropRelation: `DROP {{#if isView}}VIEW{{else}}TABLE{{/if}} {{#if ifExists}}IF EXISTS {{/if}}{{rel target}}`,

  renameRelation: `ALTER TABLE {{rel from}} RENAME TO {{rel to}}`,

  addColumn: `ALTER TABLE {{rel target}} ADD COLUMN {{id column.name}} {{column.type}}`,

  dropColumn: `ALTER TABLE {{rel target}} DROP COLUMN {{id column}}`,

  alterColumnType: `ALTER TABLE {{rel target}} ALTER COLUMN {{id column.name}} SET DATA TYPE {{column.type}}`,

  // Snowflake reclusters in the background by the CLUSTER BY keys set at creation: nothing to run.
  optimize: `{{!-- automatic clustering --}}`,

  grant: `GRANT {{join privileges ", "}} ON {{#if isView}}VIEW{{else}}TABLE{{/if}} {{rel target}} TO ROLE {{id principal}}`,

  // Zero-copy: the clone shares micro-partitions with the source until either changes.
  cloneTable: `CREATE OR REPLACE TABLE {{rel target}} CLONE {{rel source}}`,

  beginTransaction: `BEGIN TRANSACTION`,
  commit: `COMMIT`,
  rollback: `ROLLBACK`,
};
