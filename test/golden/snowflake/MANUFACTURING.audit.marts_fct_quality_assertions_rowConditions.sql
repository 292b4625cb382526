-- MANUFACTURING.audit.marts_fct_quality_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_quality.sqlx:26
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'quality_date IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (quality_date IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (date_key IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'quality_date IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (quality_date IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."fct_quality"
WHERE NOT (date_key IS NOT NULL)

) AS assertion_rows;
