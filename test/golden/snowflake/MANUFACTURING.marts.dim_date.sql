-- MANUFACTURING.marts.dim_date: table on target warehouse (snowflake), defined in definitions/snowflake/marts/dim_date.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success

CREATE SCHEMA IF NOT EXISTS "MANUFACTURING"."MARTS";

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_DATE"
AS
WITH fact_days AS (
  SELECT hour_date AS d FROM "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES"
  UNION ALL
  SELECT summary_date AS d FROM "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY"
  UNION ALL
  SELECT quality_date AS d FROM "MANUFACTURING"."STAGING"."QUALITY_TRENDS"
),

bounds AS (
  SELECT min(d) AS lo, max(d) AS hi FROM fact_days
),

days AS (
  SELECT DATEADD(day, g.n, b.lo) AS day_date FROM bounds AS b CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS n FROM TABLE(GENERATOR(ROWCOUNT => 36600))) AS g WHERE DATEADD(day, g.n, b.lo) <= b.hi
),

parts AS (
  SELECT
    day_date AS date_day,
    EXTRACT(YEAR FROM day_date) AS year,
    EXTRACT(QUARTER FROM day_date) AS quarter,
    EXTRACT(MONTH FROM day_date) AS month,
    EXTRACT(DAY FROM day_date) AS day_of_month,
    DAYOFWEEKISO(day_date) AS iso_day_of_week,
    EXTRACT(WEEK FROM day_date) AS week_of_year
  FROM days
)

SELECT
  CAST(year * 10000 + month * 100 + day_of_month AS INTEGER) AS date_key,
  date_day,
  CAST(year AS INTEGER) AS year,
  CAST(quarter AS INTEGER) AS quarter,
  CAST(month AS INTEGER) AS month,
  CASE month
    WHEN 1 THEN 'January' WHEN 2 THEN 'February' WHEN 3 THEN 'March' WHEN 4 THEN 'April'
    WHEN 5 THEN 'May' WHEN 6 THEN 'June' WHEN 7 THEN 'July' WHEN 8 THEN 'August'
    WHEN 9 THEN 'September' WHEN 10 THEN 'October' WHEN 11 THEN 'November' ELSE 'December'
  END AS month_name,
  CAST(day_of_month AS INTEGER) AS day_of_month,
  CAST(iso_day_of_week AS INTEGER) AS iso_day_of_week,
  CASE iso_day_of_week
    WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday'
    WHEN 5 THEN 'Friday' WHEN 6 THEN 'Saturday' ELSE 'Sunday'
  END AS day_name,
  CAST(week_of_year AS INTEGER) AS week_of_year,
  iso_day_of_week IN (6, 7) AS is_weekend
FROM parts;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success

CREATE OR REPLACE TABLE "MANUFACTURING"."MARTS"."DIM_DATE__SLUICE_BUILD"
AS
WITH fact_days AS (
  SELECT hour_date AS d FROM "MANUFACTURING"."STAGING"."HOURLY_SENSOR_AGGREGATES"
  UNION ALL
  SELECT summary_date AS d FROM "MANUFACTURING"."STAGING"."DAILY_EQUIPMENT_SUMMARY"
  UNION ALL
  SELECT quality_date AS d FROM "MANUFACTURING"."STAGING"."QUALITY_TRENDS"
),

bounds AS (
  SELECT min(d) AS lo, max(d) AS hi FROM fact_days
),

days AS (
  SELECT DATEADD(day, g.n, b.lo) AS day_date FROM bounds AS b CROSS JOIN (SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) - 1 AS n FROM TABLE(GENERATOR(ROWCOUNT => 36600))) AS g WHERE DATEADD(day, g.n, b.lo) <= b.hi
),

parts AS (
  SELECT
    day_date AS date_day,
    EXTRACT(YEAR FROM day_date) AS year,
    EXTRACT(QUARTER FROM day_date) AS quarter,
    EXTRACT(MONTH FROM day_date) AS month,
    EXTRACT(DAY FROM day_date) AS day_of_month,
    DAYOFWEEKISO(day_date) AS iso_day_of_week,
    EXTRACT(WEEK FROM day_date) AS week_of_year
  FROM days
)

SELECT
  CAST(year * 10000 + month * 100 + day_of_month AS INTEGER) AS date_key,
  date_day,
  CAST(year AS INTEGER) AS year,
  CAST(quarter AS INTEGER) AS quarter,
  CAST(month AS INTEGER) AS month,
  CASE month
    WHEN 1 THEN 'January' WHEN 2 THEN 'February' WHEN 3 THEN 'March' WHEN 4 THEN 'April'
    WHEN 5 THEN 'May' WHEN 6 THEN 'June' WHEN 7 THEN 'July' WHEN 8 THEN 'August'
    WHEN 9 THEN 'September' WHEN 10 THEN 'October' WHEN 11 THEN 'November' ELSE 'December'
  END AS month_name,
  CAST(day_of_month AS INTEGER) AS day_of_month,
  CAST(iso_day_of_week AS INTEGER) AS iso_day_of_week,
  CASE iso_day_of_week
    WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday' WHEN 4 THEN 'Thursday'
    WHEN 5 THEN 'Friday' WHEN 6 THEN 'Saturday' ELSE 'Sunday'
  END AS day_name,
  CAST(week_of_year AS INTEGER) AS week_of_year,
  iso_day_of_week IN (6, 7) AS is_weekend
FROM parts;

ALTER TABLE "MANUFACTURING"."MARTS"."DIM_DATE" SWAP WITH "MANUFACTURING"."MARTS"."DIM_DATE__SLUICE_BUILD";

DROP TABLE IF EXISTS "MANUFACTURING"."MARTS"."DIM_DATE__SLUICE_BUILD";
