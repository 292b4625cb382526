-- manufacturing.gold.hourly_sensor_aggregates: incremental on target lakehouse (databricks), defined in definitions/gold/hourly_sensor_aggregates.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`gold`;

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`hourly_sensor_aggregates`
USING DELTA
PARTITIONED BY (`hour_date`)
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH


-- Sums are taken over exact decimals (silver values have at most 9 decimals): a floating-point sum
-- depends on the order rows arrive in, which differs between a full refresh and an incremental
-- run, and the last bit would leak into avg and stddev. Mean and stddev come from the exact sums.
readings AS (
  SELECT s.sensor_id, s.reading_hour, s.equipment_id, s.metric, s.unit, s.value, CAST(s.value AS DECIMAL(18, 9)) AS exact_value, s.status, s._ingested_at
  FROM `manufacturing`.`silver`.`cleaned_sensor_data` AS s
  
),

-- Readings silver dropped, per hour. A dropped newer copy of a reading takes the older copy out
-- of silver, so the hour changed when that copy was ingested: the hour's watermark says so, in a
-- full refresh as in an incremental run, and models reading this one see the change.
dropped AS (
  SELECT sensor_id, reading_hour, max(_ingested_at) AS dropped_at
  FROM `manufacturing`.`audit`.`cleaned_sensor_data_quarantine`
  WHERE sensor_id IS NOT NULL AND reading_hour IS NOT NULL
  GROUP BY sensor_id, reading_hour
),

hours AS (
SELECT
  sensor_id,
  reading_hour AS hour_start,
  CAST(reading_hour AS DATE) AS hour_date,
  max(equipment_id) AS equipment_id,
  max(metric) AS metric,
  max(unit) AS unit,
  count(*) AS reading_count,
  CAST(sum(exact_value) AS DOUBLE) AS value_sum,
  CAST(sum(exact_value * exact_value) AS DOUBLE) AS value_sum_sq,
  round(CAST(sum(exact_value) AS DOUBLE) / count(*), 9) AS avg_value,
  min(value) AS min_value,
  max(value) AS max_value,
  CASE WHEN count(*) > 1 THEN round(sqrt(greatest(
    (CAST(sum(exact_value * exact_value) AS DOUBLE) - CAST(sum(exact_value) AS DOUBLE) * CAST(sum(exact_value) AS DOUBLE) / count(*)) / (count(*) - 1),
    0)), 9) END AS stddev_value,
  round(percentile(value, 0.95), 9) AS p95_value,
  sum(CASE WHEN status = 'warn' THEN 1 ELSE 0 END) AS warn_count,
  sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS error_count,
  max(_ingested_at) AS last_read_at
FROM readings
GROUP BY sensor_id, reading_hour
)

SELECT
  h.sensor_id, h.hour_start, h.hour_date, h.equipment_id, h.metric, h.unit, h.reading_count, h.value_sum, h.value_sum_sq,
  h.avg_value, h.min_value, h.max_value, h.stddev_value, h.p95_value, h.warn_count, h.error_count,
  CASE WHEN d.dropped_at > h.last_read_at THEN d.dropped_at ELSE h.last_read_at END AS _last_ingested_at
FROM hours AS h
LEFT JOIN dropped AS d ON d.sensor_id = h.sensor_id AND d.reading_hour = h.hour_start;

OPTIMIZE `manufacturing`.`gold`.`hourly_sensor_aggregates` ZORDER BY (sensor_id);

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`hourly_sensor_aggregates__sluice_incr`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH
touched AS (
  SELECT sensor_id, reading_hour
  FROM `manufacturing`.`silver`.`cleaned_sensor_data`
  WHERE _ingested_at > (SELECT coalesce(max(_last_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`)
  UNION
  -- A newer copy of a reading that silver dropped took the older copy out of silver: its hour changed too.
  SELECT sensor_id, reading_hour
  FROM `manufacturing`.`audit`.`cleaned_sensor_data_quarantine`
  WHERE _ingested_at > (SELECT coalesce(max(_last_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`) AND sensor_id IS NOT NULL AND reading_hour IS NOT NULL
),
touched_dates AS (
  SELECT DISTINCT CAST(reading_hour AS DATE) AS reading_date FROM touched
),

-- Sums are taken over exact decimals (silver values have at most 9 decimals): a floating-point sum
-- depends on the order rows arrive in, which differs between a full refresh and an incremental
-- run, and the last bit would leak into avg and stddev. Mean and stddev come from the exact sums.
readings AS (
  SELECT s.sensor_id, s.reading_hour, s.equipment_id, s.metric, s.unit, s.value, CAST(s.value AS DECIMAL(18, 9)) AS exact_value, s.status, s._ingested_at
  FROM `manufacturing`.`silver`.`cleaned_sensor_data` AS s
  JOIN touched AS t ON t.sensor_id = s.sensor_id AND t.reading_hour = s.reading_hour
  WHERE s.reading_date IN (SELECT reading_date FROM touched_dates)
),

-- Readings silver dropped, per hour. A dropped newer copy of a reading takes the older copy out
-- of silver, so the hour changed when that copy was ingested: the hour's watermark says so, in a
-- full refresh as in an incremental run, and models reading this one see the change.
dropped AS (
  SELECT sensor_id, reading_hour, max(_ingested_at) AS dropped_at
  FROM `manufacturing`.`audit`.`cleaned_sensor_data_quarantine`
  WHERE sensor_id IS NOT NULL AND reading_hour IS NOT NULL
  GROUP BY sensor_id, reading_hour
),

hours AS (
SELECT
  sensor_id,
  reading_hour AS hour_start,
  CAST(reading_hour AS DATE) AS hour_date,
  max(equipment_id) AS equipment_id,
  max(metric) AS metric,
  max(unit) AS unit,
  count(*) AS reading_count,
  CAST(sum(exact_value) AS DOUBLE) AS value_sum,
  CAST(sum(exact_value * exact_value) AS DOUBLE) AS value_sum_sq,
  round(CAST(sum(exact_value) AS DOUBLE) / count(*), 9) AS avg_value,
  min(value) AS min_value,
  max(value) AS max_value,
  CASE WHEN count(*) > 1 THEN round(sqrt(greatest(
    (CAST(sum(exact_value * exact_value) AS DOUBLE) - CAST(sum(exact_value) AS DOUBLE) * CAST(sum(exact_value) AS DOUBLE) / count(*)) / (count(*) - 1),
    0)), 9) END AS stddev_value,
  round(percentile(value, 0.95), 9) AS p95_value,
  sum(CASE WHEN status = 'warn' THEN 1 ELSE 0 END) AS warn_count,
  sum(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS error_count,
  max(_ingested_at) AS last_read_at
FROM readings
GROUP BY sensor_id, reading_hour
)

SELECT
  h.sensor_id, h.hour_start, h.hour_date, h.equipment_id, h.metric, h.unit, h.reading_count, h.value_sum, h.value_sum_sq,
  h.avg_value, h.min_value, h.max_value, h.stddev_value, h.p95_value, h.warn_count, h.error_count,
  CASE WHEN d.dropped_at > h.last_read_at THEN d.dropped_at ELSE h.last_read_at END AS _last_ingested_at
FROM hours AS h
LEFT JOIN dropped AS d ON d.sensor_id = h.sensor_id AND d.reading_hour = h.hour_start;

CREATE OR REPLACE TABLE `manufacturing`.`_sluice`.`gold__hourly_sensor_aggregates__merged_keys`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT DISTINCT `sensor_id`, `hour_start` FROM `manufacturing`.`gold`.`hourly_sensor_aggregates__sluice_incr`;

SELECT `sensor_id`, `hour_start`, COUNT(*) AS sluice_rows FROM `manufacturing`.`gold`.`hourly_sensor_aggregates__sluice_incr` GROUP BY `sensor_id`, `hour_start` HAVING COUNT(*) > 1 LIMIT 5;

MERGE INTO `manufacturing`.`gold`.`hourly_sensor_aggregates` AS t
USING `manufacturing`.`gold`.`hourly_sensor_aggregates__sluice_incr` AS s
ON t.`sensor_id` <=> s.`sensor_id` AND t.`hour_start` <=> s.`hour_start`
WHEN MATCHED THEN UPDATE SET `hour_date` = s.`hour_date`, `equipment_id` = s.`equipment_id`, `metric` = s.`metric`, `unit` = s.`unit`, `reading_count` = s.`reading_count`, `value_sum` = s.`value_sum`, `value_sum_sq` = s.`value_sum_sq`, `avg_value` = s.`avg_value`, `min_value` = s.`min_value`, `max_value` = s.`max_value`, `stddev_value` = s.`stddev_value`, `p95_value` = s.`p95_value`, `warn_count` = s.`warn_count`, `error_count` = s.`error_count`, `_last_ingested_at` = s.`_last_ingested_at`
WHEN NOT MATCHED THEN INSERT (`sensor_id`, `hour_start`, `hour_date`, `equipment_id`, `metric`, `unit`, `reading_count`, `value_sum`, `value_sum_sq`, `avg_value`, `min_value`, `max_value`, `stddev_value`, `p95_value`, `warn_count`, `error_count`, `_last_ingested_at`) VALUES (s.`sensor_id`, s.`hour_start`, s.`hour_date`, s.`equipment_id`, s.`metric`, s.`unit`, s.`reading_count`, s.`value_sum`, s.`value_sum_sq`, s.`avg_value`, s.`min_value`, s.`max_value`, s.`stddev_value`, s.`p95_value`, s.`warn_count`, s.`error_count`, s.`_last_ingested_at`);

DROP TABLE `manufacturing`.`gold`.`hourly_sensor_aggregates__sluice_incr`;

OPTIMIZE `manufacturing`.`gold`.`hourly_sensor_aggregates` ZORDER BY (sensor_id);
