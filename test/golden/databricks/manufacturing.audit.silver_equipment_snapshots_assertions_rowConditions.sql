-- manufacturing.audit.silver_equipment_snapshots_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/silver/equipment_snapshots.sqlx:20
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`equipment_snapshots`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'snapshot_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`equipment_snapshots`
WHERE NOT (snapshot_date IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`equipment_snapshots`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'snapshot_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`equipment_snapshots`
WHERE NOT (snapshot_date IS NOT NULL)

) AS assertion_rows;
