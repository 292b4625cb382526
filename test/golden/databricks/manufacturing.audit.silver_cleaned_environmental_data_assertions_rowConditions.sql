-- manufacturing.audit.silver_cleaned_environmental_data_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/silver/cleaned_environmental_data.sqlx:29
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`cleaned_environmental_data`
WHERE NOT (plant_id IS NOT NULL)
UNION ALL
SELECT
  'zone IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`cleaned_environmental_data`
WHERE NOT (zone IS NOT NULL)
UNION ALL
SELECT
  'ts IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`cleaned_environmental_data`
WHERE NOT (ts IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`cleaned_environmental_data`
WHERE NOT (plant_id IS NOT NULL)
UNION ALL
SELECT
  'zone IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`cleaned_environmental_data`
WHERE NOT (zone IS NOT NULL)
UNION ALL
SELECT
  'ts IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`silver`.`cleaned_environmental_data`
WHERE NOT (ts IS NOT NULL)

) AS assertion_rows;
