-- manufacturing.audit.silver_plant_lines_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/silver/plant_lines.sqlx:17
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`plant_lines`
WHERE NOT (plant_id IS NOT NULL)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`plant_lines`
WHERE NOT (line_id IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`plant_lines`
WHERE NOT (plant_id IS NOT NULL)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`plant_lines`
WHERE NOT (line_id IS NOT NULL)

) AS assertion_rows;
