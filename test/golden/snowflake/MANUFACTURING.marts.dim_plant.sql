-- MANUFACTURING.marts.dim_plant: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_plant.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_PLANT"
AS
SELECT
  plant_id,
  max(plant_name) AS plant_name,
  max(country) AS country,
  max(timezone) AS timezone,
  count(*) AS line_count
FROM "MANUFACTURING"."STAGING"."PLANT_LINES"
GROUP BY plant_id;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_PLANT__SLUICE_BUILD"
AS
SELECT
  plant_id,
  max(plant_name) AS plant_name,
  max(country) AS country,
  max(timezone) AS timezone,
  count(*) AS line_count
FROM "MANUFACTURING"."STAGING"."PLANT_LINES"
GROUP BY plant_id;

ALTER TABLE "MANUFACTURING"."MARTS"."DIM_PLANT" SWAP WITH "MANUFACTURING"."MARTS"."DIM_PLANT__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."DIM_PLANT__SLUICE_BUILD";
