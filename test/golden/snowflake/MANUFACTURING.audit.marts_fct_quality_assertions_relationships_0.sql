-- MANUFACTURING.audit.marts_fct_quality_assertions_relationships_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_quality.sqlx:25
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT c.*
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY" AS c
WHERE c.date_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "MANUFACTURING"."MARTS"."DIM_DATE" AS p WHERE p.date_key = c.date_key)
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT c.*
FROM "MANUFACTURING"."MARTS"."FCT_QUALITY" AS c
WHERE c.date_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "MANUFACTURING"."MARTS"."DIM_DATE" AS p WHERE p.date_key = c.date_key)
) AS assertion_rows;
