-- manufacturing.audit.silver_equipment_snapshots_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/equipment_snapshots.sqlx:21
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    equipment_id, snapshot_date,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`equipment_snapshots`
  GROUP BY equipment_id, snapshot_date
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
    equipment_id, snapshot_date,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`equipment_snapshots`
  GROUP BY equipment_id, snapshot_date
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
