-- MANUFACTURING.staging.anomaly_detection: transfer on target warehouse (snowflake), defined in definitions/gold/anomaly_detection.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`gold`.`anomaly_detection`

CREATE OR REPLACE TABLE "MANUFACTURING"."STAGING"."ANOMALY_DETECTION__SLUICE_LOAD"
USING TEMPLATE (
  SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
  FROM TABLE(INFER_SCHEMA(LOCATION => '@PROCESSED_ZONE/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet/', FILE_FORMAT => 'SLUICE_PARQUET'))
);

COPY INTO "MANUFACTURING"."STAGING"."ANOMALY_DETECTION__SLUICE_LOAD"
FROM '@PROCESSED_ZONE/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet/'
FILE_FORMAT = (FORMAT_NAME = 'SLUICE_PARQUET')
PATTERN = '.*[.]parquet'
MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;

CREATE TABLE IF NOT EXISTS "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" LIKE "MANUFACTURING"."STAGING"."ANOMALY_DETECTION__SLUICE_LOAD";

ALTER TABLE "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" SWAP WITH "MANUFACTURING"."STAGING"."ANOMALY_DETECTION__SLUICE_LOAD";

DROP TABLE IF EXISTS "MANUFACTURING"."STAGING"."ANOMALY_DETECTION__SLUICE_LOAD";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: would unload to s3://manufacturing-prod/processed/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet
-- log: [lakehouse] INSERT OVERWRITE DIRECTORY 's3://manufacturing-prod/processed/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet'
--   USING PARQUET
--   SELECT * FROM `manufacturing`.`gold`.`anomaly_detection` WHERE `_last_ingested_at` >= '2025-12-31 23:00:00' OR `_last_ingested_at` IS NULL

MERGE INTO "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" AS t
USING (SELECT $1:"sensor_id" AS "SENSOR_ID", $1:"hour_start" AS "HOUR_START", $1:"hour_date" AS "HOUR_DATE", $1:"equipment_id" AS "EQUIPMENT_ID", $1:"metric" AS "METRIC", $1:"unit" AS "UNIT", $1:"reading_count" AS "READING_COUNT", $1:"avg_value" AS "AVG_VALUE", $1:"peak_value" AS "PEAK_VALUE", $1:"baseline_count" AS "BASELINE_COUNT", $1:"baseline_hours" AS "BASELINE_HOURS", $1:"baseline_mean" AS "BASELINE_MEAN", $1:"baseline_stddev" AS "BASELINE_STDDEV", $1:"z_score" AS "Z_SCORE", $1:"avg_z_score" AS "AVG_Z_SCORE", $1:"severity" AS "SEVERITY", $1:"is_anomaly" AS "IS_ANOMALY", $1:"_last_ingested_at" AS "_LAST_INGESTED_AT" FROM '@PROCESSED_ZONE/gold/anomaly_detection/batch=00000000-0000-0000-0000-000000000000.parquet/' (FILE_FORMAT => 'SLUICE_PARQUET', PATTERN => '.*[.]parquet')) AS s
ON EQUAL_NULL(t."SENSOR_ID", s."SENSOR_ID") AND EQUAL_NULL(t."HOUR_START", s."HOUR_START")
WHEN MATCHED THEN UPDATE SET "HOUR_DATE" = s."HOUR_DATE", "EQUIPMENT_ID" = s."EQUIPMENT_ID", "METRIC" = s."METRIC", "UNIT" = s."UNIT", "READING_COUNT" = s."READING_COUNT", "AVG_VALUE" = s."AVG_VALUE", "PEAK_VALUE" = s."PEAK_VALUE", "BASELINE_COUNT" = s."BASELINE_COUNT", "BASELINE_HOURS" = s."BASELINE_HOURS", "BASELINE_MEAN" = s."BASELINE_MEAN", "BASELINE_STDDEV" = s."BASELINE_STDDEV", "Z_SCORE" = s."Z_SCORE", "AVG_Z_SCORE" = s."AVG_Z_SCORE", "SEVERITY" = s."SEVERITY", "IS_ANOMALY" = s."IS_ANOMALY", "_LAST_INGESTED_AT" = s."_LAST_INGESTED_AT"
WHEN NOT MATCHED THEN INSERT ("SENSOR_ID", "HOUR_START", "HOUR_DATE", "EQUIPMENT_ID", "METRIC", "UNIT", "READING_COUNT", "AVG_VALUE", "PEAK_VALUE", "BASELINE_COUNT", "BASELINE_HOURS", "BASELINE_MEAN", "BASELINE_STDDEV", "Z_SCORE", "AVG_Z_SCORE", "SEVERITY", "IS_ANOMALY", "_LAST_INGESTED_AT") VALUES (s."SENSOR_ID", s."HOUR_START", s."HOUR_DATE", s."EQUIPMENT_ID", s."METRIC", s."UNIT", s."READING_COUNT", s."AVG_VALUE", s."PEAK_VALUE", s."BASELINE_COUNT", s."BASELINE_HOURS", s."BASELINE_MEAN", s."BASELINE_STDDEV", s."Z_SCORE", s."AVG_Z_SCORE", s."SEVERITY", s."IS_ANOMALY", s."_LAST_INGESTED_AT");
