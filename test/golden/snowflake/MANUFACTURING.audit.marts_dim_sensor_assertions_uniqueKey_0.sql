-- MANUFACTURING.audit.marts_dim_sensor_assertions_uniqueKey_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_sensor.sqlx:17
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    sensor_id,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
  GROUP BY sensor_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    sensor_id,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."DIM_SENSOR"
  GROUP BY sensor_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
