-- MANUFACTURING.staging.hourly_sensor_aggregates: transfer on target warehouse (snowflake), defined in definitions/gold/hourly_sensor_aggregates.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`

CREATE OR REPLACE TABLE "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES__SLUICE_LOAD"
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => '@PROCESSED_ZONE/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet/', FILE_FORMAT => 'SLUICE_PARQUET'))
);

COPY INTO "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES__SLUICE_LOAD"
FROM '@PROCESSED_ZONE/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'SLUICE_PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

CREATE TABLE IF NOT EXISTS "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES" LIKE "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES__SLUICE_LOAD";

ALTER TABLE "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES" SWAP WITH "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES__SLUICE_LOAD";

DROP TABLE IF EXISTS "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES__SLUICE_LOAD";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`gold`.`hourly_sensor_aggregates` WHERE `_last_ingested_at` >= '2025-12-31 23:00:00' OR `_last_ingested_at` IS NULL

MERGE INTO "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES" AS t
USING (SELECT $1:"sensor_id" AS "SENSOR_ID", $1:"hour_start" AS "HOUR_START", $1:"hour_date" AS "HOUR_DATE", $1:"equipment_id" AS "EQUIPMENT_ID", $1:"metric" AS "METRIC", $1:"unit" AS "UNIT", $1:"reading_count" AS "READING_COUNT", $1:"value_sum" AS "VALUE_SUM", $1:"value_sum_sq" AS "VALUE_SUM_SQ", $1:"avg_value" AS "AVG_VALUE", $1:"min_value" AS "MIN_VALUE", $1:"max_value" AS "MAX_VALUE", $1:"stddev_value" AS "STDDEV_VALUE", $1:"p95_value" AS "P95_VALUE", $1:"warn_count" AS "WARN_COUNT", $1:"error_count" AS "ERROR_COUNT", $1:"_last_ingested_at" AS "_LAST_INGESTED_AT" FROM '@PROCESSED_ZONE/gold/hourly_sensor_aggregates/batch=00000000-0000-0000-0000-000000000000.parquet/' (FILE_FORMAT => 'SLUICE_PARQUET', PATTERN => '.*[.]parquet')) AS s
ON EQUAL_NULL(t."SENSOR_ID", s."SENSOR_ID") AND EQUAL_NULL(t."HOUR_START", s."HOUR_START")
WHEN MATCHED THEN UPDATE SET "HOUR_DATE" = s."HOUR_DATE", "EQUIPMENT_ID" = s."EQUIPMENT_ID", "METRIC" = s."METRIC", "UNIT" = s."UNIT", "READING_COUNT" = s."READING_COUNT", "VALUE_SUM" = s."VALUE_SUM", "VALUE_SUM_SQ" = s."VALUE_SUM_SQ", "AVG_VALUE" = s."AVG_VALUE", "MIN_VALUE" = s."MIN_VALUE", "MAX_VALUE" = s."MAX_VALUE", "STDDEV_VALUE" = s."STDDEV_VALUE", "P95_VALUE" = s."P95_VALUE", "WARN_COUNT" = s."WARN_COUNT", "ERROR_COUNT" = s."ERROR_COUNT", "_LAST_INGESTED_AT" = s."_LAST_INGESTED_AT"
WHEN NOT MATCHED THEN INSERT ("SENSOR_ID", "HOUR_START", "HOUR_DATE", "EQUIPMENT_ID", "METRIC", "UNIT", "READING_COUNT", "VALUE_SUM", "VALUE_SUM_SQ", "AVG_VALUE", "MIN_VALUE", "MAX_VALUE", "STDDEV_VALUE", "P95_VALUE", "WARN_COUNT", "ERROR_COUNT", "_LAST_INGESTED_AT") VALUES (s."SENSOR_ID", s."HOUR_START", s."HOUR_DATE", s."EQUIPMENT_ID", s."METRIC", s."UNIT", s."READING_COUNT", s."VALUE_SUM", s."VALUE_SUM_SQ", s."AVG_VALUE", s."MIN_VALUE", s."MAX_VALUE", s."STDDEV_VALUE", s."P95_VALUE", s."WARN_COUNT", s."ERROR_COUNT", s."_LAST_INGESTED_AT");
