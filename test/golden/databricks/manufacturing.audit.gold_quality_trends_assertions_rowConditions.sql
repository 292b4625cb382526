-- manufacturing.audit.gold_quality_trends_assertions_rowConditions: assertion on target lakehouse (databricks), defined in definitions/gold/quality_trends.sqlx:26
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'rolling_7d_defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (rolling_7d_defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'defective_lots <= lots' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (defective_lots <= lots)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'quality_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (quality_date IS NOT NULL)
UNION ALL
SELECT
  'lots IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (lots IS NOT NULL)
UNION ALL
SELECT
  'defect_rate IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (defect_rate IS NOT NULL)
UNION ALL
SELECT
  'rolling_7d_defect_rate IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (rolling_7d_defect_rate IS NOT NULL)

) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  'defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'rolling_7d_defect_rate BETWEEN 0 AND 1' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (rolling_7d_defect_rate BETWEEN 0 AND 1)
UNION ALL
SELECT
  'defective_lots <= lots' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (defective_lots <= lots)
UNION ALL
SELECT
  'line_id IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (line_id IS NOT NULL)
UNION ALL
SELECT
  'quality_date IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (quality_date IS NOT NULL)
UNION ALL
SELECT
  'lots IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (lots IS NOT NULL)
UNION ALL
SELECT
  'defect_rate IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (defect_rate IS NOT NULL)
UNION ALL
SELECT
  'rolling_7d_defect_rate IS NOT NULL' AS failing_row_condition,
  *
FROM `manufacturing`.`gold`.`quality_trends`
WHERE NOT (rolling_7d_defect_rate IS NOT NULL)

) AS assertion_rows;
