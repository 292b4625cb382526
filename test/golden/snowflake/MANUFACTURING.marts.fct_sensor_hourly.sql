-- MANUFACTURING.marts.fct_sensor_hourly: incremental on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_sensor_hourly.sqlx:1
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."marts";

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."fct_sensor_hourly" CLUSTER BY ("hour_date", "sensor_id")
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
FROM "MANUFACTURING"."staging"."hourly_sensor_aggregates";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."fct_sensor_hourly__sluice_incr"
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
FROM "MANUFACTURING"."staging"."hourly_sensor_aggregates"
WHERE _last_ingested_at > (SELECT coalesce(max(_last_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM "MANUFACTURING"."marts"."fct_sensor_hourly");

MERGE INTO "MANUFACTURING"."marts"."fct_sensor_hourly" AS t
USING "MANUFACTURING"."marts"."fct_sensor_hourly__sluice_incr" AS s
ON t."sensor_id" = s."sensor_id" AND t."hour_start" = s."hour_start"
WHEN MATCHED THEN UPDATE SET "hour_date" = s."hour_date", "date_key" = s."date_key", "equipment_id" = s."equipment_id", "metric" = s."metric", "unit" = s."unit", "reading_count" = s."reading_count", "avg_value" = s."avg_value", "min_value" = s."min_value", "max_value" = s."max_value", "stddev_value" = s."stddev_value", "p95_value" = s."p95_value", "warn_count" = s."warn_count", "error_count" = s."error_count", "_last_ingested_at" = s."_last_ingested_at"
WHEN NOT MATCHED THEN INSERT ("sensor_id", "hour_start", "hour_date", "date_key", "equipment_id", "metric", "unit", "reading_count", "avg_value", "min_value", "max_value", "stddev_value", "p95_value", "warn_count", "error_count", "_last_ingested_at") VALUES (s."sensor_id", s."hour_start", s."hour_date", s."date_key", s."equipment_id", s."metric", s."unit", s."reading_count", s."avg_value", s."min_value", s."max_value", s."stddev_value", s."p95_value", s."warn_count", s."error_count", s."_last_ingested_at");

DROP TABLE "MANUFACTURING"."marts"."fct_sensor_hourly__sluice_incr";
