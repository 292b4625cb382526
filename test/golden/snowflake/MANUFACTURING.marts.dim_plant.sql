-- MANUFACTURING.marts.dim_plant: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_plant.sqlx:1
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."marts";

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."dim_plant"
AS
SELECT
  plant_id,
  max(plant_name) AS plant_name,
  max(country) AS country,
  max(timezone) AS timezone,
  count(*) AS line_count
FROM "MANUFACTURING"."staging"."plant_lines"
GROUP BY plant_id;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."dim_plant__sluice_build"
AS
SELECT
  plant_id,
  max(plant_name) AS plant_name,
  max(country) AS country,
  max(timezone) AS timezone,
  count(*) AS line_count
FROM "MANUFACTURING"."staging"."plant_lines"
GROUP BY plant_id;

ALTER TABLE "MANUFACTURING"."marts"."dim_plant" SWAP WITH "MANUFACTURING"."marts"."dim_plant__sluice_build";

DROP TABLE IF EXISTS "MANUFACTURING"."marts"."dim_plant__sluice_build";
