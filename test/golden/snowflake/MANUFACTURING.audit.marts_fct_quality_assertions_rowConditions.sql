-- MANUFACTURING.audit.marts_fct_quality_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_quality.sqlx:26
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'quality_date IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (quality_date IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (date_key IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'quality_date IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (quality_date IS NOT NULL)
UNION ALL
SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
WHERE NOT (date_key IS NOT NULL)

) AS assertion_rows;
