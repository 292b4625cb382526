-- MANUFACTURING.audit.marts_dim_line_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_line.sqlx:13
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_line"
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_line"
WHERE NOT (plant_id IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_line"
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_line"
WHERE NOT (plant_id IS NOT NULL)

) AS assertion_rows;
