-- manufacturing.audit.gold_hourly_sensor_aggregates_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/gold/hourly_sensor_aggregates.sqlx:32
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
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`
  GROUP BY sensor_id, hour_start
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: checked only the keys manufacturing.gold.hourly_sensor_aggregates merged last; the rest of the table passed this check before

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    t.sensor_id, t.hour_start,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates` AS t
  WHERE EXISTS (SELECT 1 FROM `manufacturing`.`_sluice`.`gold__hourly_sensor_aggregates__merged_keys` AS m WHERE m.sensor_id IS NOT DISTINCT FROM t.sensor_id AND m.hour_start IS NOT DISTINCT FROM t.hour_start)
  GROUP BY t.sensor_id, t.hour_start
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
