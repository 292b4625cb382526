-- manufacturing.audit.silver_processed_quality_metrics_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/processed_quality_metrics.sqlx:35
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    lot_id, equipment_id, characteristic, measured_at,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`processed_quality_metrics`
  GROUP BY lot_id, equipment_id, characteristic, measured_at
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: checked only the keys manufacturing.silver.processed_quality_metrics merged last; the rest of the table passed this check before

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    t.lot_id, t.equipment_id, t.characteristic, t.measured_at,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`processed_quality_metrics` AS t
  WHERE EXISTS (SELECT 1 FROM `manufacturing`.`_sluice`.`silver__processed_quality_metrics__merged_keys` AS m WHERE m.lot_id IS NOT DISTINCT FROM t.lot_id AND m.equipment_id IS NOT DISTINCT FROM t.equipment_id AND m.characteristic IS NOT DISTINCT FROM t.characteristic AND m.measured_at IS NOT DISTINCT FROM t.measured_at)
  GROUP BY t.lot_id, t.equipment_id, t.characteristic, t.measured_at
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
