-- MANUFACTURING.audit.marts_fct_equipment_daily_assertions_uniqueKey_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_equipment_daily.sqlx:29
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    equipment_id, summary_date,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY"
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
  FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY"
  GROUP BY equipment_id, summary_date
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
