-- manufacturing.audit.silver_sensor_registry_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/silver/sensor_registry.sqlx:18
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`sensor_registry`
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'metric IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`sensor_registry`
WHERE NOT (metric IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'sensor_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`sensor_registry`
WHERE NOT (sensor_id IS NOT NULL)
UNION ALL
SELECT
  'metric IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`sensor_registry`
WHERE NOT (metric IS NOT NULL)

) AS assertion_rows;
