import type { TemplateName } from "../template-dialect.js";

/**
 * Databricks SQL on Delta Lake (Unity Catalog: catalog.schema.name).
 *
 * Delta has no multi-statement transactions, so every template that changes data is one
 * statement that Delta commits atomically: readers see the old table version or the new one.
 * Helpers beyond the shared ones come from dialect.ts: keyMatch, assignments, qualified,
 * replacePredicate, tableProperties.
 */
export const databricksTemplates: Record<TemplateName, string> = {
  createSchema: `CREATE SCHEMA IF NOT EXISTS {{schema}}`,

  // Partitioning and Z-ordering instead of liquid CLUSTER BY: a liquid-clustered table
  // refuses both PARTITIONED BY and OPTIMIZE … ZORDER BY, and incremental partition
  // overwrite relies on partitions. clusterBy is applied by the optimize template.
  createTableAs: `CREATE {{#if orReplace}}OR REPLACE {{/if}}TABLE {{rel target}}
USING DELTA
{{#if partitionBy.length}}PARTITIONED BY ({{ids partitionBy}})
{{/if}}TBLPROPERTIES ({{tableProperties}})
AS
{{query}}`,

  // CREATE OR REPLACE TABLE on Delta writes the new data and swaps the table's metadata in a
  // single commit to the transaction log: concurrent readers keep reading the previous version
  // until that commit and the new one after it, never an empty or half-written table, and the
  // previous version stays reachable through time travel (RESTORE TABLE … TO VERSION AS OF).
  // So no temp table and no swap are needed; args.temp is unused here.
  replaceTable: `CREATE OR REPLACE TABLE {{rel target}}
USING DELTA
{{#if partitionBy.length}}PARTITIONED BY ({{ids partitionBy}})
{{/if}}TBLPROPERTIES ({{tableProperties}})
AS
{{query}}`,

  createOrReplaceView: `CREATE OR REPLACE VIEW {{rel target}} AS
{{query}}`,

  insertInto: `INSERT INTO {{rel target}} ({{ids columns}})
{{query}}`,

  merge: `MERGE INTO {{rel target}} AS t
USING {{rel source}} AS s
ON {{keyMatch uniqueKey}}
{{#if updateColumns.length}}WHEN MATCHED THEN UPDATE SET {{assignments updateColumns}}
{{/if}}WHEN NOT MATCHED THEN INSERT ({{ids columns}}) VALUES ({{qualified columns}})`,

  deleteMatching: `DELETE FROM {{rel target}} AS t
WHERE EXISTS (SELECT 1 FROM {{#if sourceWhere}}(SELECT * FROM {{rel source}} WHERE {{sourceWhere}}){{else}}{{rel source}}{{/if}} AS s WHERE {{keyMatch uniqueKey}})`,

  // REPLACE WHERE cannot hold a subquery (Spark's OverwriteByExpression), so the partitions
  // present in the source come as literals when the strategy read them; otherwise
  // REPLACE USING (Databricks Runtime 16.3+) replaces by the source's own column values.
  partitionOverwrite: `INSERT INTO {{rel target}}
{{#if partitionValues}}REPLACE WHERE {{replacePredicate partitionValues partitionBy}}{{else}}REPLACE USING ({{ids partitionBy}}){{/if}}
SELECT {{ids columns}} FROM {{rel source}}`,

  dropRelation: `DROP {{#if isView}}VIEW{{else}}TABLE{{/if}} {{#if ifExists}}IF EXISTS {{/if}}{{rel target}}`,

  renameRelation: `ALTER TABLE {{rel from}} RENAME TO {{rel to}}`,

  addColumn: `ALTER TABLE {{rel target}} ADD COLUMNS ({{id column.name}} {{column.type}})`,

  // Needs column mapping ('delta.columnMapping.mode' = 'name'), set by tableProperties.
  dropColumn: `ALTER TABLE {{rel target}} DROP COLUMN {{id column}}`,

  // Delta changes a column type in place only for widening, with type widening enabled.
  alterColumnType: `ALTER TABLE {{rel target}} ALTER COLUMN {{id column.name}} TYPE {{column.type}}`,

  optimize: `OPTIMIZE {{rel target}} ZORDER BY ({{ids clusterBy}})`,

  // Unity Catalog grants views through the TABLE securable as well.
  grant: `GRANT {{join privileges ", "}} ON TABLE {{rel target}} TO {{id principal}}`,

  // Delta's SHALLOW CLONE shares data files but is a separate table with its own history,
  // not the zero-copy swap Snowflake offers; capabilities.zeroCopyClone stays false and
  // replaceTable relies on Delta's atomic CREATE OR REPLACE instead.
  cloneTable: `CREATE OR REPLACE TABLE {{rel target}} SHALLOW CLONE {{rel source}}`,

  // No multi-statement transactions on Delta (capabilities.transactions is false): these
  // render nothing and the adapter skips empty statements.
  beginTransaction: ``,
  commit: ``,
  rollback: ``,
};
