-- MANUFACTURING.bi.plant_daily_kpis: view on target warehouse (snowflake), defined in definitions/snowflake/bi/plant_daily_kpis.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."BI";

CREATE OR REPLACE VIEW "MANUFACTURING"."BI"."PLANT_DAILY_KPIS" AS
WITH equipment AS (
  SELECT
    coalesce(f.plant_id, 'UNKNOWN') AS plant_id,
    f.summary_date AS kpi_date,
    count(DISTINCT f.equipment_id) AS equipment_count,
    sum(f.run_seconds) AS run_seconds,
    sum(f.downtime_seconds) AS downtime_seconds,
    sum(f.fault_count) AS faults
  FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY" AS f
  GROUP BY coalesce(f.plant_id, 'UNKNOWN'), f.summary_date
),

quality AS (
  SELECT
    coalesce(plant_id, 'UNKNOWN') AS plant_id,
    quality_date AS kpi_date,
    sum(lots) AS lots,
    sum(defective_lots) AS defective_lots
  FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
  GROUP BY coalesce(plant_id, 'UNKNOWN'), quality_date
),

anomalies AS (
  SELECT
    coalesce(e.plant_id, 'UNKNOWN') AS plant_id,
    a.hour_date AS kpi_date,
    count(*) AS anomalous_sensor_hours,
    sum(CASE WHEN a.severity = 'high' THEN 1 ELSE 0 END) AS high_anomalies
  FROM "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" AS a
  LEFT JOIN "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e
    ON e.equipment_id = a.equipment_id
   AND a.hour_date >= e.valid_from
   AND a.hour_date < e.valid_to
  WHERE a.is_anomaly
  GROUP BY coalesce(e.plant_id, 'UNKNOWN'), a.hour_date
),

kpi_keys AS (
  SELECT plant_id, kpi_date FROM equipment
  UNION
  SELECT plant_id, kpi_date FROM quality
  UNION
  SELECT plant_id, kpi_date FROM anomalies
)

SELECT
  k.plant_id,
  p.plant_name,
  p.country,
  k.kpi_date,
  CAST(EXTRACT(YEAR FROM k.kpi_date) * 10000 + EXTRACT(MONTH FROM k.kpi_date) * 100 + EXTRACT(DAY FROM k.kpi_date) AS INTEGER) AS date_key,
  coalesce(eq.equipment_count, 0) AS equipment_count,
  round(coalesce(eq.run_seconds, 0) / 3600.0, 3) AS run_hours,
  round(coalesce(eq.downtime_seconds, 0) / 3600.0, 3) AS downtime_hours,
  coalesce(eq.faults, 0) AS faults,
  CASE WHEN eq.run_seconds + eq.downtime_seconds > 0
    THEN round(eq.run_seconds / (eq.run_seconds + eq.downtime_seconds), 6) END AS availability,
  CASE WHEN eq.faults > 0 THEN round(eq.run_seconds / 3600.0 / eq.faults, 3) END AS mtbf_hours,
  coalesce(q.lots, 0) AS lots,
  coalesce(q.defective_lots, 0) AS defective_lots,
  CASE WHEN q.lots > 0 THEN round(CAST(q.defective_lots AS DOUBLE) / q.lots, 6) END AS defect_rate,
  coalesce(an.anomalous_sensor_hours, 0) AS anomalous_sensor_hours,
  coalesce(an.high_anomalies, 0) AS high_anomalies
FROM kpi_keys AS k
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_PLANT" AS p ON p.plant_id = k.plant_id
LEFT JOIN equipment AS eq ON eq.plant_id = k.plant_id AND eq.kpi_date = k.kpi_date
LEFT JOIN quality AS q ON q.plant_id = k.plant_id AND q.kpi_date = k.kpi_date
LEFT JOIN anomalies AS an ON an.plant_id = k.plant_id AND an.kpi_date = k.kpi_date;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE VIEW "MANUFACTURING"."BI"."PLANT_DAILY_KPIS" AS
WITH equipment AS (
  SELECT
    coalesce(f.plant_id, 'UNKNOWN') AS plant_id,
    f.summary_date AS kpi_date,
    count(DISTINCT f.equipment_id) AS equipment_count,
    sum(f.run_seconds) AS run_seconds,
    sum(f.downtime_seconds) AS downtime_seconds,
    sum(f.fault_count) AS faults
  FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY" AS f
  GROUP BY coalesce(f.plant_id, 'UNKNOWN'), f.summary_date
),

quality AS (
  SELECT
    coalesce(plant_id, 'UNKNOWN') AS plant_id,
    quality_date AS kpi_date,
    sum(lots) AS lots,
    sum(defective_lots) AS defective_lots
  FROM "MANUFACTURING"."MARTS"."FCT_QUALITY"
  GROUP BY coalesce(plant_id, 'UNKNOWN'), quality_date
),

anomalies AS (
  SELECT
    coalesce(e.plant_id, 'UNKNOWN') AS plant_id,
    a.hour_date AS kpi_date,
    count(*) AS anomalous_sensor_hours,
    sum(CASE WHEN a.severity = 'high' THEN 1 ELSE 0 END) AS high_anomalies
  FROM "MANUFACTURING"."STAGING"."ANOMALY_DETECTION" AS a
  LEFT JOIN "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e
    ON e.equipment_id = a.equipment_id
   AND a.hour_date >= e.valid_from
   AND a.hour_date < e.valid_to
  WHERE a.is_anomaly
  GROUP BY coalesce(e.plant_id, 'UNKNOWN'), a.hour_date
),

kpi_keys AS (
  SELECT plant_id, kpi_date FROM equipment
  UNION
  SELECT plant_id, kpi_date FROM quality
  UNION
  SELECT plant_id, kpi_date FROM anomalies
)

SELECT
  k.plant_id,
  p.plant_name,
  p.country,
  k.kpi_date,
  CAST(EXTRACT(YEAR FROM k.kpi_date) * 10000 + EXTRACT(MONTH FROM k.kpi_date) * 100 + EXTRACT(DAY FROM k.kpi_date) AS INTEGER) AS date_key,
  coalesce(eq.equipment_count, 0) AS equipment_count,
  round(coalesce(eq.run_seconds, 0) / 3600.0, 3) AS run_hours,
  round(coalesce(eq.downtime_seconds, 0) / 3600.0, 3) AS downtime_hours,
  coalesce(eq.faults, 0) AS faults,
  CASE WHEN eq.run_seconds + eq.downtime_seconds > 0
    THEN round(eq.run_seconds / (eq.run_seconds + eq.downtime_seconds), 6) END AS availability,
  CASE WHEN eq.faults > 0 THEN round(eq.run_seconds / 3600.0 / eq.faults, 3) END AS mtbf_hours,
  coalesce(q.lots, 0) AS lots,
  coalesce(q.defective_lots, 0) AS defective_lots,
  CASE WHEN q.lots > 0 THEN round(CAST(q.defective_lots AS DOUBLE) / q.lots, 6) END AS defect_rate,
  coalesce(an.anomalous_sensor_hours, 0) AS anomalous_sensor_hours,
  coalesce(an.high_anomalies, 0) AS high_anomalies
FROM kpi_keys AS k
LEFT JOIN "MANUFACTURING"."MARTS"."DIM_PLANT" AS p ON p.plant_id = k.plant_id
LEFT JOIN equipment AS eq ON eq.plant_id = k.plant_id AND eq.kpi_date = k.kpi_date
LEFT JOIN quality AS q ON q.plant_id = k.plant_id AND q.kpi_date = k.kpi_date
LEFT JOIN anomalies AS an ON an.plant_id = k.plant_id AND an.kpi_date = k.kpi_date;
