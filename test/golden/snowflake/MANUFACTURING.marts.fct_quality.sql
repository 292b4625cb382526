-- MANUFACTURING.marts.fct_quality: table on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_quality.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."FCT_QUALITY" CLUSTER BY ("QUALITY_DATE")
AS
SELECT
  line_id,
  plant_id,
  quality_date,
  CAST(EXTRACT(YEAR FROM quality_date) * 10000 + EXTRACT(MONTH FROM quality_date) * 100 + EXTRACT(DAY FROM quality_date) AS INTEGER) AS date_key,
  measurements,
  failed_measurements,
  lots,
  defective_lots,
  defect_rate,
  rolling_7d_defect_rate,
  rolling_7d_measurement_failure_rate
FROM "MANUFACTURING"."STAGING"."QUALITY_TRENDS";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."FCT_QUALITY__SLUICE_BUILD" CLUSTER BY ("QUALITY_DATE")
AS
SELECT
  line_id,
  plant_id,
  quality_date,
  CAST(EXTRACT(YEAR FROM quality_date) * 10000 + EXTRACT(MONTH FROM quality_date) * 100 + EXTRACT(DAY FROM quality_date) AS INTEGER) AS date_key,
  measurements,
  failed_measurements,
  lots,
  defective_lots,
  defect_rate,
  rolling_7d_defect_rate,
  rolling_7d_measurement_failure_rate
FROM "MANUFACTURING"."STAGING"."QUALITY_TRENDS";

ALTER TABLE "MANUFACTURING"."MARTS"."FCT_QUALITY" SWAP WITH "MANUFACTURING"."MARTS"."FCT_QUALITY__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."FCT_QUALITY__SLUICE_BUILD";
