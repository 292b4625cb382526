-- MANUFACTURING.marts.dim_sensor: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_sensor.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_SENSOR"
AS
SELECT sensor_id, equipment_id, metric, unit, lower_limit, upper_limit
FROM "MANUFACTURING"."STAGING"."SENSOR_REGISTRY";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_SENSOR__SLUICE_BUILD"
AS
SELECT sensor_id, equipment_id, metric, unit, lower_limit, upper_limit
FROM "MANUFACTURING"."STAGING"."SENSOR_REGISTRY";

ALTER TABLE "MANUFACTURING"."MARTS"."DIM_SENSOR" SWAP WITH "MANUFACTURING"."MARTS"."DIM_SENSOR__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."DIM_SENSOR__SLUICE_BUILD";
