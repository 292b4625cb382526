-- MANUFACTURING.audit.marts_fct_sensor_hourly_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_sensor_hourly.sqlx:29
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'hour_start IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (hour_start IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (date_key IS NOT NULL)
UNION ALL
SELECT
  'reading_count IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (reading_count IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'hour_start IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (hour_start IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (date_key IS NOT NULL)
UNION ALL
SELECT
  'reading_count IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_sensor_hourly"
WHERE NOT (reading_count IS NOT NULL)

) AS assertion_rows;
