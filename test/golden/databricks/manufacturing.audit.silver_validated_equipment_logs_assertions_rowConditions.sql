-- manufacturing.audit.silver_validated_equipment_logs_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/silver/validated_equipment_logs.sqlx:31
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'event_ts IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (event_ts IS NOT NULL)
UNION ALL
SELECT
  'event IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (event IS NOT NULL)
UNION ALL
SELECT
  'event_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (event_date IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'event_ts IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (event_ts IS NOT NULL)
UNION ALL
SELECT
  'event IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (event IS NOT NULL)
UNION ALL
SELECT
  'event_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE NOT (event_date IS NOT NULL)

) AS assertion_rows;
