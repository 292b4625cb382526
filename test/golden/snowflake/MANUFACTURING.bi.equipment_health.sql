-- MANUFACTURING.bi.equipment_health: view on target warehouse (snowflake), defined in definitions/snowflake/bi/equipment_health.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."BI";

CREATE OR REPLACE VIEW "MANUFACTURING"."BI"."EQUIPMENT_HEALTH" AS
WITH latest_day AS (
  SELECT max(summary_date) AS latest_date FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY"
),

recent AS (
  SELECT
    f.equipment_id,
    sum(f.run_seconds) AS run_seconds,
    sum(f.downtime_seconds) AS downtime_seconds,
    sum(f.fault_count) AS fault_count,
    max(f.summary_date) AS last_summary_date
  FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY" AS f
  CROSS JOIN latest_day AS l
  WHERE f.summary_date > DATEADD(day, -7, l.latest_date)
  GROUP BY f.equipment_id
),

anomalies AS (
  SELECT
    equipment_id,
    count(*) AS open_anomalies,
    sum(CASE WHEN severity = 'high' THEN 1 ELSE 0 END) AS open_high_anomalies
  FROM "MANUFACTURING"."BI"."OPEN_ANOMALIES"
  GROUP BY equipment_id
),

scored AS (
  SELECT
    e.equipment_id,
    e.plant_id,
    e.line_id,
    e.equipment_type,
    e.criticality,
    t.last_summary_date,
    round(t.run_seconds / 3600.0, 3) AS run_hours_7d,
    round(t.downtime_seconds / 3600.0, 3) AS downtime_hours_7d,
    coalesce(t.fault_count, 0) AS faults_7d,
    CASE WHEN t.run_seconds + t.downtime_seconds > 0
      THEN round(t.run_seconds / (t.run_seconds + t.downtime_seconds), 6) END AS availability_7d,
    CASE WHEN t.fault_count > 0 THEN round(t.run_seconds / 3600.0 / t.fault_count, 3) END AS mtbf_hours_7d,
    coalesce(a.open_anomalies, 0) AS open_anomalies,
    coalesce(a.open_high_anomalies, 0) AS open_high_anomalies
  FROM "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e
  LEFT JOIN recent AS t ON t.equipment_id = e.equipment_id
  LEFT JOIN anomalies AS a ON a.equipment_id = e.equipment_id
  WHERE e.is_current
)

SELECT
  *,
  CASE
    WHEN open_high_anomalies > 0 OR availability_7d < 0.8 THEN 'critical'
    WHEN open_anomalies > 0 OR faults_7d >= 3 OR availability_7d < 0.95 THEN 'warning'
    ELSE 'healthy'
  END AS health_status
FROM scored;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE VIEW "MANUFACTURING"."BI"."EQUIPMENT_HEALTH" AS
WITH latest_day AS (
  SELECT max(summary_date) AS latest_date FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY"
),

recent AS (
  SELECT
    f.equipment_id,
    sum(f.run_seconds) AS run_seconds,
    sum(f.downtime_seconds) AS downtime_seconds,
    sum(f.fault_count) AS fault_count,
    max(f.summary_date) AS last_summary_date
  FROM "MANUFACTURING"."MARTS"."FCT_EQUIPMENT_DAILY" AS f
  CROSS JOIN latest_day AS l
  WHERE f.summary_date > DATEADD(day, -7, l.latest_date)
  GROUP BY f.equipment_id
),

anomalies AS (
  SELECT
    equipment_id,
    count(*) AS open_anomalies,
    sum(CASE WHEN severity = 'high' THEN 1 ELSE 0 END) AS open_high_anomalies
  FROM "MANUFACTURING"."BI"."OPEN_ANOMALIES"
  GROUP BY equipment_id
),

scored AS (
  SELECT
    e.equipment_id,
    e.plant_id,
    e.line_id,
    e.equipment_type,
    e.criticality,
    t.last_summary_date,
    round(t.run_seconds / 3600.0, 3) AS run_hours_7d,
    round(t.downtime_seconds / 3600.0, 3) AS downtime_hours_7d,
    coalesce(t.fault_count, 0) AS faults_7d,
    CASE WHEN t.run_seconds + t.downtime_seconds > 0
      THEN round(t.run_seconds / (t.run_seconds + t.downtime_seconds), 6) END AS availability_7d,
    CASE WHEN t.fault_count > 0 THEN round(t.run_seconds / 3600.0 / t.fault_count, 3) END AS mtbf_hours_7d,
    coalesce(a.open_anomalies, 0) AS open_anomalies,
    coalesce(a.open_high_anomalies, 0) AS open_high_anomalies
  FROM "MANUFACTURING"."MARTS"."DIM_EQUIPMENT" AS e
  LEFT JOIN recent AS t ON t.equipment_id = e.equipment_id
  LEFT JOIN anomalies AS a ON a.equipment_id = e.equipment_id
  WHERE e.is_current
)

SELECT
  *,
  CASE
    WHEN open_high_anomalies > 0 OR availability_7d < 0.8 THEN 'critical'
    WHEN open_anomalies > 0 OR faults_7d >= 3 OR availability_7d < 0.95 THEN 'warning'
    ELSE 'healthy'
  END AS health_status
FROM scored;
