-- manufacturing.audit.silver_validated_equipment_logs_assertions_acceptedValues_0: assertion on target lakehouse (databricks), defined in definitions/silver/validated_equipment_logs.sqlx:34
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT event AS violating_value, COUNT(*) AS row_count
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE event IS NOT NULL AND event NOT IN ('start', 'stop', 'fault', 'maintenance')
GROUP BY event
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
SELECT event AS violating_value, COUNT(*) AS row_count
FROM `manufacturing`.`silver`.`validated_equipment_logs`
WHERE event IS NOT NULL AND event NOT IN ('start', 'stop', 'fault', 'maintenance')
GROUP BY event
) AS assertion_rows;
