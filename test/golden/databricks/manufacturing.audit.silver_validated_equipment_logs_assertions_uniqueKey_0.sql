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
-- message: checked only the keys manufacturing.silver.validated_equipment_logs merged last; the rest of the table passed this check before

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    t.equipment_id, t.event_ts, t.event,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`validated_equipment_logs` AS t
  WHERE EXISTS (SELECT 1 FROM `manufacturing`.`_sluice`.`silver__validated_equipment_logs__merged_keys` AS m WHERE m.equipment_id IS NOT DISTINCT FROM t.equipment_id AND m.event_ts IS NOT DISTINCT FROM t.event_ts AND m.event IS NOT DISTINCT FROM t.event)
  GROUP BY t.equipment_id, t.event_ts, t.event
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
