-- manufacturing.audit.silver_validated_equipment_logs_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/validated_equipment_logs.sqlx:32
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    equipment_id, event_ts, event,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`validated_equipment_logs`
  GROUP BY equipment_id, event_ts, event
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
    equipment_id, event_ts, event,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`validated_equipment_logs`
  GROUP BY equipment_id, event_ts, event
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
