-- MANUFACTURING.audit.marts_dim_plant_assertions_rowConditions: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_plant.sqlx:15
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_PLANT"
WHERE NOT (plant_id IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'plant_id IS NOT NULL' AS failing_row_condition,
  *
FROM "MANUFACTURING"."MARTS"."DIM_PLANT"
WHERE NOT (plant_id IS NOT NULL)

) AS assertion_rows;
