-- manufacturing.audit.gold_daily_equipment_summary_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/gold/daily_equipment_summary.sqlx:29
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'availability IS NULL OR availability BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (availability IS NULL OR availability BETWEEN 0 AND 1)
UNION ALL
SELECT
  'observed_seconds <= 86400.001' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (observed_seconds <= 86400.001)
UNION ALL
SELECT
  'run_seconds >= 0 AND downtime_seconds >= 0' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (run_seconds >= 0 AND downtime_seconds >= 0)
UNION ALL
SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'summary_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (summary_date IS NOT NULL)
UNION ALL
SELECT
  'run_seconds IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (run_seconds IS NOT NULL)
UNION ALL
SELECT
  'downtime_seconds IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (downtime_seconds IS NOT NULL)
UNION ALL
SELECT
  'fault_count IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (fault_count IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'availability IS NULL OR availability BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (availability IS NULL OR availability BETWEEN 0 AND 1)
UNION ALL
SELECT
  'observed_seconds <= 86400.001' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (observed_seconds <= 86400.001)
UNION ALL
SELECT
  'run_seconds >= 0 AND downtime_seconds >= 0' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (run_seconds >= 0 AND downtime_seconds >= 0)
UNION ALL
SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'summary_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (summary_date IS NOT NULL)
UNION ALL
SELECT
  'run_seconds IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (run_seconds IS NOT NULL)
UNION ALL
SELECT
  'downtime_seconds IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (downtime_seconds IS NOT NULL)
UNION ALL
SELECT
  'fault_count IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`daily_equipment_summary`
WHERE NOT (fault_count IS NOT NULL)

) AS assertion_rows;
