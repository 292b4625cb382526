-- MANUFACTURING.marts.dim_equipment: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_equipment.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_EQUIPMENT"
AS
WITH snapshots AS (
  SELECT equipment_id, snapshot_date, plant_id, line_id, equipment_type, manufacturer, model, criticality, install_date
  FROM "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS"
),

flagged AS (
  SELECT
    *,
    CASE
      WHEN LAG(snapshot_date) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS NULL THEN 1
      WHEN LAG(plant_id) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM plant_id THEN 1
      WHEN LAG(line_id) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM line_id THEN 1
      WHEN LAG(equipment_type) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM equipment_type THEN 1
      WHEN LAG(manufacturer) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM manufacturer THEN 1
      WHEN LAG(model) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM model THEN 1
      WHEN LAG(criticality) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM criticality THEN 1
      WHEN LAG(install_date) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM install_date THEN 1
      ELSE 0
    END AS starts_version
  FROM snapshots
),

numbered AS (
  SELECT
    *,
    SUM(starts_version) OVER (
      PARTITION BY equipment_id ORDER BY snapshot_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS version_number
  FROM flagged
),

versions AS (
  SELECT
    equipment_id,
    version_number,
    plant_id,
    line_id,
    equipment_type,
    manufacturer,
    model,
    criticality,
    install_date,
    min(snapshot_date) AS valid_from,
    max(snapshot_date) AS last_seen_date
  FROM numbered
  GROUP BY equipment_id, version_number, plant_id, line_id, equipment_type, manufacturer, model, criticality, install_date
)

SELECT
  md5(equipment_id || '|' || CAST(valid_from AS STRING)) AS equipment_key,
  equipment_id,
  version_number,
  plant_id,
  line_id,
  equipment_type,
  manufacturer,
  model,
  criticality,
  install_date,
  valid_from,
  coalesce(
    LEAD(valid_from) OVER (PARTITION BY equipment_id ORDER BY valid_from),
    CAST('9999-12-31' AS DATE)
  ) AS valid_to,
  LEAD(valid_from) OVER (PARTITION BY equipment_id ORDER BY valid_from) IS NULL AS is_current,
  last_seen_date
FROM versions;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_EQUIPMENT__SLUICE_BUILD"
AS
WITH snapshots AS (
  SELECT equipment_id, snapshot_date, plant_id, line_id, equipment_type, manufacturer, model, criticality, install_date
  FROM "MANUFACTURING"."STAGING"."EQUIPMENT_SNAPSHOTS"
),

flagged AS (
  SELECT
    *,
    CASE
      WHEN LAG(snapshot_date) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS NULL THEN 1
      WHEN LAG(plant_id) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM plant_id THEN 1
      WHEN LAG(line_id) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM line_id THEN 1
      WHEN LAG(equipment_type) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM equipment_type THEN 1
      WHEN LAG(manufacturer) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM manufacturer THEN 1
      WHEN LAG(model) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM model THEN 1
      WHEN LAG(criticality) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM criticality THEN 1
      WHEN LAG(install_date) OVER (PARTITION BY equipment_id ORDER BY snapshot_date) IS DISTINCT FROM install_date THEN 1
      ELSE 0
    END AS starts_version
  FROM snapshots
),

numbered AS (
  SELECT
    *,
    SUM(starts_version) OVER (
      PARTITION BY equipment_id ORDER BY snapshot_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS version_number
  FROM flagged
),

versions AS (
  SELECT
    equipment_id,
    version_number,
    plant_id,
    line_id,
    equipment_type,
    manufacturer,
    model,
    criticality,
    install_date,
    min(snapshot_date) AS valid_from,
    max(snapshot_date) AS last_seen_date
  FROM numbered
  GROUP BY equipment_id, version_number, plant_id, line_id, equipment_type, manufacturer, model, criticality, install_date
)

SELECT
  md5(equipment_id || '|' || CAST(valid_from AS STRING)) AS equipment_key,
  equipment_id,
  version_number,
  plant_id,
  line_id,
  equipment_type,
  manufacturer,
  model,
  criticality,
  install_date,
  valid_from,
  coalesce(
    LEAD(valid_from) OVER (PARTITION BY equipment_id ORDER BY valid_from),
    CAST('9999-12-31' AS DATE)
  ) AS valid_to,
  LEAD(valid_from) OVER (PARTITION BY equipment_id ORDER BY valid_from) IS NULL AS is_current,
  last_seen_date
FROM versions;

ALTER TABLE "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" SWAP WITH "MANUFACTURING"."MARTS"."DIM_EQUIPMENT__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."DIM_EQUIPMENT__SLUICE_BUILD";
