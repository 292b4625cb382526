-- manufacturing.silver.processed_quality_metrics: incremental on target lakehouse (databricks), defined in definitions/silver/processed_quality_metrics.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`silver`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`processed_quality_metrics__sluice_build`
USING DELTA
PARTITIONED BY (`measured_date`)
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH typed AS (
  SELECT
    nullif(trim(lot_id), '') AS lot_id,
    nullif(trim(equipment_id), '') AS equipment_id,
    try_cast(ts AS TIMESTAMP) AS measured_at,
    nullif(trim(characteristic), '') AS characteristic,
    measured,
    lower_tolerance,
    upper_tolerance,
    lower(trim(result)) AS reported_result,
    make_date(year, month, day) AS landing_date,
    _source_file,
    _source_line,
    _ingested_at
  FROM `manufacturing`.`bronze`.`quality_metrics`
  
),

latest AS (
  SELECT *
  FROM typed
  QUALIFY ROW_NUMBER() OVER (
      PARTITION BY lot_id, equipment_id, characteristic, measured_at
      ORDER BY _ingested_at DESC, _source_file DESC, _source_line DESC
    ) = 1
    OR lot_id IS NULL OR equipment_id IS NULL OR characteristic IS NULL OR measured_at IS NULL
),

judged AS (
  SELECT
    *,
    CASE
      WHEN measured IS NULL OR lower_tolerance IS NULL OR upper_tolerance IS NULL THEN NULL
      WHEN measured BETWEEN lower_tolerance AND upper_tolerance THEN 'pass'
      ELSE 'fail'
    END AS computed_result
  FROM latest
)

SELECT
  lot_id,
  equipment_id,
  measured_at,
  CAST(measured_at AS DATE) AS measured_date,
  characteristic,
  measured,
  lower_tolerance,
  upper_tolerance,
  reported_result,
  computed_result,
  coalesce(computed_result = 'fail', reported_result = 'fail', FALSE) AS is_defect,
  (computed_result IS NOT NULL AND reported_result IN ('pass', 'fail') AND computed_result <> reported_result) AS result_mismatch,
  landing_date,
  ((unix_micros(CAST(date_add(landing_date, 1) AS TIMESTAMP)) - unix_micros(measured_at)) / 1000000.0) / 60.0 AS landing_lag_minutes,
  _ingested_at
FROM judged;

SELECT COUNT(*) AS `input_rows`, SUM(CASE WHEN `_sluice_dq_0` = 1 OR `_sluice_dq_1` = 1 OR `_sluice_dq_2` = 1 OR `_sluice_dq_3` = 1 THEN 1 ELSE 0 END) AS `dropped_rows`, SUM(`_sluice_dq_0`) AS `_sluice_dq_0`, SUM(`_sluice_dq_1`) AS `_sluice_dq_1`, SUM(`_sluice_dq_2`) AS `_sluice_dq_2`, SUM(`_sluice_dq_3`) AS `_sluice_dq_3`, SUM(`_sluice_dq_4`) AS `_sluice_dq_4`
FROM (
  SELECT
    CASE WHEN (lot_id IS NOT NULL AND equipment_id IS NOT NULL AND characteristic IS NOT NULL AND measured_at IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_0`,
    CASE WHEN (measured IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_1`,
    CASE WHEN (lower_tolerance IS NULL OR upper_tolerance IS NULL OR lower_tolerance <= upper_tolerance) THEN 0 ELSE 1 END AS `_sluice_dq_2`,
    CASE WHEN (landing_lag_minutes IS NULL OR landing_lag_minutes >= -15) THEN 0 ELSE 1 END AS `_sluice_dq_3`,
    CASE WHEN (NOT coalesce(result_mismatch, FALSE)) THEN 0 ELSE 1 END AS `_sluice_dq_4`
  FROM `manufacturing`.`silver`.`processed_quality_metrics__sluice_build`
) AS `rule_checks`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`processed_quality_metrics`
USING DELTA
PARTITIONED BY (`measured_date`)
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT * FROM `manufacturing`.`silver`.`processed_quality_metrics__sluice_build`;

DROP TABLE `manufacturing`.`silver`.`processed_quality_metrics__sluice_build`;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`processed_quality_metrics__sluice_incr`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH typed AS (
  SELECT
    nullif(trim(lot_id), '') AS lot_id,
    nullif(trim(equipment_id), '') AS equipment_id,
    try_cast(ts AS TIMESTAMP) AS measured_at,
    nullif(trim(characteristic), '') AS characteristic,
    measured,
    lower_tolerance,
    upper_tolerance,
    lower(trim(result)) AS reported_result,
    make_date(year, month, day) AS landing_date,
    _source_file,
    _source_line,
    _ingested_at
  FROM `manufacturing`.`bronze`.`quality_metrics`
  WHERE _ingested_at > (SELECT coalesce(max(_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM `manufacturing`.`silver`.`processed_quality_metrics`)
),

latest AS (
  SELECT *
  FROM typed
  QUALIFY ROW_NUMBER() OVER (
      PARTITION BY lot_id, equipment_id, characteristic, measured_at
      ORDER BY _ingested_at DESC, _source_file DESC, _source_line DESC
    ) = 1
    OR lot_id IS NULL OR equipment_id IS NULL OR characteristic IS NULL OR measured_at IS NULL
),

judged AS (
  SELECT
    *,
    CASE
      WHEN measured IS NULL OR lower_tolerance IS NULL OR upper_tolerance IS NULL THEN NULL
      WHEN measured BETWEEN lower_tolerance AND upper_tolerance THEN 'pass'
      ELSE 'fail'
    END AS computed_result
  FROM latest
)

SELECT
  lot_id,
  equipment_id,
  measured_at,
  CAST(measured_at AS DATE) AS measured_date,
  characteristic,
  measured,
  lower_tolerance,
  upper_tolerance,
  reported_result,
  computed_result,
  coalesce(computed_result = 'fail', reported_result = 'fail', FALSE) AS is_defect,
  (computed_result IS NOT NULL AND reported_result IN ('pass', 'fail') AND computed_result <> reported_result) AS result_mismatch,
  landing_date,
  ((unix_micros(CAST(date_add(landing_date, 1) AS TIMESTAMP)) - unix_micros(measured_at)) / 1000000.0) / 60.0 AS landing_lag_minutes,
  _ingested_at
FROM judged;

CREATE OR REPLACE TABLE `manufacturing`.`_sluice`.`silver__processed_quality_metrics__merged_keys`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT DISTINCT `lot_id`, `equipment_id`, `characteristic`, `measured_at` FROM `manufacturing`.`silver`.`processed_quality_metrics__sluice_incr`;

SELECT COUNT(*) AS `input_rows`, SUM(CASE WHEN `_sluice_dq_0` = 1 OR `_sluice_dq_1` = 1 OR `_sluice_dq_2` = 1 OR `_sluice_dq_3` = 1 THEN 1 ELSE 0 END) AS `dropped_rows`, SUM(`_sluice_dq_0`) AS `_sluice_dq_0`, SUM(`_sluice_dq_1`) AS `_sluice_dq_1`, SUM(`_sluice_dq_2`) AS `_sluice_dq_2`, SUM(`_sluice_dq_3`) AS `_sluice_dq_3`, SUM(`_sluice_dq_4`) AS `_sluice_dq_4`
FROM (
  SELECT
    CASE WHEN (lot_id IS NOT NULL AND equipment_id IS NOT NULL AND characteristic IS NOT NULL AND measured_at IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_0`,
    CASE WHEN (measured IS NOT NULL) THEN 0 ELSE 1 END AS `_sluice_dq_1`,
    CASE WHEN (lower_tolerance IS NULL OR upper_tolerance IS NULL OR lower_tolerance <= upper_tolerance) THEN 0 ELSE 1 END AS `_sluice_dq_2`,
    CASE WHEN (landing_lag_minutes IS NULL OR landing_lag_minutes >= -15) THEN 0 ELSE 1 END AS `_sluice_dq_3`,
    CASE WHEN (NOT coalesce(result_mismatch, FALSE)) THEN 0 ELSE 1 END AS `_sluice_dq_4`
  FROM `manufacturing`.`silver`.`processed_quality_metrics__sluice_incr`
) AS `rule_checks`;

SELECT `lot_id`, `equipment_id`, `characteristic`, `measured_at`, COUNT(*) AS sluice_rows FROM `manufacturing`.`silver`.`processed_quality_metrics__sluice_incr` GROUP BY `lot_id`, `equipment_id`, `characteristic`, `measured_at` HAVING COUNT(*) > 1 LIMIT 5;

MERGE INTO `manufacturing`.`silver`.`processed_quality_metrics` AS t
USING `manufacturing`.`silver`.`processed_quality_metrics__sluice_incr` AS s
ON t.`lot_id` <=> s.`lot_id` AND t.`equipment_id` <=> s.`equipment_id` AND t.`characteristic` <=> s.`characteristic` AND t.`measured_at` <=> s.`measured_at`
WHEN MATCHED THEN UPDATE SET `measured_date` = s.`measured_date`, `measured` = s.`measured`, `lower_tolerance` = s.`lower_tolerance`, `upper_tolerance` = s.`upper_tolerance`, `reported_result` = s.`reported_result`, `computed_result` = s.`computed_result`, `is_defect` = s.`is_defect`, `result_mismatch` = s.`result_mismatch`, `landing_date` = s.`landing_date`, `_ingested_at` = s.`_ingested_at`
WHEN NOT MATCHED THEN INSERT (`lot_id`, `equipment_id`, `measured_at`, `measured_date`, `characteristic`, `measured`, `lower_tolerance`, `upper_tolerance`, `reported_result`, `computed_result`, `is_defect`, `result_mismatch`, `landing_date`, `_ingested_at`) VALUES (s.`lot_id`, s.`equipment_id`, s.`measured_at`, s.`measured_date`, s.`characteristic`, s.`measured`, s.`lower_tolerance`, s.`upper_tolerance`, s.`reported_result`, s.`computed_result`, s.`is_defect`, s.`result_mismatch`, s.`landing_date`, s.`_ingested_at`);

DROP TABLE `manufacturing`.`silver`.`processed_quality_metrics__sluice_incr`;
