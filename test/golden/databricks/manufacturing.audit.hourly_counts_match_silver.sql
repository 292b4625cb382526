-- manufacturing.audit.hourly_counts_match_silver: assertion on target lakehouse (databricks), defined in assertions/hourly_counts_match_silver.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
WITH silver_days AS (
  SELECT sensor_id, reading_date AS d, count(*) AS readings
  FROM `manufacturing`.`silver`.`cleaned_sensor_data`
  GROUP BY sensor_id, reading_date
),

gold_days AS (
  SELECT sensor_id, hour_date AS d, sum(reading_count) AS readings
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`
  GROUP BY sensor_id, hour_date
)

SELECT
  coalesce(s.sensor_id, g.sensor_id) AS sensor_id,
  coalesce(s.d, g.d) AS reading_date,
  s.readings AS silver_readings,
  g.readings AS gold_readings
FROM silver_days AS s
FULL OUTER JOIN gold_days AS g
  ON g.sensor_id = s.sensor_id AND g.d = s.d
WHERE s.readings IS NULL OR g.readings IS NULL OR s.readings <> g.readings
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
WITH silver_days AS (
  SELECT sensor_id, reading_date AS d, count(*) AS readings
  FROM `manufacturing`.`silver`.`cleaned_sensor_data`
  GROUP BY sensor_id, reading_date
),

gold_days AS (
  SELECT sensor_id, hour_date AS d, sum(reading_count) AS readings
  FROM `manufacturing`.`gold`.`hourly_sensor_aggregates`
  GROUP BY sensor_id, hour_date
)

SELECT
  coalesce(s.sensor_id, g.sensor_id) AS sensor_id,
  coalesce(s.d, g.d) AS reading_date,
  s.readings AS silver_readings,
  g.readings AS gold_readings
FROM silver_days AS s
FULL OUTER JOIN gold_days AS g
  ON g.sensor_id = s.sensor_id AND g.d = s.d
WHERE s.readings IS NULL OR g.readings IS NULL OR s.readings <> g.readings
) AS assertion_rows;
