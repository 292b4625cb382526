-- manufacturing.audit.sensor_single_metric: assertion on target lakehouse (databricks), defined in assertions/sensor_single_metric.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT sensor_id, count(DISTINCT metric) AS metrics, min(metric) AS first_metric, max(metric) AS last_metric
FROM `manufacturing`.`silver`.`cleaned_sensor_data`
GROUP BY sensor_id
HAVING count(DISTINCT metric) > 1
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT sensor_id, count(DISTINCT metric) AS metrics, min(metric) AS first_metric, max(metric) AS last_metric
FROM `manufacturing`.`silver`.`cleaned_sensor_data`
GROUP BY sensor_id
HAVING count(DISTINCT metric) > 1
) AS assertion_rows;
