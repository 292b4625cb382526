-- manufacturing.audit.silver_plant_lines_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/silver/plant_lines.sqlx:18
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    plant_id, line_id,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`plant_lines`
  GROUP BY plant_id, line_id
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
    plant_id, line_id,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`silver`.`plant_lines`
  GROUP BY plant_id, line_id
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
