-- manufacturing.audit.anomaly_scores_cover_hours: assertion on target lakehouse (databricks), defined in assertions/anomaly_scores_cover_hours.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT h.sensor_id, h.hour_start, h.reading_count, a.reading_count AS scored_reading_count
FROM `manufacturing`.`gold`.`hourly_sensor_aggregates` AS h
LEFT JOIN `manufacturing`.`gold`.`anomaly_detection` AS a
  ON a.sensor_id = h.sensor_id AND a.hour_start = h.hour_start
WHERE a.sensor_id IS NULL OR a.reading_count <> h.reading_count
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT h.sensor_id, h.hour_start, h.reading_count, a.reading_count AS scored_reading_count
FROM `manufacturing`.`gold`.`hourly_sensor_aggregates` AS h
LEFT JOIN `manufacturing`.`gold`.`anomaly_detection` AS a
  ON a.sensor_id = h.sensor_id AND a.hour_start = h.hour_start
WHERE a.sensor_id IS NULL OR a.reading_count <> h.reading_count
) AS assertion_rows;
