-- manufacturing.audit.gold_quality_trends_assertions_uniqueKey_0: assertion on target lakehouse (databricks), defined in definitions/gold/quality_trends.sqlx:24
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    line_id, quality_date,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`gold`.`quality_trends`
  GROUP BY line_id, quality_date
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
    line_id, quality_date,
    COUNT(1) AS index_row_count
  FROM `manufacturing`.`gold`.`quality_trends`
  GROUP BY line_id, quality_date
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
