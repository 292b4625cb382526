-- manufacturing.audit.silver_sensor_registry_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/sensor_registry.sqlx:19
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    sensor_id,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`sensor_registry`
  GROUP BY sensor_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    sensor_id,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`sensor_registry`
  GROUP BY sensor_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
