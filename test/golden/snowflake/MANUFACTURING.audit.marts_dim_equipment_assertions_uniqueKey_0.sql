-- MANUFACTURING.audit.marts_dim_equipment_assertions_uniqueKey_0: assertion on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_equipment.sqlx:25
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (

SELECT
  *
FROM (
  SELECT
    equipment_key,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."DIM_EQUIPMENT"
  GROUP BY equipment_key
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
    equipment_key,
    COUNT(1) AS index_row_count
  FROM "MANUFACTURING"."MARTS"."DIM_EQUIPMENT"
  GROUP BY equipment_key
  ) AS data
WHERE index_row_count > 1

) AS assertion_rows;
