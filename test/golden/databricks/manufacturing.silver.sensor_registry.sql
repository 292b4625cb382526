-- manufacturing.silver.sensor_registry: table on target lakehouse (databricks), defined in definitions/silver/sensor_registry.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`silver`;

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`sensor_registry`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH latest AS (
  SELECT
    nullif(trim(sensor_id), '') AS sensor_id,
    nullif(trim(equipment_id), '') AS equipment_id,
    lower(trim(metric)) AS metric,
    unit AS source_unit,
    lower(trim(unit)) AS unit_key,
    lower_limit,
    upper_limit,
    make_date(year, month, day) AS snapshot_date
  FROM `manufacturing`.`bronze`.`sensors_master`
  WHERE nullif(trim(sensor_id), '') IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY nullif(trim(sensor_id), '')
    ORDER BY year DESC, month DESC, day DESC, _ingested_at DESC, _source_file DESC, _source_line DESC
  ) = 1
)

SELECT
  sensor_id,
  equipment_id,
  metric,
  (CASE WHEN metric = 'temperature' THEN (CASE WHEN unit_key IN ('c', '°c', 'degc', 'celsius', 'f', '°f', 'degf', 'fahrenheit', 'k', 'kelvin') THEN 'C' END) WHEN metric = 'pressure' THEN (CASE WHEN unit_key IN ('kpa', 'bar', 'mbar', 'hpa', 'pa', 'psi') THEN 'kPa' END) WHEN metric = 'vibration' THEN (CASE WHEN unit_key IN ('mm/s', 'mms', 'in/s', 'ips') THEN 'mm/s' END) WHEN metric = 'current' THEN (CASE WHEN unit_key IN ('a', 'amp', 'amps', 'ma') THEN 'A' END) WHEN metric = 'voltage' THEN (CASE WHEN unit_key IN ('v', 'mv', 'kv') THEN 'V' END) WHEN metric = 'humidity' THEN (CASE WHEN unit_key IN ('%', 'pct', '%rh', 'rh') THEN '%' END) WHEN metric = 'rotation_speed' THEN (CASE WHEN unit_key IN ('rpm', '1/min', 'hz') THEN 'rpm' END) WHEN metric = 'flow_rate' THEN (CASE WHEN unit_key IN ('l/min', 'lpm', 'm3/h') THEN 'l/min' END) WHEN metric = 'power' THEN (CASE WHEN unit_key IN ('kw', 'w', 'mw') THEN 'kW' END) ELSE trim(source_unit) END) AS unit,
  (CASE WHEN metric = 'temperature' AND unit_key IN ('c', '°c', 'degc', 'celsius') THEN lower_limit WHEN metric = 'temperature' AND unit_key IN ('f', '°f', 'degf', 'fahrenheit') THEN round((lower_limit - 32) * 5 / 9, 9) WHEN metric = 'temperature' AND unit_key IN ('k', 'kelvin') THEN round((lower_limit - 273.15), 9) WHEN metric = 'pressure' AND unit_key IN ('kpa') THEN lower_limit WHEN metric = 'pressure' AND unit_key IN ('bar') THEN round(lower_limit * 100, 9) WHEN metric = 'pressure' AND unit_key IN ('mbar', 'hpa') THEN round(lower_limit / 10, 9) WHEN metric = 'pressure' AND unit_key IN ('pa') THEN round(lower_limit / 1000, 9) WHEN metric = 'pressure' AND unit_key IN ('psi') THEN round(lower_limit * 6.894757293168, 9) WHEN metric = 'vibration' AND unit_key IN ('mm/s', 'mms') THEN lower_limit WHEN metric = 'vibration' AND unit_key IN ('in/s', 'ips') THEN round(lower_limit * 25.4, 9) WHEN metric = 'current' AND unit_key IN ('a', 'amp', 'amps') THEN lower_limit WHEN metric = 'current' AND unit_key IN ('ma') THEN round(lower_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('v') THEN lower_limit WHEN metric = 'voltage' AND unit_key IN ('mv') THEN round(lower_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('kv') THEN round(lower_limit * 1000, 9) WHEN metric = 'humidity' AND unit_key IN ('%', 'pct', '%rh', 'rh') THEN lower_limit WHEN metric = 'rotation_speed' AND unit_key IN ('rpm', '1/min') THEN lower_limit WHEN metric = 'rotation_speed' AND unit_key IN ('hz') THEN round(lower_limit * 60, 9) WHEN metric = 'flow_rate' AND unit_key IN ('l/min', 'lpm') THEN lower_limit WHEN metric = 'flow_rate' AND unit_key IN ('m3/h') THEN round(lower_limit * 1000 / 60, 9) WHEN metric = 'power' AND unit_key IN ('kw') THEN lower_limit WHEN metric = 'power' AND unit_key IN ('w') THEN round(lower_limit / 1000, 9) WHEN metric = 'power' AND unit_key IN ('mw') THEN round(lower_limit * 1000, 9) WHEN metric NOT IN ('temperature', 'pressure', 'vibration', 'current', 'voltage', 'humidity', 'rotation_speed', 'flow_rate', 'power') THEN lower_limit ELSE NULL END) AS lower_limit,
  (CASE WHEN metric = 'temperature' AND unit_key IN ('c', '°c', 'degc', 'celsius') THEN upper_limit WHEN metric = 'temperature' AND unit_key IN ('f', '°f', 'degf', 'fahrenheit') THEN round((upper_limit - 32) * 5 / 9, 9) WHEN metric = 'temperature' AND unit_key IN ('k', 'kelvin') THEN round((upper_limit - 273.15), 9) WHEN metric = 'pressure' AND unit_key IN ('kpa') THEN upper_limit WHEN metric = 'pressure' AND unit_key IN ('bar') THEN round(upper_limit * 100, 9) WHEN metric = 'pressure' AND unit_key IN ('mbar', 'hpa') THEN round(upper_limit / 10, 9) WHEN metric = 'pressure' AND unit_key IN ('pa') THEN round(upper_limit / 1000, 9) WHEN metric = 'pressure' AND unit_key IN ('psi') THEN round(upper_limit * 6.894757293168, 9) WHEN metric = 'vibration' AND unit_key IN ('mm/s', 'mms') THEN upper_limit WHEN metric = 'vibration' AND unit_key IN ('in/s', 'ips') THEN round(upper_limit * 25.4, 9) WHEN metric = 'current' AND unit_key IN ('a', 'amp', 'amps') THEN upper_limit WHEN metric = 'current' AND unit_key IN ('ma') THEN round(upper_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('v') THEN upper_limit WHEN metric = 'voltage' AND unit_key IN ('mv') THEN round(upper_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('kv') THEN round(upper_limit * 1000, 9) WHEN metric = 'humidity' AND unit_key IN ('%', 'pct', '%rh', 'rh') THEN upper_limit WHEN metric = 'rotation_speed' AND unit_key IN ('rpm', '1/min') THEN upper_limit WHEN metric = 'rotation_speed' AND unit_key IN ('hz') THEN round(upper_limit * 60, 9) WHEN metric = 'flow_rate' AND unit_key IN ('l/min', 'lpm') THEN upper_limit WHEN metric = 'flow_rate' AND unit_key IN ('m3/h') THEN round(upper_limit * 1000 / 60, 9) WHEN metric = 'power' AND unit_key IN ('kw') THEN upper_limit WHEN metric = 'power' AND unit_key IN ('w') THEN round(upper_limit / 1000, 9) WHEN metric = 'power' AND unit_key IN ('mw') THEN round(upper_limit * 1000, 9) WHEN metric NOT IN ('temperature', 'pressure', 'vibration', 'current', 'voltage', 'humidity', 'rotation_speed', 'flow_rate', 'power') THEN upper_limit ELSE NULL END) AS upper_limit,
  source_unit,
  snapshot_date
FROM latest;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`silver`.`sensor_registry`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH latest AS (
  SELECT
    nullif(trim(sensor_id), '') AS sensor_id,
    nullif(trim(equipment_id), '') AS equipment_id,
    lower(trim(metric)) AS metric,
    unit AS source_unit,
    lower(trim(unit)) AS unit_key,
    lower_limit,
    upper_limit,
    make_date(year, month, day) AS snapshot_date
  FROM `manufacturing`.`bronze`.`sensors_master`
  WHERE nullif(trim(sensor_id), '') IS NOT NULL
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY nullif(trim(sensor_id), '')
    ORDER BY year DESC, month DESC, day DESC, _ingested_at DESC, _source_file DESC, _source_line DESC
  ) = 1
)

SELECT
  sensor_id,
  equipment_id,
  metric,
  (CASE WHEN metric = 'temperature' THEN (CASE WHEN unit_key IN ('c', '°c', 'degc', 'celsius', 'f', '°f', 'degf', 'fahrenheit', 'k', 'kelvin') THEN 'C' END) WHEN metric = 'pressure' THEN (CASE WHEN unit_key IN ('kpa', 'bar', 'mbar', 'hpa', 'pa', 'psi') THEN 'kPa' END) WHEN metric = 'vibration' THEN (CASE WHEN unit_key IN ('mm/s', 'mms', 'in/s', 'ips') THEN 'mm/s' END) WHEN metric = 'current' THEN (CASE WHEN unit_key IN ('a', 'amp', 'amps', 'ma') THEN 'A' END) WHEN metric = 'voltage' THEN (CASE WHEN unit_key IN ('v', 'mv', 'kv') THEN 'V' END) WHEN metric = 'humidity' THEN (CASE WHEN unit_key IN ('%', 'pct', '%rh', 'rh') THEN '%' END) WHEN metric = 'rotation_speed' THEN (CASE WHEN unit_key IN ('rpm', '1/min', 'hz') THEN 'rpm' END) WHEN metric = 'flow_rate' THEN (CASE WHEN unit_key IN ('l/min', 'lpm', 'm3/h') THEN 'l/min' END) WHEN metric = 'power' THEN (CASE WHEN unit_key IN ('kw', 'w', 'mw') THEN 'kW' END) ELSE trim(source_unit) END) AS unit,
  (CASE WHEN metric = 'temperature' AND unit_key IN ('c', '°c', 'degc', 'celsius') THEN lower_limit WHEN metric = 'temperature' AND unit_key IN ('f', '°f', 'degf', 'fahrenheit') THEN round((lower_limit - 32) * 5 / 9, 9) WHEN metric = 'temperature' AND unit_key IN ('k', 'kelvin') THEN round((lower_limit - 273.15), 9) WHEN metric = 'pressure' AND unit_key IN ('kpa') THEN lower_limit WHEN metric = 'pressure' AND unit_key IN ('bar') THEN round(lower_limit * 100, 9) WHEN metric = 'pressure' AND unit_key IN ('mbar', 'hpa') THEN round(lower_limit / 10, 9) WHEN metric = 'pressure' AND unit_key IN ('pa') THEN round(lower_limit / 1000, 9) WHEN metric = 'pressure' AND unit_key IN ('psi') THEN round(lower_limit * 6.894757293168, 9) WHEN metric = 'vibration' AND unit_key IN ('mm/s', 'mms') THEN lower_limit WHEN metric = 'vibration' AND unit_key IN ('in/s', 'ips') THEN round(lower_limit * 25.4, 9) WHEN metric = 'current' AND unit_key IN ('a', 'amp', 'amps') THEN lower_limit WHEN metric = 'current' AND unit_key IN ('ma') THEN round(lower_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('v') THEN lower_limit WHEN metric = 'voltage' AND unit_key IN ('mv') THEN round(lower_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('kv') THEN round(lower_limit * 1000, 9) WHEN metric = 'humidity' AND unit_key IN ('%', 'pct', '%rh', 'rh') THEN lower_limit WHEN metric = 'rotation_speed' AND unit_key IN ('rpm', '1/min') THEN lower_limit WHEN metric = 'rotation_speed' AND unit_key IN ('hz') THEN round(lower_limit * 60, 9) WHEN metric = 'flow_rate' AND unit_key IN ('l/min', 'lpm') THEN lower_limit WHEN metric = 'flow_rate' AND unit_key IN ('m3/h') THEN round(lower_limit * 1000 / 60, 9) WHEN metric = 'power' AND unit_key IN ('kw') THEN lower_limit WHEN metric = 'power' AND unit_key IN ('w') THEN round(lower_limit / 1000, 9) WHEN metric = 'power' AND unit_key IN ('mw') THEN round(lower_limit * 1000, 9) WHEN metric NOT IN ('temperature', 'pressure', 'vibration', 'current', 'voltage', 'humidity', 'rotation_speed', 'flow_rate', 'power') THEN lower_limit ELSE NULL END) AS lower_limit,
  (CASE WHEN metric = 'temperature' AND unit_key IN ('c', '°c', 'degc', 'celsius') THEN upper_limit WHEN metric = 'temperature' AND unit_key IN ('f', '°f', 'degf', 'fahrenheit') THEN round((upper_limit - 32) * 5 / 9, 9) WHEN metric = 'temperature' AND unit_key IN ('k', 'kelvin') THEN round((upper_limit - 273.15), 9) WHEN metric = 'pressure' AND unit_key IN ('kpa') THEN upper_limit WHEN metric = 'pressure' AND unit_key IN ('bar') THEN round(upper_limit * 100, 9) WHEN metric = 'pressure' AND unit_key IN ('mbar', 'hpa') THEN round(upper_limit / 10, 9) WHEN metric = 'pressure' AND unit_key IN ('pa') THEN round(upper_limit / 1000, 9) WHEN metric = 'pressure' AND unit_key IN ('psi') THEN round(upper_limit * 6.894757293168, 9) WHEN metric = 'vibration' AND unit_key IN ('mm/s', 'mms') THEN upper_limit WHEN metric = 'vibration' AND unit_key IN ('in/s', 'ips') THEN round(upper_limit * 25.4, 9) WHEN metric = 'current' AND unit_key IN ('a', 'amp', 'amps') THEN upper_limit WHEN metric = 'current' AND unit_key IN ('ma') THEN round(upper_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('v') THEN upper_limit WHEN metric = 'voltage' AND unit_key IN ('mv') THEN round(upper_limit / 1000, 9) WHEN metric = 'voltage' AND unit_key IN ('kv') THEN round(upper_limit * 1000, 9) WHEN metric = 'humidity' AND unit_key IN ('%', 'pct', '%rh', 'rh') THEN upper_limit WHEN metric = 'rotation_speed' AND unit_key IN ('rpm', '1/min') THEN upper_limit WHEN metric = 'rotation_speed' AND unit_key IN ('hz') THEN round(upper_limit * 60, 9) WHEN metric = 'flow_rate' AND unit_key IN ('l/min', 'lpm') THEN upper_limit WHEN metric = 'flow_rate' AND unit_key IN ('m3/h') THEN round(upper_limit * 1000 / 60, 9) WHEN metric = 'power' AND unit_key IN ('kw') THEN upper_limit WHEN metric = 'power' AND unit_key IN ('w') THEN round(upper_limit / 1000, 9) WHEN metric = 'power' AND unit_key IN ('mw') THEN round(upper_limit * 1000, 9) WHEN metric NOT IN ('temperature', 'pressure', 'vibration', 'current', 'voltage', 'humidity', 'rotation_speed', 'flow_rate', 'power') THEN upper_limit ELSE NULL END) AS upper_limit,
  source_unit,
  snapshot_date
FROM latest;
