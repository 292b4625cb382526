-- MANUFACTURING.audit.dim_equipment_scd2_valid: assertion on target warehouse (snowflake), defined in definitions/snowflake/assertions/dim_equipment_scd2_valid.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

SELECT COUNT(*) AS violations FROM (
WITH ordered AS (
  SELECT
    equipment_id,
    valid_from,
    valid_to,
    is_current,
    LEAD(valid_from) OVER (PARTITION BY equipment_id ORDER BY valid_from) AS next_valid_from
  FROM "MANUFACTURING"."MARTS"."DIM_EQUIPMENT"
),

problems AS (
  SELECT equipment_id, 'version does not end where the next begins' AS problem
  FROM ordered
  WHERE next_valid_from IS NOT NULL AND valid_to <> next_valid_from
  UNION ALL
  SELECT equipment_id, 'current version is not open-ended' AS problem
  FROM ordered
  WHERE is_current AND valid_to <> CAST('9999-12-31' AS DATE)
  UNION ALL
  SELECT equipment_id, 'not exactly one current version' AS problem
  FROM ordered
  GROUP BY equipment_id
  HAVING sum(CASE WHEN is_current THEN 1 ELSE 0 END) <> 1
)

SELECT DISTINCT equipment_id, problem FROM problems
) AS assertion_rows;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

SELECT COUNT(*) AS violations FROM (
WITH ordered AS (
  SELECT
    equipment_id,
    valid_from,
    valid_to,
    is_current,
    LEAD(valid_from) OVER (PARTITION BY equipment_id ORDER BY valid_from) AS next_valid_from
  FROM "MANUFACTURING"."MARTS"."DIM_EQUIPMENT"
),

problems AS (
  SELECT equipment_id, 'version does not end where the next begins' AS problem
  FROM ordered
  WHERE next_valid_from IS NOT NULL AND valid_to <> next_valid_from
  UNION ALL
  SELECT equipment_id, 'current version is not open-ended' AS problem
  FROM ordered
  WHERE is_current AND valid_to <> CAST('9999-12-31' AS DATE)
  UNION ALL
  SELECT equipment_id, 'not exactly one current version' AS problem
  FROM ordered
  GROUP BY equipment_id
  HAVING sum(CASE WHEN is_current THEN 1 ELSE 0 END) <> 1
)

SELECT DISTINCT equipment_id, problem FROM problems
) AS assertion_rows;
