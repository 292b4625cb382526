-- MANUFACTURING.audit.marts_fct_equipment_daily_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_equipment_daily.sqlx:28
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_equipment_daily"
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'summary_date IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_equipment_daily"
WHERE NOT (summary_date IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_equipment_daily"
WHERE NOT (date_key IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'equipment_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_equipment_daily"
WHERE NOT (equipment_id IS NOT NULL)
UNION ALL
SELECT
  'summary_date IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_equipment_daily"
WHERE NOT (summary_date IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_equipment_daily"
WHERE NOT (date_key IS NOT NULL)

) AS assertion_rows;
