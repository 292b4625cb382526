-- manufacturing.audit.silver_processed_quality_metrics_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/silver/processed_quality_metrics.sqlx:34
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'lot_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (lot_id IS NOT NULL)
UNION ALL
SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'characteristic IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (characteristic IS NOT NULL)
UNION ALL
SELECT
  'measured_at IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (measured_at IS NOT NULL)
UNION ALL
SELECT
  'measured IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (measured IS NOT NULL)
UNION ALL
SELECT
  'is_defect IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (is_defect IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'lot_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (lot_id IS NOT NULL)
UNION ALL
SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'characteristic IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (characteristic IS NOT NULL)
UNION ALL
SELECT
  'measured_at IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (measured_at IS NOT NULL)
UNION ALL
SELECT
  'measured IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (measured IS NOT NULL)
UNION ALL
SELECT
  'is_defect IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`processed_quality_metrics`
WHERE NOT (is_defect IS NOT NULL)

) AS assertion_rows;
