-- MANUFACTURING.bi.open_anomalies: view on target warehouse (snowflake), defined in definitions/snowflake/bi/open_anomalies.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."BI";

CREATE OR REPLACE VIEW "MANUFACTURING"."BI"."OPEN_ANOMALIES" AS
WITH latest AS (
  SELECT max(hour_start) AS latest_hour FROM "MANUFACTURING"."STAGING"."ANOMALY_DETECTION"
)

SELECT
  a.sensor_id,
  a.hour_start,
  a.severity,
  a.z_score,
  a.peak_value,
  a.avg_value,
  a.baseline_mean,
  a.baseline_stddev,
  a.metric,
  a.unit,
  s.lower_limit,
  s.upper_limit,
  a.equipment_id,
  e.equipment_type,
  e.criticality,
  e.line_id,
  e.plant_id,
  p.plant_name,
  CASE a.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END AS severity_rank
FROM "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" AS a
CROSS JOIN latest AS l
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_SENSOR" AS s ON s.sensor_id = a.sensor_id
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e ON e.equipment_id = a.equipment_id AND e.is_current
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_PLANT" AS p ON p.plant_id = e.plant_id
WHERE a.is_anomaly
  AND a.hour_start > TIMESTAMPADD(HOUR, -24, l.latest_hour);

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE VIEW "MANUFACTURING"."BI"."OPEN_ANOMALIES" AS
WITH latest AS (
  SELECT max(hour_start) AS latest_hour FROM "MANUFACTURING"."STAGING"."ANOMALY_DETECTION"
)

SELECT
  a.sensor_id,
  a.hour_start,
  a.severity,
  a.z_score,
  a.peak_value,
  a.avg_value,
  a.baseline_mean,
  a.baseline_stddev,
  a.metric,
  a.unit,
  s.lower_limit,
  s.upper_limit,
  a.equipment_id,
  e.equipment_type,
  e.criticality,
  e.line_id,
  e.plant_id,
  p.plant_name,
  CASE a.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END AS severity_rank
FROM "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" AS a
CROSS JOIN latest AS l
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_SENSOR" AS s ON s.sensor_id = a.sensor_id
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e ON e.equipment_id = a.equipment_id AND e.is_current
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_PLANT" AS p ON p.plant_id = e.plant_id
WHERE a.is_anomaly
  AND a.hour_start > TIMESTAMPADD(HOUR, -24, l.latest_hour);
