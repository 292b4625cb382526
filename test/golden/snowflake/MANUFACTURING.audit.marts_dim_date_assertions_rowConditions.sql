-- MANUFACTURING.audit.marts_dim_date_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_date.sqlx:21
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_DATE"
WHERE NOT (date_key IS NOT NULL)
UNION ALL
SELECT
  'date_day IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_DATE"
WHERE NOT (date_day IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'date_key IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_DATE"
WHERE NOT (date_key IS NOT NULL)
UNION ALL
SELECT
  'date_day IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_DATE"
WHERE NOT (date_day IS NOT NULL)

) AS assertion_rows;
