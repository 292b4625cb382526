-- MANUFACTURING.audit.marts_fct_equipment_daily_assertions_relationships_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_equipment_daily.sqlx:31
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT child.*
FROM "MANUFACTURING"."marts"."fct_equipment_daily" AS child
WHERE child.date_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "MANUFACTURING"."marts"."dim_date" AS parent WHERE parent.date_key = child.date_key)
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT child.*
FROM "MANUFACTURING"."marts"."fct_equipment_daily" AS child
WHERE child.date_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "MANUFACTURING"."marts"."dim_date" AS parent WHERE parent.date_key = child.date_key)
) AS assertion_rows;
