-- MANUFACTURING.audit.marts_dim_line_assertions_uniqueKey_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_line.sqlx:14
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    line_id,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."marts"."dim_line"
  GROUP BY line_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    line_id,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."marts"."dim_line"
  GROUP BY line_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
