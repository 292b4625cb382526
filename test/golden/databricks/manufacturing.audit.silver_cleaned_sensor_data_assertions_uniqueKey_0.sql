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
-- message: checked only the keys manufacturing.silver.cleaned_sensor_data merged last; the rest of the table passed this check before

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    t.sensor_id, t.ts, t.metric,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`cleaned_sensor_data` AS t
  WHERE EXISTS (SELECT 1 FROM `manufacturing`.`_sluice`.`silver__cleaned_sensor_data__merged_keys` AS m WHERE m.sensor_id IS NOT DISTINCT FROM t.sensor_id AND m.ts IS NOT DISTINCT FROM t.ts AND m.metric IS NOT DISTINCT FROM t.metric)
  GROUP BY t.sensor_id, t.ts, t.metric
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
