-- manufacturing.bronze.sensor_data: ingest on target lakehouse (databricks), defined in definitions/bronze/sensor_data.sqlx:1
-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.

-- ==== first-build: full refresh; no schema, relation or state exists yet ====
-- status: success
-- message: native ingestion on databricks: the engine's own ledger picks the new files; their records go to bronze or quarantine

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`bronze`;

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`audit`;

CREATE SCHEMA IF NOT EXISTS `manufacturing`.`_sluice`;

CREATE TABLE IF NOT EXISTS `manufacturing`.`_sluice`.`file_ledger` (
  action_id STRING NOT NULL,
  file_path STRING NOT NULL,
  size BIGINT,
  mtime TIMESTAMP,
  batch_id STRING,
  rows BIGINT,
  quarantined BIGINT,
  ingested_at TIMESTAMP
) USING DELTA;

CREATE TABLE IF NOT EXISTS `manufacturing`.`audit`.`sensor_data_quarantine` (
  _source_file STRING,
  _source_line BIGINT,
  raw_text STRING,
  reason STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING
) USING DELTA;

CREATE TABLE IF NOT EXISTS `manufacturing`.`bronze`.`sensor_data` (
  `sensor_id` VARCHAR,
  `equipment_id` VARCHAR,
  `ts` VARCHAR,
  `metric` VARCHAR,
  `value` DOUBLE,
  `unit` VARCHAR,
  `status` VARCHAR,
  `_rescued_data` STRING,
  `_source_file` STRING,
  `_source_line` BIGINT,
  `_ingested_at` TIMESTAMP,
  `_batch_id` STRING,
  `year` INT,
  `month` INT,
  `day` INT
) USING DELTA
PARTITIONED BY (`year`, `month`, `day`);

CREATE TABLE IF NOT EXISTS `manufacturing`.`bronze`.`sensor_data__sluice_stage` (
  _file_text STRING,
  _source_file STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING,
  `year` INT,
  `month` INT,
  `day` INT
) USING DELTA;

COPY INTO `manufacturing`.`bronze`.`sensor_data__sluice_stage`
FROM (
  SELECT value AS `_file_text`,
    _metadata.file_path AS `_source_file`,
    TIMESTAMP '2026-01-01 00:00:00.000' AS `_ingested_at`,
    '00000000-0000-0000-0000-000000000000' AS `_batch_id`,
    CAST(regexp_extract(_metadata.file_path, 'year=(\\d+)', 1) AS INT) AS `year`,
    CAST(regexp_extract(_metadata.file_path, 'month=(\\d+)', 1) AS INT) AS `month`,
    CAST(regexp_extract(_metadata.file_path, 'day=(\\d+)', 1) AS INT) AS `day`
  FROM 's3://manufacturing-prod/raw/sensor_readings'
)
FILEFORMAT = TEXT
PATTERN = '**/*.ndjson'
FORMAT_OPTIONS ('wholeText' = 'true')
COPY_OPTIONS ('mergeSchema' = 'false');

INSERT INTO `manufacturing`.`audit`.`sensor_data_quarantine` (_source_file, _source_line, raw_text, reason, _ingested_at, _batch_id)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensor_data__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
fields AS (
  -- json_object_keys is NULL unless the line is a JSON object; json_tuple parses each line once
  -- and gives every hinted field as text (numbers and nested values included).
  SELECT lines.*, json_object_keys(line) AS _keys, j._f0, j._f1, j._f2, j._f3, j._f4, j._f5, j._f6
  FROM lines
  LATERAL VIEW json_tuple(line, 'sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status') j AS _f0, _f1, _f2, _f3, _f4, _f5, _f6
),
typed AS (
  SELECT *,
    _f0 AS `sensor_id`,
    _f1 AS `equipment_id`,
    _f2 AS `ts`,
    _f3 AS `metric`,
    try_cast(_f4 AS DOUBLE) AS `value`,
    _f5 AS `unit`,
    _f6 AS `status`,
    -- Fields outside the hints: the record is kept whole in the rescued-data column.
    CASE WHEN exists(_keys, k -> NOT array_contains(array('sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status'), k)) THEN line END AS _rescued
  FROM fields
),
judged AS (
  SELECT *,
    CASE
      WHEN _keys IS NOT NULL THEN CASE
      WHEN _f4 IS NOT NULL AND `value` IS NULL THEN 'cast_failed:value'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN get_json_object(line, '$') IS NOT NULL THEN 'not_a_json_object'
      ELSE 'invalid_json'
    END AS _reason
  FROM typed
)
SELECT _source_file, _source_line, line, _reason, _ingested_at, _batch_id
FROM judged
WHERE _reason IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`audit`.`sensor_data_quarantine` AS landed WHERE landed._source_file = judged._source_file)
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensor_data` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day` AND landed._batch_id <> judged._batch_id);

INSERT INTO `manufacturing`.`bronze`.`sensor_data` (`sensor_id`, `equipment_id`, `ts`, `metric`, `value`, `unit`, `status`, `_rescued_data`, `_source_file`, `_source_line`, `_ingested_at`, `_batch_id`, `year`, `month`, `day`)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensor_data__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
fields AS (
  -- json_object_keys is NULL unless the line is a JSON object; json_tuple parses each line once
  -- and gives every hinted field as text (numbers and nested values included).
  SELECT lines.*, json_object_keys(line) AS _keys, j._f0, j._f1, j._f2, j._f3, j._f4, j._f5, j._f6
  FROM lines
  LATERAL VIEW json_tuple(line, 'sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status') j AS _f0, _f1, _f2, _f3, _f4, _f5, _f6
),
typed AS (
  SELECT *,
    _f0 AS `sensor_id`,
    _f1 AS `equipment_id`,
    _f2 AS `ts`,
    _f3 AS `metric`,
    try_cast(_f4 AS DOUBLE) AS `value`,
    _f5 AS `unit`,
    _f6 AS `status`,
    -- Fields outside the hints: the record is kept whole in the rescued-data column.
    CASE WHEN exists(_keys, k -> NOT array_contains(array('sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status'), k)) THEN line END AS _rescued
  FROM fields
),
judged AS (
  SELECT *,
    CASE
      WHEN _keys IS NOT NULL THEN CASE
      WHEN _f4 IS NOT NULL AND `value` IS NULL THEN 'cast_failed:value'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN get_json_object(line, '$') IS NOT NULL THEN 'not_a_json_object'
      ELSE 'invalid_json'
    END AS _reason
  FROM typed
)
SELECT `sensor_id`, `equipment_id`, `ts`, `metric`, `value`, `unit`, `status`, _rescued, _source_file, _source_line, _ingested_at, _batch_id, `year`, `month`, `day`
FROM judged
WHERE _reason IS NULL AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensor_data` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day`);

DELETE FROM `manufacturing`.`bronze`.`sensor_data__sluice_stage`;

-- ==== incremental: every schema and relation exists (documented columns), every action succeeded before ====
-- status: success
-- message: native ingestion on databricks: the engine's own ledger picks the new files; their records go to bronze or quarantine

CREATE TABLE IF NOT EXISTS `manufacturing`.`_sluice`.`file_ledger` (
  action_id STRING NOT NULL,
  file_path STRING NOT NULL,
  size BIGINT,
  mtime TIMESTAMP,
  batch_id STRING,
  rows BIGINT,
  quarantined BIGINT,
  ingested_at TIMESTAMP
) USING DELTA;

CREATE TABLE IF NOT EXISTS `manufacturing`.`audit`.`sensor_data_quarantine` (
  _source_file STRING,
  _source_line BIGINT,
  raw_text STRING,
  reason STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING
) USING DELTA;

CREATE TABLE IF NOT EXISTS `manufacturing`.`bronze`.`sensor_data__sluice_stage` (
  _file_text STRING,
  _source_file STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING,
  `year` INT,
  `month` INT,
  `day` INT
) USING DELTA;

COPY INTO `manufacturing`.`bronze`.`sensor_data__sluice_stage`
FROM (
  SELECT value AS `_file_text`,
    _metadata.file_path AS `_source_file`,
    TIMESTAMP '2026-01-01 00:00:00.000' AS `_ingested_at`,
    '00000000-0000-0000-0000-000000000000' AS `_batch_id`,
    CAST(regexp_extract(_metadata.file_path, 'year=(\\d+)', 1) AS INT) AS `year`,
    CAST(regexp_extract(_metadata.file_path, 'month=(\\d+)', 1) AS INT) AS `month`,
    CAST(regexp_extract(_metadata.file_path, 'day=(\\d+)', 1) AS INT) AS `day`
  FROM 's3://manufacturing-prod/raw/sensor_readings'
)
FILEFORMAT = TEXT
PATTERN = '**/*.ndjson'
FORMAT_OPTIONS ('wholeText' = 'true')
COPY_OPTIONS ('mergeSchema' = 'false');

INSERT INTO `manufacturing`.`audit`.`sensor_data_quarantine` (_source_file, _source_line, raw_text, reason, _ingested_at, _batch_id)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensor_data__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
fields AS (
  -- json_object_keys is NULL unless the line is a JSON object; json_tuple parses each line once
  -- and gives every hinted field as text (numbers and nested values included).
  SELECT lines.*, json_object_keys(line) AS _keys, j._f0, j._f1, j._f2, j._f3, j._f4, j._f5, j._f6
  FROM lines
  LATERAL VIEW json_tuple(line, 'sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status') j AS _f0, _f1, _f2, _f3, _f4, _f5, _f6
),
typed AS (
  SELECT *,
    _f0 AS `sensor_id`,
    _f1 AS `equipment_id`,
    _f2 AS `ts`,
    _f3 AS `metric`,
    try_cast(_f4 AS DOUBLE) AS `value`,
    _f5 AS `unit`,
    _f6 AS `status`,
    -- Fields outside the hints: the record is kept whole in the rescued-data column.
    CASE WHEN exists(_keys, k -> NOT array_contains(array('sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status'), k)) THEN line END AS _rescued
  FROM fields
),
judged AS (
  SELECT *,
    CASE
      WHEN _keys IS NOT NULL THEN CASE
      WHEN _f4 IS NOT NULL AND `value` IS NULL THEN 'cast_failed:value'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN get_json_object(line, '$') IS NOT NULL THEN 'not_a_json_object'
      ELSE 'invalid_json'
    END AS _reason
  FROM typed
)
SELECT _source_file, _source_line, line, _reason, _ingested_at, _batch_id
FROM judged
WHERE _reason IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`audit`.`sensor_data_quarantine` AS landed WHERE landed._source_file = judged._source_file)
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensor_data` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day` AND landed._batch_id <> judged._batch_id);

INSERT INTO `manufacturing`.`bronze`.`sensor_data` (`sensor_id`, `equipment_id`, `ts`, `metric`, `value`, `unit`, `status`, `_rescued_data`, `_source_file`, `_source_line`, `_ingested_at`, `_batch_id`, `year`, `month`, `day`)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensor_data__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
fields AS (
  -- json_object_keys is NULL unless the line is a JSON object; json_tuple parses each line once
  -- and gives every hinted field as text (numbers and nested values included).
  SELECT lines.*, json_object_keys(line) AS _keys, j._f0, j._f1, j._f2, j._f3, j._f4, j._f5, j._f6
  FROM lines
  LATERAL VIEW json_tuple(line, 'sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status') j AS _f0, _f1, _f2, _f3, _f4, _f5, _f6
),
typed AS (
  SELECT *,
    _f0 AS `sensor_id`,
    _f1 AS `equipment_id`,
    _f2 AS `ts`,
    _f3 AS `metric`,
    try_cast(_f4 AS DOUBLE) AS `value`,
    _f5 AS `unit`,
    _f6 AS `status`,
    -- Fields outside the hints: the record is kept whole in the rescued-data column.
    CASE WHEN exists(_keys, k -> NOT array_contains(array('sensor_id', 'equipment_id', 'ts', 'metric', 'value', 'unit', 'status'), k)) THEN line END AS _rescued
  FROM fields
),
judged AS (
  SELECT *,
    CASE
      WHEN _keys IS NOT NULL THEN CASE
      WHEN _f4 IS NOT NULL AND `value` IS NULL THEN 'cast_failed:value'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN get_json_object(line, '$') IS NOT NULL THEN 'not_a_json_object'
      ELSE 'invalid_json'
    END AS _reason
  FROM typed
)
SELECT `sensor_id`, `equipment_id`, `ts`, `metric`, `value`, `unit`, `status`, _rescued, _source_file, _source_line, _ingested_at, _batch_id, `year`, `month`, `day`
FROM judged
WHERE _reason IS NULL AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensor_data` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day`);

DELETE FROM `manufacturing`.`bronze`.`sensor_data__sluice_stage`;
