-- MANUFACTURING.marts.fct_equipment_daily: table on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_equipment_daily.sqlx:1
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."marts";

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."fct_equipment_daily" CLUSTER BY ("summary_date")
AS
SELECT
  s.equipment_id,
  s.summary_date,
  CAST(EXTRACT(YEAR FROM s.summary_date) * 10000 + EXTRACT(MONTH FROM s.summary_date) * 100 + EXTRACT(DAY FROM s.summary_date) AS INTEGER) AS date_key,
  e.equipment_key,
  e.plant_id,
  e.line_id,
  s.run_seconds,
  s.idle_seconds,
  s.fault_seconds,
  s.maintenance_seconds,
  s.downtime_seconds,
  s.fault_count,
  s.maintenance_count,
  s.start_count,
  s.availability,
  s.mtbf_hours,
  s.mttr_hours
FROM "MANUFACTURING"."staging"."daily_equipment_summary" AS s
LEFT JOIN "MANUFACTURING"."marts"."dim_equipment" AS e
  ON e.equipment_id = s.equipment_id
 AND s.summary_date >= e.valid_from
 AND s.summary_date < e.valid_to;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."fct_equipment_daily__sluice_build" CLUSTER BY ("summary_date")
AS
SELECT
  s.equipment_id,
  s.summary_date,
  CAST(EXTRACT(YEAR FROM s.summary_date) * 10000 + EXTRACT(MONTH FROM s.summary_date) * 100 + EXTRACT(DAY FROM s.summary_date) AS INTEGER) AS date_key,
  e.equipment_key,
  e.plant_id,
  e.line_id,
  s.run_seconds,
  s.idle_seconds,
  s.fault_seconds,
  s.maintenance_seconds,
  s.downtime_seconds,
  s.fault_count,
  s.maintenance_count,
  s.start_count,
  s.availability,
  s.mtbf_hours,
  s.mttr_hours
FROM "MANUFACTURING"."staging"."daily_equipment_summary" AS s
LEFT JOIN "MANUFACTURING"."marts"."dim_equipment" AS e
  ON e.equipment_id = s.equipment_id
 AND s.summary_date >= e.valid_from
 AND s.summary_date < e.valid_to;

ALTER TABLE "MANUFACTURING"."marts"."fct_equipment_daily" SWAP WITH "MANUFACTURING"."marts"."fct_equipment_daily__sluice_build";

DROP TABLE IF EXISTS "MANUFACTURING"."marts"."fct_equipment_daily__sluice_build";
