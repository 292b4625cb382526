-- manufacturing.gold.anomaly_detection: incremental on target lakehouse (databricks), defined in definitions/gold/anomaly_detection.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`gold`;

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`anomaly_detection`
USING DELTA
PARTITIONED BY (`hour_date`)
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH


hours AS (
  SELECT
    h.sensor_id, h.hour_start, h.hour_date, h.equipment_id, h.metric, h.unit, h.reading_count,
    h.value_sum, h.value_sum_sq, h.avg_value, h.min_value, h.max_value, h._last_ingested_at,
    TRUE AS to_score
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates` AS h
  
),

-- The baseline of an hour: all readings of the sensor in the baselineHours hours before it,
-- pooled from the hourly counts, sums and sums of squares.
baseline AS (
  SELECT
    *,
    sum(reading_count) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS n,
    -- Exact decimal sums: a window sum of doubles depends on the frame layout, which differs between
    -- a full refresh and an incremental run.
    CAST(sum(CAST(value_sum AS DECIMAL(38, 9))) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS DOUBLE) AS total,
    CAST(sum(CAST(value_sum_sq AS DECIMAL(38, 9))) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS DOUBLE) AS total_sq,
    count(*) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS baseline_hours,
    max(_last_ingested_at) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS baseline_last_ingested_at
  FROM hours
),

stats AS (
  SELECT
    sensor_id,
    hour_start,
    hour_date,
    equipment_id,
    metric,
    unit,
    reading_count,
    avg_value,
    min_value,
    max_value,
    coalesce(n, 0) AS baseline_count,
    baseline_hours,
    -- Rounded here, before any comparison, so that sums added up in another order (a full refresh
    -- against an incremental run) cannot change which reading is the peak.
    CASE WHEN n >= 12 AND baseline_hours >= 12 THEN round(total / n, 9) END AS baseline_mean,
    CASE WHEN n >= 12 AND baseline_hours >= 12
      THEN round(sqrt(greatest((total_sq - total * total / n) / (n - 1), 0)), 9) END AS baseline_stddev,
    CASE WHEN baseline_last_ingested_at > _last_ingested_at THEN baseline_last_ingested_at ELSE _last_ingested_at END AS _last_ingested_at
  FROM baseline
  WHERE to_score
),

scored AS (
  SELECT
    *,
    CASE
      WHEN baseline_mean IS NULL THEN NULL
      WHEN abs(max_value - baseline_mean) >= abs(min_value - baseline_mean) THEN max_value
      ELSE min_value
    END AS peak_value
  FROM stats
),

z AS (
  SELECT
    *,
    CASE WHEN baseline_stddev > 1e-9 THEN round((peak_value - baseline_mean) / baseline_stddev, 6) END AS z_score,
    CASE WHEN baseline_stddev > 1e-9 THEN round((avg_value - baseline_mean) / baseline_stddev, 6) END AS avg_z_score
  FROM scored
)

SELECT
  sensor_id,
  hour_start,
  hour_date,
  equipment_id,
  metric,
  unit,
  reading_count,
  avg_value,
  peak_value,
  baseline_count,
  baseline_hours,
  baseline_mean,
  baseline_stddev,
  z_score,
  avg_z_score,
  (CASE WHEN abs(z_score) >= 3 * 2 THEN 'high' WHEN abs(z_score) >= 3 * 1.5 THEN 'medium' WHEN abs(z_score) >= 3 * 1 THEN 'low' ELSE NULL END) AS severity,
  ((CASE WHEN abs(z_score) >= 3 * 2 THEN 'high' WHEN abs(z_score) >= 3 * 1.5 THEN 'medium' WHEN abs(z_score) >= 3 * 1 THEN 'low' ELSE NULL END) IS NOT NULL) AS is_anomaly,
  _last_ingested_at
FROM z;

OPTIMIZE `manufacturing`.`gold`.`anomaly_detection` ZORDER BY (sensor_id);

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`anomaly_detection__sluice_incr`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH
changed AS (
  -- Per sensor, the earliest hour whose aggregate changed since the last run: that hour and every
  -- later one are rescored (a superset of the hours whose baseline changed; rescoring an unchanged
  -- hour gives the same row), reading baselineHours more hours of history for their windows.
  SELECT sensor_id, min(hour_start) AS first_changed_hour
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`
  WHERE _last_ingested_at > (SELECT coalesce(max(_last_ingested_at), CAST('1900-01-01 00:00:00' AS TIMESTAMP)) FROM `manufacturing`.`gold`.`anomaly_detection`)
  GROUP BY sensor_id
),

hours AS (
  SELECT
    h.sensor_id, h.hour_start, h.hour_date, h.equipment_id, h.metric, h.unit, h.reading_count,
    h.value_sum, h.value_sum_sq, h.avg_value, h.min_value, h.max_value, h._last_ingested_at,
    h.hour_start >= c.first_changed_hour AS to_score
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates` AS h
  JOIN changed AS c
    ON c.sensor_id = h.sensor_id
   AND h.hour_start >= timestampadd(HOUR, -24, c.first_changed_hour)
),

-- The baseline of an hour: all readings of the sensor in the baselineHours hours before it,
-- pooled from the hourly counts, sums and sums of squares.
baseline AS (
  SELECT
    *,
    sum(reading_count) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS n,
    -- Exact decimal sums: a window sum of doubles depends on the frame layout, which differs between
    -- a full refresh and an incremental run.
    CAST(sum(CAST(value_sum AS DECIMAL(38, 9))) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS DOUBLE) AS total,
    CAST(sum(CAST(value_sum_sq AS DECIMAL(38, 9))) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS DOUBLE) AS total_sq,
    count(*) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS baseline_hours,
    max(_last_ingested_at) OVER (PARTITION BY sensor_id ORDER BY hour_start RANGE BETWEEN INTERVAL 24 HOURS PRECEDING AND INTERVAL 1 HOURS PRECEDING) AS baseline_last_ingested_at
  FROM hours
),

stats AS (
  SELECT
    sensor_id,
    hour_start,
    hour_date,
    equipment_id,
    metric,
    unit,
    reading_count,
    avg_value,
    min_value,
    max_value,
    coalesce(n, 0) AS baseline_count,
    baseline_hours,
    -- Rounded here, before any comparison, so that sums added up in another order (a full refresh
    -- against an incremental run) cannot change which reading is the peak.
    CASE WHEN n >= 12 AND baseline_hours >= 12 THEN round(total / n, 9) END AS baseline_mean,
    CASE WHEN n >= 12 AND baseline_hours >= 12
      THEN round(sqrt(greatest((total_sq - total * total / n) / (n - 1), 0)), 9) END AS baseline_stddev,
    CASE WHEN baseline_last_ingested_at > _last_ingested_at THEN baseline_last_ingested_at ELSE _last_ingested_at END AS _last_ingested_at
  FROM baseline
  WHERE to_score
),

scored AS (
  SELECT
    *,
    CASE
      WHEN baseline_mean IS NULL THEN NULL
      WHEN abs(max_value - baseline_mean) >= abs(min_value - baseline_mean) THEN max_value
      ELSE min_value
    END AS peak_value
  FROM stats
),

z AS (
  SELECT
    *,
    CASE WHEN baseline_stddev > 1e-9 THEN round((peak_value - baseline_mean) / baseline_stddev, 6) END AS z_score,
    CASE WHEN baseline_stddev > 1e-9 THEN round((avg_value - baseline_mean) / baseline_stddev, 6) END AS avg_z_score
  FROM scored
)

SELECT
  sensor_id,
  hour_start,
  hour_date,
  equipment_id,
  metric,
  unit,
  reading_count,
  avg_value,
  peak_value,
  baseline_count,
  baseline_hours,
  baseline_mean,
  baseline_stddev,
  z_score,
  avg_z_score,
  (CASE WHEN abs(z_score) >= 3 * 2 THEN 'high' WHEN abs(z_score) >= 3 * 1.5 THEN 'medium' WHEN abs(z_score) >= 3 * 1 THEN 'low' ELSE NULL END) AS severity,
  ((CASE WHEN abs(z_score) >= 3 * 2 THEN 'high' WHEN abs(z_score) >= 3 * 1.5 THEN 'medium' WHEN abs(z_score) >= 3 * 1 THEN 'low' ELSE NULL END) IS NOT NULL) AS is_anomaly,
  _last_ingested_at
FROM z;

CREATE OR REPLACE TABLE `manufacturing`.`_sluice`.`gold__anomaly_detection__merged_keys`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
SELECT DISTINCT `sensor_id`, `hour_start` FROM `manufacturing`.`gold`.`anomaly_detection__sluice_incr`;

SELECT `sensor_id`, `hour_start`, COUNT(*) AS sluice_rows FROM `manufacturing`.`gold`.`anomaly_detection__sluice_incr` GROUP BY `sensor_id`, `hour_start` HAVING COUNT(*) > 1 LIMIT 5;

MERGE INTO `manufacturing`.`gold`.`anomaly_detection` AS t
USING `manufacturing`.`gold`.`anomaly_detection__sluice_incr` AS s
ON t.`sensor_id` <=> s.`sensor_id` AND t.`hour_start` <=> s.`hour_start`
WHEN MATCHED THEN UPDATE SET `hour_date` = s.`hour_date`, `equipment_id` = s.`equipment_id`, `metric` = s.`metric`, `unit` = s.`unit`, `reading_count` = s.`reading_count`, `avg_value` = s.`avg_value`, `peak_value` = s.`peak_value`, `baseline_count` = s.`baseline_count`, `baseline_hours` = s.`baseline_hours`, `baseline_mean` = s.`baseline_mean`, `baseline_stddev` = s.`baseline_stddev`, `z_score` = s.`z_score`, `avg_z_score` = s.`avg_z_score`, `severity` = s.`severity`, `is_anomaly` = s.`is_anomaly`, `_last_ingested_at` = s.`_last_ingested_at`
WHEN NOT MATCHED THEN INSERT (`sensor_id`, `hour_start`, `hour_date`, `equipment_id`, `metric`, `unit`, `reading_count`, `avg_value`, `peak_value`, `baseline_count`, `baseline_hours`, `baseline_mean`, `baseline_stddev`, `z_score`, `avg_z_score`, `severity`, `is_anomaly`, `_last_ingested_at`) VALUES (s.`sensor_id`, s.`hour_start`, s.`hour_date`, s.`equipment_id`, s.`metric`, s.`unit`, s.`reading_count`, s.`avg_value`, s.`peak_value`, s.`baseline_count`, s.`baseline_hours`, s.`baseline_mean`, s.`baseline_stddev`, s.`z_score`, s.`avg_z_score`, s.`severity`, s.`is_anomaly`, s.`_last_ingested_at`);

DROP TABLE `manufacturing`.`gold`.`anomaly_detection__sluice_incr`;

OPTIMIZE `manufacturing`.`gold`.`anomaly_detection` ZORDER BY (sensor_id);
