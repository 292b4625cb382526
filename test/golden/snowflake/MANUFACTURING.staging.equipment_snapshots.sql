-- MANUFACTURING.staging.equipment_snapshots: transfer on target warehouse (snowflake), defined in definitions/silver/equipment_snapshots.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`silver`.`equipment_snapshots`

CREATE OR REPLACE TABLE "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD"
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => '@PROCESSED_ZONE/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet/', FILE_FORMAT => 'SLUICE_PARQUET'))
);

COPY INTO "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD"
FROM '@PROCESSED_ZONE/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'SLUICE_PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

CREATE TABLE IF NOT EXISTS "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS" LIKE "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD";

ALTER TABLE "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS" SWAP WITH "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD";

DROP TABLE IF EXISTS "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`silver`.`equipment_snapshots`

CREATE OR REPLACE TABLE "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD"
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => '@PROCESSED_ZONE/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet/', FILE_FORMAT => 'SLUICE_PARQUET'))
);

COPY INTO "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD"
FROM '@PROCESSED_ZONE/silver/equipment_snapshots/batch=00000000-0000-0000-0000-000000000000.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'SLUICE_PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

CREATE TABLE IF NOT EXISTS "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS" LIKE "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD";

ALTER TABLE "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS" SWAP WITH "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD";

DROP TABLE IF EXISTS "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS__SLUICE_LOAD";
