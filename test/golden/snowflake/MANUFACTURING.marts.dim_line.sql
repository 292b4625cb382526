-- MANUFACTURING.marts.dim_line: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_line.sqlx:1
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."marts";

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."dim_line"
AS
SELECT line_id, line_name, plant_id
FROM "MANUFACTURING"."staging"."plant_lines"
QUALIFY ROW_NUMBER() OVER (PARTITION BY line_id ORDER BY snapshot_date DESC, plant_id) = 1;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."dim_line__sluice_build"
AS
SELECT line_id, line_name, plant_id
FROM "MANUFACTURING"."staging"."plant_lines"
QUALIFY ROW_NUMBER() OVER (PARTITION BY line_id ORDER BY snapshot_date DESC, plant_id) = 1;

ALTER TABLE "MANUFACTURING"."marts"."dim_line" SWAP WITH "MANUFACTURING"."marts"."dim_line__sluice_build";

DROP TABLE IF EXISTS "MANUFACTURING"."marts"."dim_line__sluice_build";
