-- MANUFACTURING.audit.marts_dim_sensor_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_sensor.sqlx:19
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'lower_limit IS NULL OR upper_limit IS NULL OR lower_limit <= upper_limit' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
WHERE NOT (lower_limit IS NULL OR upper_limit IS NULL OR lower_limit <= upper_limit)
UNION ALL
SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'metric IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
WHERE NOT (metric IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'lower_limit IS NULL OR upper_limit IS NULL OR lower_limit <= upper_limit' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
WHERE NOT (lower_limit IS NULL OR upper_limit IS NULL OR lower_limit <= upper_limit)
UNION ALL
SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'metric IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
WHERE NOT (metric IS NOT NULL)

) AS assertion_rows;
