-- MANUFACTURING.staging.daily_equipment_summary: transfer on target warehouse (snowflake), defined in definitions/gold/daily_equipment_summary.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`gold`.`daily_equipment_summary`

CREATE OR REPLACE TABLE "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD"
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => '@PROCESSED_ZONE/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet/', FILE_FORMAT => 'SLUICE_PARQUET'))
);

COPY INTO "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD"
FROM '@PROCESSED_ZONE/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'SLUICE_PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

CREATE TABLE IF NOT EXISTS "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY" LIKE "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD";

ALTER TABLE "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY" SWAP WITH "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD";

DROP TABLE IF EXISTS "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`gold`.`daily_equipment_summary`

CREATE OR REPLACE TABLE "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD"
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => '@PROCESSED_ZONE/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet/', FILE_FORMAT => 'SLUICE_PARQUET'))
);

COPY INTO "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD"
FROM '@PROCESSED_ZONE/gold/daily_equipment_summary/batch=00000000-0000-0000-0000-000000000000.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'SLUICE_PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

CREATE TABLE IF NOT EXISTS "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY" LIKE "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD";

ALTER TABLE "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY" SWAP WITH "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD";

DROP TABLE IF EXISTS "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY__SLUICE_LOAD";
