-- MANUFACTURING.marts.fct_equipment_daily: table on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_equipment_daily.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY" CLUSTER BY ("SUMMARY_DATE")
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
FROM "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY" AS s
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e
  ON e.equipment_id = s.equipment_id
 AND s.summary_date >= e.valid_from
 AND s.summary_date < e.valid_to;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY__SLUICE_BUILD" CLUSTER BY ("SUMMARY_DATE")
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
FROM "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY" AS s
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e
  ON e.equipment_id = s.equipment_id
 AND s.summary_date >= e.valid_from
 AND s.summary_date < e.valid_to;

ALTER TABLE "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY" SWAP WITH "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY__SLUICE_BUILD";
