-- MANUFACTURING.marts.fct_quality: table on target warehouse (snowflake), defined in definitions/snowflake/marts/fct_quality.sqlx:1
-- Rendered offline (dry run, no connection). Update on purpose: node bin/sluice.mjs render --profile prod --write test/golden

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."marts";

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."fct_quality" CLUSTER BY ("quality_date")
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
FROM "MANUFACTURING"."staging"."quality_trends";

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."marts"."fct_quality__sluice_build" CLUSTER BY ("quality_date")
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
FROM "MANUFACTURING"."staging"."quality_trends";

ALTER TABLE "MANUFACTURING"."marts"."fct_quality" SWAP WITH "MANUFACTURING"."marts"."fct_quality__sluice_build";

DROP TABLE IF EXISTS "MANUFACTURING"."marts"."fct_quality__sluice_build";
