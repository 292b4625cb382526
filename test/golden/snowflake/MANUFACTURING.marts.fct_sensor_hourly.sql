-- MANUFACTURING.marts.fct_sensor_hourly: incremental on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_sensor_hourly.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY" CLUSTER BY ("HOUR_DATE", "SENSOR_ID")
AS
SELECT
  sensor_id,
  hour_start,
  hour_date,
  CAST(EXTRACT(YEAR FROM hour_date) * 10000 + EXTRACT(MONTH FROM hour_date) * 100 + EXTRACT(DAY FROM hour_date) AS INTEGER) AS date_key,
  equipment_id,
  metric,
  unit,
  reading_count,
  avg_value,
  min_value,
  max_value,
  stddev_value,
  p95_value,
  warn_count,
  error_count,
  _last_ingested_at
FROM "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY__SLUICE_INCR"
AS
SELECT
  sensor_id,
  hour_start,
  hour_date,
  CAST(EXTRACT(YEAR FROM hour_date) * 10000 + EXTRACT(MONTH FROM hour_date) * 100 + EXTRACT(DAY FROM hour_date) AS INTEGER) AS date_key,
  equipment_id,
  metric,
  unit,
  reading_count,
  avg_value,
  min_value,
  max_value,
  stddev_value,
  p95_value,
  warn_count,
  error_count,
  _last_ingested_at
FROM "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES"
WHERE _last_ingested_at > (SELECT coalesce(max(_last_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY");

CREATE OR REPLACE TABLE "MANUFACTURING"."_SLUICE"."MARTS__FCT_SENSOR_HOURLY__MERGED_KEYS"
AS
SELECT DISTINCT "SENSOR_ID", "HOUR_START" FROM "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY__SLUICE_INCR";

BEGIN TRANSACTION;

SELECT "SENSOR_ID", "HOUR_START", COUNT(*) AS sluice_rows FROM "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY__SLUICE_INCR" GROUP BY "SENSOR_ID", "HOUR_START" HAVING COUNT(*) > 1 LIMIT 5;

MERGE INTO "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY" AS t
USING "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY__SLUICE_INCR" AS s
ON EQUAL_NULL(t."SENSOR_ID", s."SENSOR_ID") AND EQUAL_NULL(t."HOUR_START", s."HOUR_START")
WHEN MATCHED THEN UPDATE SET "HOUR_DATE" = s."HOUR_DATE", "DATE_KEY" = s."DATE_KEY", "EQUIPMENT_ID" = s."EQUIPMENT_ID", "METRIC" = s."METRIC", "UNIT" = s."UNIT", "READING_COUNT" = s."READING_COUNT", "AVG_VALUE" = s."AVG_VALUE", "MIN_VALUE" = s."MIN_VALUE", "MAX_VALUE" = s."MAX_VALUE", "STDDEV_VALUE" = s."STDDEV_VALUE", "P95_VALUE" = s."P95_VALUE", "WARN_COUNT" = s."WARN_COUNT", "ERROR_COUNT" = s."ERROR_COUNT", "_LAST_INGESTED_AT" = s."_LAST_INGESTED_AT"
WHEN NOT MATCHED THEN INSERT ("SENSOR_ID", "HOUR_START", "HOUR_DATE", "DATE_KEY", "EQUIPMENT_ID", "METRIC", "UNIT", "READING_COUNT", "AVG_VALUE", "MIN_VALUE", "MAX_VALUE", "STDDEV_VALUE", "P95_VALUE", "WARN_COUNT", "ERROR_COUNT", "_LAST_INGESTED_AT") VALUES (s."SENSOR_ID", s."HOUR_START", s."HOUR_DATE", s."DATE_KEY", s."EQUIPMENT_ID", s."METRIC", s."UNIT", s."READING_COUNT", s."AVG_VALUE", s."MIN_VALUE", s."MAX_VALUE", s."STDDEV_VALUE", s."P95_VALUE", s."WARN_COUNT", s."ERROR_COUNT", s."_LAST_INGESTED_AT");

COMMIT;

DROP TABLE "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY__SLUICE_INCR";
