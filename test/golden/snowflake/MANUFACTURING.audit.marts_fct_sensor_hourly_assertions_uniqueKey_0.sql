-- MANUFACTURING.audit.marts_fct_sensor_hourly_assertions_uniqueKey_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_sensor_hourly.sqlx:30
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    sensor_id, hour_start,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY"
  GROUP BY sensor_id, hour_start
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: checked only the keys MANUFACTURING.marts.fct_sensor_hourly merged last; the rest of the table passed this check before

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    t.sensor_id, t.hour_start,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."FCT_SENSOR_HOURLY" AS t
  WHERE EXISTS (SELECT 1 FROM "MANUFACTURING"."_SLUICE"."MARTS__FCT_SENSOR_HOURLY__MERGED_KEYS" AS m WHERE m.sensor_id IS NOT DISTINCT FROM t.sensor_id AND m.hour_start IS NOT DISTINCT FROM t.hour_start)
  GROUP BY t.sensor_id, t.hour_start
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
