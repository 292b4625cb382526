-- manufacturing.audit.gold_anomaly_detection_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/gold/anomaly_detection.sqlx:35
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'severity IS NULL OR severity IN (''low'', ''medium'', ''high'')' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (severity IS NULL OR severity IN ('low', 'medium', 'high'))
UNION ALL
SELECT
  '(severity IS NULL) = (NOT is_anomaly)' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT ((severity IS NULL) = (NOT is_anomaly))
UNION ALL
SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'hour_start IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (hour_start IS NOT NULL)
UNION ALL
SELECT
  'is_anomaly IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (is_anomaly IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'severity IS NULL OR severity IN (''low'', ''medium'', ''high'')' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (severity IS NULL OR severity IN ('low', 'medium', 'high'))
UNION ALL
SELECT
  '(severity IS NULL) = (NOT is_anomaly)' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT ((severity IS NULL) = (NOT is_anomaly))
UNION ALL
SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'hour_start IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (hour_start IS NOT NULL)
UNION ALL
SELECT
  'is_anomaly IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`anomaly_detection`
WHERE NOT (is_anomaly IS NOT NULL)

) AS assertion_rows;
