-- MANUFACTURING.audit.marts_fct_equipment_daily_assertions_uniqueKey_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_equipment_daily.sqlx:29
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    equipment_id, summary_date,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."marts"."fct_equipment_daily"
  GROUP BY equipment_id, summary_date
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
    equipment_id, summary_date,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."marts"."fct_equipment_daily"
  GROUP BY equipment_id, summary_date
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
