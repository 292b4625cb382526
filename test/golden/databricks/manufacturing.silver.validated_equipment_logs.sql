-- manufacturing.silver.validated_equipment_logs: incremental on target lakehouse (databricks), defined in definitions/silver/validated_equipment_logs.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`silver`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`validated_equipment_logs__sluice_build`
USING DELTA
PARTITIONED BY (`event_date`)
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH typed AS (
  SELECT
    nullif(trim(equipment_id), '') AS equipment_id,
    try_cast(ts AS TIMESTAMP) AS event_ts,
    lower(trim(event)) AS event,
    nullif(trim(code), '') AS code,
    message,
    make_date(year, month, day) AS landing_date,
    _source_file,
    _source_line,
    _ingested_at,
    _batch_id
  FROM `manufacturing`.`bronze`.`equipment_logs`
  
),

latest AS (
  SELECT *
  FROM typed
  QUALIFY ROW_NUMBER() OVER (
      PARTITION BY equipment_id, event_ts, event
      ORDER BY _ingested_at DESC, _source_file DESC, _source_line DESC
    ) = 1
    OR equipment_id IS NULL OR event_ts IS NULL OR event IS NULL
)

SELECT
  equipment_id,
  event_ts,
  CAST(event_ts AS DATE) AS event_date,
  event,
  code,
  message,
  landing_date,
  ((unix_micros(CAST(date_add(landing_date, 1) AS TIMESTAMP)) - unix_micros(event_ts)) / 1000000.0) / 60.0 AS landing_lag_minutes,
  _source_file,
  _source_line,
  _ingested_at,
  _batch_id
FROM latest;

SELECT COUNT(*) AS `input_rows`, SUM(CASE WHEN `_sluice_dq_0` = 1 OR `_sluice_dq_1` = 1 OR `_sluice_dq_2` = 1 THEN 1 ELSE 0 END) AS `dropped_rows`, SUM(`_sluice_dq_0`) AS `_sluice_dq_0`, SUM(`_sluice_dq_1`) AS `_sluice_dq_1`, SUM(`_sluice_dq_2`) AS `_sluice_dq_2`, SUM(`_sluice_dq_3`) AS `_sluice_dq_3`
FROM (
  SELECT
    CASE WHEN (equipment_id IS NOT NULL AND event_ts IS NOT NULL AND event IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_0`,
    CASE WHEN (event IS NULL OR event IN ('start', 'stop', 'fault', 'maintenance')) THEN 0 ELSE 1 END AS `_sluice_dq_1`,
    CASE WHEN (landing_lag_minutes IS NULL OR landing_lag_minutes >= -15) THEN 0 ELSE 1 END AS `_sluice_dq_2`,
    CASE WHEN (event IS NULL OR event <> 'fault' OR code IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_3`
  FROM `manufacturing`.`silver`.`validated_equipment_logs__sluice_build`
) AS `rule_checks`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`validated_equipment_logs`
USING DELTA
PARTITIONED BY (`event_date`)
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT * FROM `manufacturing`.`silver`.`validated_equipment_logs__sluice_build`;

DROP TABLE `manufacturing`.`silver`.`validated_equipment_logs__sluice_build`;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`validated_equipment_logs__sluice_incr`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH typed AS (
  SELECT
    nullif(trim(equipment_id), '') AS equipment_id,
    try_cast(ts AS TIMESTAMP) AS event_ts,
    lower(trim(event)) AS event,
    nullif(trim(code), '') AS code,
    message,
    make_date(year, month, day) AS landing_date,
    _source_file,
    _source_line,
    _ingested_at,
    _batch_id
  FROM `manufacturing`.`bronze`.`equipment_logs`
  WHERE _ingested_at > (SELECT coalesce(max(_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM `manufacturing`.`silver`.`validated_equipment_logs`)
),

latest AS (
  SELECT *
  FROM typed
  QUALIFY ROW_NUMBER() OVER (
      PARTITION BY equipment_id, event_ts, event
      ORDER BY _ingested_at DESC, _source_file DESC, _source_line DESC
    ) = 1
    OR equipment_id IS NULL OR event_ts IS NULL OR event IS NULL
)

SELECT
  equipment_id,
  event_ts,
  CAST(event_ts AS DATE) AS event_date,
  event,
  code,
  message,
  landing_date,
  ((unix_micros(CAST(date_add(landing_date, 1) AS TIMESTAMP)) - unix_micros(event_ts)) / 1000000.0) / 60.0 AS landing_lag_minutes,
  _source_file,
  _source_line,
  _ingested_at,
  _batch_id
FROM latest;

CREATE OR REPLACE TABLE `manufacturing`.`_sluice`.`silver__validated_equipment_logs__merged_keys`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT DISTINCT `equipment_id`, `event_ts`, `event` FROM `manufacturing`.`silver`.`validated_equipment_logs__sluice_incr`;

SELECT COUNT(*) AS `input_rows`, SUM(CASE WHEN `_sluice_dq_0` = 1 OR `_sluice_dq_1` = 1 OR `_sluice_dq_2` = 1 THEN 1 ELSE 0 END) AS `dropped_rows`, SUM(`_sluice_dq_0`) AS `_sluice_dq_0`, SUM(`_sluice_dq_1`) AS `_sluice_dq_1`, SUM(`_sluice_dq_2`) AS `_sluice_dq_2`, SUM(`_sluice_dq_3`) AS `_sluice_dq_3`
FROM (
  SELECT
    CASE WHEN (equipment_id IS NOT NULL AND event_ts IS NOT NULL AND event IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_0`,
    CASE WHEN (event IS NULL OR event IN ('start', 'stop', 'fault', 'maintenance')) THEN 0 ELSE 1 END AS `_sluice_dq_1`,
    CASE WHEN (landing_lag_minutes IS NULL OR landing_lag_minutes >= -15) THEN 0 ELSE 1 END AS `_sluice_dq_2`,
    CASE WHEN (event IS NULL OR event <> 'fault' OR code IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_3`
  FROM `manufacturing`.`silver`.`validated_equipment_logs__sluice_incr`
) AS `rule_checks`;

SELECT `equipment_id`, `event_ts`, `event`, COUNT(*) AS sluice_rows FROM `manufacturing`.`silver`.`validated_equipment_logs__sluice_incr` GROUP BY `equipment_id`, `event_ts`, `event` HAVING COUNT(*) > 1 LIMIT 5;

MERGE INTO `manufacturing`.`silver`.`validated_equipment_logs` AS t
USING `manufacturing`.`silver`.`validated_equipment_logs__sluice_incr` AS s
ON t.`equipment_id` <=> s.`equipment_id` AND t.`event_ts` <=> s.`event_ts` AND t.`event` <=> s.`event`
WHEN MATCHED THEN UPDATE SET `event_date` = s.`event_date`, `code` = s.`code`, `message` = s.`message`, `landing_date` = s.`landing_date`, `landing_lag_minutes` = s.`landing_lag_minutes`, `_source_file` = s.`_source_file`, `_source_line` = s.`_source_line`, `_ingested_at` = s.`_ingested_at`, `_batch_id` = s.`_batch_id`
WHEN NOT MATCHED THEN INSERT (`equipment_id`, `event_ts`, `event_date`, `event`, `code`, `message`, `landing_date`, `landing_lag_minutes`, `_source_file`, `_source_line`, `_ingested_at`, `_batch_id`) VALUES (s.`equipment_id`, s.`event_ts`, s.`event_date`, s.`event`, s.`code`, s.`message`, s.`landing_date`, s.`landing_lag_minutes`, s.`_source_file`, s.`_source_line`, s.`_ingested_at`, s.`_batch_id`);

DROP TABLE `manufacturing`.`silver`.`validated_equipment_logs__sluice_incr`;
