-- manufacturing.gold.daily_equipment_summary: table on target lakehouse (databricks), defined in definitions/gold/daily_equipment_summary.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`gold`;

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`daily_equipment_summary`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH events AS (
  SELECT equipment_id, event_ts, event, _ingested_at
  FROM `manufacturing`.`silver`.`validated_equipment_logs`
),

horizon AS (
  SELECT max(event_ts) AS horizon_ts FROM events
),

intervals AS (
  SELECT
    e.equipment_id,
    (CASE e.event WHEN 'start' THEN 'running' WHEN 'stop' THEN 'idle' WHEN 'fault' THEN 'fault' WHEN 'maintenance' THEN 'maintenance' END) AS state,
    e.event_ts AS start_ts,
    coalesce(
      LEAD(e.event_ts) OVER (PARTITION BY e.equipment_id ORDER BY e.event_ts, e.event),
      h.horizon_ts
    ) AS end_ts,
    CASE
      WHEN LEAD(e._ingested_at) OVER (PARTITION BY e.equipment_id ORDER BY e.event_ts, e.event) > e._ingested_at
        THEN LEAD(e._ingested_at) OVER (PARTITION BY e.equipment_id ORDER BY e.event_ts, e.event)
      ELSE e._ingested_at
    END AS _ingested_at
  FROM events AS e
  CROSS JOIN horizon AS h
),

bounds AS (
  SELECT CAST(min(start_ts) AS DATE) AS lo, CAST(max(end_ts) AS DATE) AS hi FROM intervals
),

days AS (
  SELECT explode(sequence(lo, hi, INTERVAL 1 DAY)) AS day_date FROM bounds
),

pieces AS (
  SELECT
    i.equipment_id,
    d.day_date AS summary_date,
    i.state,
    i._ingested_at,
    ((unix_micros(CASE WHEN i.end_ts < CAST(date_add(d.day_date, 1) AS TIMESTAMP) THEN i.end_ts ELSE CAST(date_add(d.day_date, 1) AS TIMESTAMP) END) - unix_micros(CASE WHEN i.start_ts > CAST(d.day_date AS TIMESTAMP) THEN i.start_ts ELSE CAST(d.day_date AS TIMESTAMP) END)) / 1000000.0) AS seconds
  FROM intervals AS i
  JOIN days AS d
    ON d.day_date >= CAST(i.start_ts AS DATE)
   AND d.day_date <= CAST(i.end_ts AS DATE)
  WHERE i.end_ts > i.start_ts
),

durations AS (
  SELECT
    equipment_id,
    summary_date,
    sum(CASE WHEN state = 'running' THEN seconds ELSE 0 END) AS run_seconds,
    sum(CASE WHEN state = 'idle' THEN seconds ELSE 0 END) AS idle_seconds,
    sum(CASE WHEN state = 'fault' THEN seconds ELSE 0 END) AS fault_seconds,
    sum(CASE WHEN state = 'maintenance' THEN seconds ELSE 0 END) AS maintenance_seconds,
    max(_ingested_at) AS _last_ingested_at
  FROM pieces
  WHERE seconds > 0
  GROUP BY equipment_id, summary_date
),

counts AS (
  SELECT
    equipment_id,
    CAST(event_ts AS DATE) AS summary_date,
    sum(CASE WHEN event = 'start' THEN 1 ELSE 0 END) AS start_count,
    sum(CASE WHEN event = 'stop' THEN 1 ELSE 0 END) AS stop_count,
    sum(CASE WHEN event = 'fault' THEN 1 ELSE 0 END) AS fault_count,
    sum(CASE WHEN event = 'maintenance' THEN 1 ELSE 0 END) AS maintenance_count,
    max(_ingested_at) AS _last_ingested_at
  FROM events
  GROUP BY equipment_id, CAST(event_ts AS DATE)
),

combined AS (
  SELECT
    coalesce(d.equipment_id, c.equipment_id) AS equipment_id,
    coalesce(d.summary_date, c.summary_date) AS summary_date,
    coalesce(d.run_seconds, 0) AS run_seconds,
    coalesce(d.idle_seconds, 0) AS idle_seconds,
    coalesce(d.fault_seconds, 0) AS fault_seconds,
    coalesce(d.maintenance_seconds, 0) AS maintenance_seconds,
    coalesce(c.start_count, 0) AS start_count,
    coalesce(c.stop_count, 0) AS stop_count,
    coalesce(c.fault_count, 0) AS fault_count,
    coalesce(c.maintenance_count, 0) AS maintenance_count,
    CASE WHEN c._last_ingested_at > d._last_ingested_at OR d._last_ingested_at IS NULL
      THEN c._last_ingested_at ELSE d._last_ingested_at END AS _last_ingested_at
  FROM durations AS d
  FULL OUTER JOIN counts AS c
    ON c.equipment_id = d.equipment_id AND c.summary_date = d.summary_date
)

SELECT
  equipment_id,
  summary_date,
  round(run_seconds, 3) AS run_seconds,
  round(idle_seconds, 3) AS idle_seconds,
  round(fault_seconds, 3) AS fault_seconds,
  round(maintenance_seconds, 3) AS maintenance_seconds,
  round(fault_seconds + maintenance_seconds, 3) AS downtime_seconds,
  round(run_seconds + idle_seconds + fault_seconds + maintenance_seconds, 3) AS observed_seconds,
  start_count,
  stop_count,
  fault_count,
  maintenance_count,
  CASE WHEN run_seconds + fault_seconds + maintenance_seconds > 0
    THEN round(run_seconds / (run_seconds + fault_seconds + maintenance_seconds), 6) END AS availability,
  CASE WHEN fault_count > 0 THEN round(run_seconds / 3600.0 / fault_count, 6) END AS mtbf_hours,
  CASE WHEN fault_count > 0 THEN round(fault_seconds / 3600.0 / fault_count, 6) END AS mttr_hours,
  _last_ingested_at
FROM combined;

OPTIMIZE `manufacturing`.`gold`.`daily_equipment_summary` ZORDER BY (equipment_id);

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`daily_equipment_summary`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH events AS (
  SELECT equipment_id, event_ts, event, _ingested_at
  FROM `manufacturing`.`silver`.`validated_equipment_logs`
),

horizon AS (
  SELECT max(event_ts) AS horizon_ts FROM events
),

intervals AS (
  SELECT
    e.equipment_id,
    (CASE e.event WHEN 'start' THEN 'running' WHEN 'stop' THEN 'idle' WHEN 'fault' THEN 'fault' WHEN 'maintenance' THEN 'maintenance' END) AS state,
    e.event_ts AS start_ts,
    coalesce(
      LEAD(e.event_ts) OVER (PARTITION BY e.equipment_id ORDER BY e.event_ts, e.event),
      h.horizon_ts
    ) AS end_ts,
    CASE
      WHEN LEAD(e._ingested_at) OVER (PARTITION BY e.equipment_id ORDER BY e.event_ts, e.event) > e._ingested_at
        THEN LEAD(e._ingested_at) OVER (PARTITION BY e.equipment_id ORDER BY e.event_ts, e.event)
      ELSE e._ingested_at
    END AS _ingested_at
  FROM events AS e
  CROSS JOIN horizon AS h
),

bounds AS (
  SELECT CAST(min(start_ts) AS DATE) AS lo, CAST(max(end_ts) AS DATE) AS hi FROM intervals
),

days AS (
  SELECT explode(sequence(lo, hi, INTERVAL 1 DAY)) AS day_date FROM bounds
),

pieces AS (
  SELECT
    i.equipment_id,
    d.day_date AS summary_date,
    i.state,
    i._ingested_at,
    ((unix_micros(CASE WHEN i.end_ts < CAST(date_add(d.day_date, 1) AS TIMESTAMP) THEN i.end_ts ELSE CAST(date_add(d.day_date, 1) AS TIMESTAMP) END) - unix_micros(CASE WHEN i.start_ts > CAST(d.day_date AS TIMESTAMP) THEN i.start_ts ELSE CAST(d.day_date AS TIMESTAMP) END)) / 1000000.0) AS seconds
  FROM intervals AS i
  JOIN days AS d
    ON d.day_date >= CAST(i.start_ts AS DATE)
   AND d.day_date <= CAST(i.end_ts AS DATE)
  WHERE i.end_ts > i.start_ts
),

durations AS (
  SELECT
    equipment_id,
    summary_date,
    sum(CASE WHEN state = 'running' THEN seconds ELSE 0 END) AS run_seconds,
    sum(CASE WHEN state = 'idle' THEN seconds ELSE 0 END) AS idle_seconds,
    sum(CASE WHEN state = 'fault' THEN seconds ELSE 0 END) AS fault_seconds,
    sum(CASE WHEN state = 'maintenance' THEN seconds ELSE 0 END) AS maintenance_seconds,
    max(_ingested_at) AS _last_ingested_at
  FROM pieces
  WHERE seconds > 0
  GROUP BY equipment_id, summary_date
),

counts AS (
  SELECT
    equipment_id,
    CAST(event_ts AS DATE) AS summary_date,
    sum(CASE WHEN event = 'start' THEN 1 ELSE 0 END) AS start_count,
    sum(CASE WHEN event = 'stop' THEN 1 ELSE 0 END) AS stop_count,
    sum(CASE WHEN event = 'fault' THEN 1 ELSE 0 END) AS fault_count,
    sum(CASE WHEN event = 'maintenance' THEN 1 ELSE 0 END) AS maintenance_count,
    max(_ingested_at) AS _last_ingested_at
  FROM events
  GROUP BY equipment_id, CAST(event_ts AS DATE)
),

combined AS (
  SELECT
    coalesce(d.equipment_id, c.equipment_id) AS equipment_id,
    coalesce(d.summary_date, c.summary_date) AS summary_date,
    coalesce(d.run_seconds, 0) AS run_seconds,
    coalesce(d.idle_seconds, 0) AS idle_seconds,
    coalesce(d.fault_seconds, 0) AS fault_seconds,
    coalesce(d.maintenance_seconds, 0) AS maintenance_seconds,
    coalesce(c.start_count, 0) AS start_count,
    coalesce(c.stop_count, 0) AS stop_count,
    coalesce(c.fault_count, 0) AS fault_count,
    coalesce(c.maintenance_count, 0) AS maintenance_count,
    CASE WHEN c._last_ingested_at > d._last_ingested_at OR d._last_ingested_at IS NULL
      THEN c._last_ingested_at ELSE d._last_ingested_at END AS _last_ingested_at
  FROM durations AS d
  FULL OUTER JOIN counts AS c
    ON c.equipment_id = d.equipment_id AND c.summary_date = d.summary_date
)

SELECT
  equipment_id,
  summary_date,
  round(run_seconds, 3) AS run_seconds,
  round(idle_seconds, 3) AS idle_seconds,
  round(fault_seconds, 3) AS fault_seconds,
  round(maintenance_seconds, 3) AS maintenance_seconds,
  round(fault_seconds + maintenance_seconds, 3) AS downtime_seconds,
  round(run_seconds + idle_seconds + fault_seconds + maintenance_seconds, 3) AS observed_seconds,
  start_count,
  stop_count,
  fault_count,
  maintenance_count,
  CASE WHEN run_seconds + fault_seconds + maintenance_seconds > 0
    THEN round(run_seconds / (run_seconds + fault_seconds + maintenance_seconds), 6) END AS availability,
  CASE WHEN fault_count > 0 THEN round(run_seconds / 3600.0 / fault_count, 6) END AS mtbf_hours,
  CASE WHEN fault_count > 0 THEN round(fault_seconds / 3600.0 / fault_count, 6) END AS mttr_hours,
  _last_ingested_at
FROM combined;

OPTIMIZE `manufacturing`.`gold`.`daily_equipment_summary` ZORDER BY (equipment_id);
