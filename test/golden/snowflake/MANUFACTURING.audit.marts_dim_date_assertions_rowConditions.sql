-- MANUFACTURING.audit.marts_dim_date_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_date.sqlx:21
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_date"
WHERE NOT (date_key IS NOT NULL)
UNION ALL
SELECT
  'date_day IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_date"
WHERE NOT (date_day IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_date"
WHERE NOT (date_key IS NOT NULL)
UNION ALL
SELECT
  'date_day IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."marts"."dim_date"
WHERE NOT (date_day IS NOT NULL)

) AS assertion_rows;
