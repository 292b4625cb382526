-- manufacturing.silver.equipment_snapshots: table on target lakehouse (databricks), defined in definitions/silver/equipment_snapshots.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`silver`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`equipment_snapshots`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT
  nullif(trim(equipment_id), '') AS equipment_id,
  make_date(year, month, day) AS snapshot_date,
  nullif(trim(plant_id), '') AS plant_id,
  nullif(trim(line_id), '') AS line_id,
  nullif(trim(equipment_type), '') AS equipment_type,
  nullif(trim(manufacturer), '') AS manufacturer,
  nullif(trim(model), '') AS model,
  nullif(trim(criticality), '') AS criticality,
  try_cast(install_date AS DATE) AS install_date,
  _ingested_at
FROM `manufacturing`.`bronze`.`equipment_master`
WHERE nullif(trim(equipment_id), '') IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY nullif(trim(equipment_id), ''), year, month, day
  ORDER BY _ingested_at DESC, _source_file DESC, _source_line DESC
) = 1;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`equipment_snapshots`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT
  nullif(trim(equipment_id), '') AS equipment_id,
  make_date(year, month, day) AS snapshot_date,
  nullif(trim(plant_id), '') AS plant_id,
  nullif(trim(line_id), '') AS line_id,
  nullif(trim(equipment_type), '') AS equipment_type,
  nullif(trim(manufacturer), '') AS manufacturer,
  nullif(trim(model), '') AS model,
  nullif(trim(criticality), '') AS criticality,
  try_cast(install_date AS DATE) AS install_date,
  _ingested_at
FROM `manufacturing`.`bronze`.`equipment_master`
WHERE nullif(trim(equipment_id), '') IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY nullif(trim(equipment_id), ''), year, month, day
  ORDER BY _ingested_at DESC, _source_file DESC, _source_line DESC
) = 1;
