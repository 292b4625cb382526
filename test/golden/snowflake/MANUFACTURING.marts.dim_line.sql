-- MANUFACTURING.marts.dim_line: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_line.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_LINE"
AS
SELECT line_id, line_name, plant_id
FROM "MANUFACTURING"."STAGING"."PLANT_LINES"
QUALIFY ROW_NUMBER() OVER (PARTITION BY line_id ORDER BY snapshot_date DESC, plant_id) = 1;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_LINE__SLUICE_BUILD"
AS
SELECT line_id, line_name, plant_id
FROM "MANUFACTURING"."STAGING"."PLANT_LINES"
QUALIFY ROW_NUMBER() OVER (PARTITION BY line_id ORDER BY snapshot_date DESC, plant_id) = 1;

ALTER TABLE "MANUFACTURING"."MARTS"."DIM_LINE" SWAP WITH "MANUFACTURING"."MARTS"."DIM_LINE__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."DIM_LINE__SLUICE_BUILD";
