-- manufacturing.audit.silver_cleaned_sensor_data_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/cleaned_sensor_data.sqlx:46
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    sensor_id, ts, metric,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`cleaned_sensor_data`
  GROUP BY sensor_id, ts, metric
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
    sensor_id, ts, metric,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`cleaned_sensor_data`
  GROUP BY sensor_id, ts, metric
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
