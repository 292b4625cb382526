-- manufacturing.gold.quality_trends: table on target lakehouse (databricks), defined in definitions/gold/quality_trends.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`gold`;

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`quality_trends`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH measurements AS (
  SELECT lot_id, equipment_id, measured_date AS quality_date, is_defect
  FROM `manufacturing`.`silver`.`processed_quality_metrics`
),

equipment_days AS (
  SELECT DISTINCT equipment_id, quality_date FROM measurements WHERE equipment_id IS NOT NULL
),

-- As-of lookup: the snapshot of the equipment on or before the day, else its earliest snapshot.
equipment_line AS (
  SELECT ed.equipment_id, ed.quality_date, s.line_id, s.plant_id
  FROM equipment_days AS ed
  JOIN `manufacturing`.`silver`.`equipment_snapshots` AS s
    ON s.equipment_id = ed.equipment_id
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY ed.equipment_id, ed.quality_date
    ORDER BY CASE WHEN s.snapshot_date <= ed.quality_date THEN 0 ELSE 1 END,
             CASE WHEN s.snapshot_date <= ed.quality_date THEN s.snapshot_date END DESC,
             s.snapshot_date
  ) = 1
),

lot_days AS (
  SELECT
    coalesce(l.line_id, 'UNKNOWN') AS line_id,
    max(l.plant_id) AS plant_id,
    m.quality_date,
    m.lot_id,
    count(*) AS measurements,
    sum(CASE WHEN m.is_defect THEN 1 ELSE 0 END) AS failed_measurements
  FROM measurements AS m
  LEFT JOIN equipment_line AS l
    ON l.equipment_id = m.equipment_id AND l.quality_date = m.quality_date
  GROUP BY coalesce(l.line_id, 'UNKNOWN'), m.quality_date, m.lot_id
),

daily AS (
  SELECT
    line_id,
    max(plant_id) AS plant_id,
    quality_date,
    sum(measurements) AS measurements,
    sum(failed_measurements) AS failed_measurements,
    count(*) AS lots,
    sum(CASE WHEN failed_measurements > 0 THEN 1 ELSE 0 END) AS defective_lots
  FROM lot_days
  GROUP BY line_id, quality_date
),

rolling AS (
  SELECT
    d.line_id,
    d.quality_date,
    sum(w.lots) AS rolling_7d_lots,
    sum(w.defective_lots) AS rolling_7d_defective_lots,
    sum(w.measurements) AS rolling_7d_measurements,
    sum(w.failed_measurements) AS rolling_7d_failed_measurements
  FROM daily AS d
  JOIN daily AS w
    ON w.line_id = d.line_id
   AND w.quality_date <= d.quality_date
   AND w.quality_date >= date_add(d.quality_date, -6)
  GROUP BY d.line_id, d.quality_date
)

SELECT
  d.line_id,
  d.plant_id,
  d.quality_date,
  d.measurements,
  d.failed_measurements,
  d.lots,
  d.defective_lots,
  round(CAST(d.defective_lots AS DOUBLE) / d.lots, 6) AS defect_rate,
  round(CAST(d.failed_measurements AS DOUBLE) / d.measurements, 6) AS measurement_failure_rate,
  r.rolling_7d_lots,
  r.rolling_7d_defective_lots,
  round(CAST(r.rolling_7d_defective_lots AS DOUBLE) / r.rolling_7d_lots, 6) AS rolling_7d_defect_rate,
  round(CAST(r.rolling_7d_failed_measurements AS DOUBLE) / r.rolling_7d_measurements, 6) AS rolling_7d_measurement_failure_rate
FROM daily AS d
JOIN rolling AS r
  ON r.line_id = d.line_id AND r.quality_date = d.quality_date;

OPTIMIZE `manufacturing`.`gold`.`quality_trends` ZORDER BY (line_id);

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE `manufacturing`.`gold`.`quality_trends`
USING DELTA
TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5', 'delta.enableTypeWidening' = 'true', 'delta.autoOptimize.optimizeWrite' = 'true')
AS
WITH measurements AS (
  SELECT lot_id, equipment_id, measured_date AS quality_date, is_defect
  FROM `manufacturing`.`silver`.`processed_quality_metrics`
),

equipment_days AS (
  SELECT DISTINCT equipment_id, quality_date FROM measurements WHERE equipment_id IS NOT NULL
),

-- As-of lookup: the snapshot of the equipment on or before the day, else its earliest snapshot.
equipment_line AS (
  SELECT ed.equipment_id, ed.quality_date, s.line_id, s.plant_id
  FROM equipment_days AS ed
  JOIN `manufacturing`.`silver`.`equipment_snapshots` AS s
    ON s.equipment_id = ed.equipment_id
  QUALIFY ROW_NUMBER() OVER (
    PARTITION BY ed.equipment_id, ed.quality_date
    ORDER BY CASE WHEN s.snapshot_date <= ed.quality_date THEN 0 ELSE 1 END,
             CASE WHEN s.snapshot_date <= ed.quality_date THEN s.snapshot_date END DESC,
             s.snapshot_date
  ) = 1
),

lot_days AS (
  SELECT
    coalesce(l.line_id, 'UNKNOWN') AS line_id,
    max(l.plant_id) AS plant_id,
    m.quality_date,
    m.lot_id,
    count(*) AS measurements,
    sum(CASE WHEN m.is_defect THEN 1 ELSE 0 END) AS failed_measurements
  FROM measurements AS m
  LEFT JOIN equipment_line AS l
    ON l.equipment_id = m.equipment_id AND l.quality_date = m.quality_date
  GROUP BY coalesce(l.line_id, 'UNKNOWN'), m.quality_date, m.lot_id
),

daily AS (
  SELECT
    line_id,
    max(plant_id) AS plant_id,
    quality_date,
    sum(measurements) AS measurements,
    sum(failed_measurements) AS failed_measurements,
    count(*) AS lots,
    sum(CASE WHEN failed_measurements > 0 THEN 1 ELSE 0 END) AS defective_lots
  FROM lot_days
  GROUP BY line_id, quality_date
),

rolling AS (
  SELECT
    d.line_id,
    d.quality_date,
    sum(w.lots) AS rolling_7d_lots,
    sum(w.defective_lots) AS rolling_7d_defective_lots,
    sum(w.measurements) AS rolling_7d_measurements,
    sum(w.failed_measurements) AS rolling_7d_failed_measurements
  FROM daily AS d
  JOIN daily AS w
    ON w.line_id = d.line_id
   AND w.quality_date <= d.quality_date
   AND w.quality_date >= date_add(d.quality_date, -6)
  GROUP BY d.line_id, d.quality_date
)

SELECT
  d.line_id,
  d.plant_id,
  d.quality_date,
  d.measurements,
  d.failed_measurements,
  d.lots,
  d.defective_lots,
  round(CAST(d.defective_lots AS DOUBLE) / d.lots, 6) AS defect_rate,
  round(CAST(d.failed_measurements AS DOUBLE) / d.measurements, 6) AS measurement_failure_rate,
  r.rolling_7d_lots,
  r.rolling_7d_defective_lots,
  round(CAST(r.rolling_7d_defective_lots AS DOUBLE) / r.rolling_7d_lots, 6) AS rolling_7d_defect_rate,
  round(CAST(r.rolling_7d_failed_measurements AS DOUBLE) / r.rolling_7d_measurements, 6) AS rolling_7d_measurement_failure_rate
FROM daily AS d
JOIN rolling AS r
  ON r.line_id = d.line_id AND r.quality_date = d.quality_date;

OPTIMIZE `manufacturing`.`gold`.`quality_trends` ZORDER BY (line_id);
