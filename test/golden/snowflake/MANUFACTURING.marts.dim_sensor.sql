-- MANUFACTURING.marts.dim_sensor: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_sensor.sqlx:1
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."marts";

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."dim_sensor"
AS
SELECT sensor_id, equipment_id, metric, unit, lower_limit, upper_limit
FROM "MANUFACTURING"."staging"."sensor_registry";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."dim_sensor__sluice_build"
AS
SELECT sensor_id, equipment_id, metric, unit, lower_limit, upper_limit
FROM "MANUFACTURING"."staging"."sensor_registry";

ALTER TABLE "MANUFACTURING"."marts"."dim_sensor" SWAP WITH "MANUFACTURING"."marts"."dim_sensor__sluice_build";

DROP TABLE IF EXISTS "MANUFACTURING"."marts"."dim_sensor__sluice_build";
