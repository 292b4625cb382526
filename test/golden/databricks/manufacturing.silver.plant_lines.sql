-- manufacturing.silver.plant_lines: table on target lakehouse (databricks), defined in definitions/silver/plant_lines.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`silver`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`plant_lines`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT
  nullif(trim(plant_id), '') AS plant_id,
  nullif(trim(plant_name), '') AS plant_name,
  nullif(trim(country), '') AS country,
  nullif(trim(timezone), '') AS timezone,
  nullif(trim(line_id), '') AS line_id,
  nullif(trim(line_name), '') AS line_name,
  make_date(year, month, day) AS snapshot_date
FROM `manufacturing`.`bronze`.`plants_master`
WHERE nullif(trim(plant_id), '') IS NOT NULL AND nullif(trim(line_id), '') IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY nullif(trim(plant_id), ''), nullif(trim(line_id), '')
  ORDER BY year DESC, month DESC, day DESC, _ingested_at DESC, _source_file DESC, _source_line DESC
) = 1;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`plant_lines`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT
  nullif(trim(plant_id), '') AS plant_id,
  nullif(trim(plant_name), '') AS plant_name,
  nullif(trim(country), '') AS country,
  nullif(trim(timezone), '') AS timezone,
  nullif(trim(line_id), '') AS line_id,
  nullif(trim(line_name), '') AS line_name,
  make_date(year, month, day) AS snapshot_date
FROM `manufacturing`.`bronze`.`plants_master`
WHERE nullif(trim(plant_id), '') IS NOT NULL AND nullif(trim(line_id), '') IS NOT NULL
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY nullif(trim(plant_id), ''), nullif(trim(line_id), '')
  ORDER BY year DESC, month DESC, day DESC, _ingested_at DESC, _source_file DESC, _source_line DESC
) = 1;
