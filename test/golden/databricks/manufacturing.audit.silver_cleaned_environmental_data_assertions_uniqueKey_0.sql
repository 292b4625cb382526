-- manufacturing.audit.silver_cleaned_environmental_data_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/cleaned_environmental_data.sqlx:30
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    plant_id, zone, ts,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`cleaned_environmental_data`
  GROUP BY plant_id, zone, ts
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: checked only the keys manufacturing.silver.cleaned_environmental_data merged last; the rest of the table passed this check before

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    t.plant_id, t.zone, t.ts,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`cleaned_environmental_data` AS t
  WHERE EXISTS (SELECT 1 FROM `manufacturing`.`_sluice`.`silver__cleaned_environmental_data__merged_keys` AS m WHERE m.plant_id IS NOT DISTINCT FROM t.plant_id AND m.zone IS NOT DISTINCT FROM t.zone AND m.ts IS NOT DISTINCT FROM t.ts)
  GROUP BY t.plant_id, t.zone, t.ts
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
