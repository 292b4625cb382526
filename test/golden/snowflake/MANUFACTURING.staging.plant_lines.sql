-- MANUFACTURING.staging.plant_lines: transfer on target warehouse (snowflake), defined in definitions/silver/plant_lines.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: failed
-- error: transfers on snowflake are not implemented yet (MANUFACTURING.staging.plant_lines, target warehouse) (hint: engines add their unload/load SQL in src/engines/transfer.ts)
-- (no statements)

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: failed
-- error: transfers on snowflake are not implemented yet (MANUFACTURING.staging.plant_lines, target warehouse) (hint: engines add their unload/load SQL in src/engines/transfer.ts)
-- (no statements)
