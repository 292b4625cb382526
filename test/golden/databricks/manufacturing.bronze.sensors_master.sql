-- manufacturing.bronze.sensors_master: ingest on target lakehouse (databricks), defined in definitions/bronze/sensors_master.sqlx:1
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

CREATE TABLE IF NOT EXISTS `manufacturing`.`audit`.`sensors_master_quarantine` (
  _source_file STRING,
  _source_line BIGINT,
  raw_text STRING,
  reason STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING
) USING DELTA;

CREATE TABLE IF NOT EXISTS `manufacturing`.`bronze`.`sensors_master` (
  `sensor_id` VARCHAR,
  `equipment_id` VARCHAR,
  `metric` VARCHAR,
  `unit` VARCHAR,
  `lower_limit` DOUBLE,
  `upper_limit` DOUBLE,
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

CREATE TABLE IF NOT EXISTS `manufacturing`.`bronze`.`sensors_master__sluice_stage` (
  _file_text STRING,
  _source_file STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING,
  `year` INT,
  `month` INT,
  `day` INT
) USING DELTA;

COPY INTO `manufacturing`.`bronze`.`sensors_master__sluice_stage`
FROM (
  SELECT value AS `_file_text`,
    _metadata.file_path AS `_source_file`,
    TIMESTAMP '2026-01-01 00:00:00.000' AS `_ingested_at`,
    '00000000-0000-0000-0000-000000000000' AS `_batch_id`,
    CAST(regexp_extract(_metadata.file_path, 'year=(\\d+)', 1) AS INT) AS `year`,
    CAST(regexp_extract(_metadata.file_path, 'month=(\\d+)', 1) AS INT) AS `month`,
    CAST(regexp_extract(_metadata.file_path, 'day=(\\d+)', 1) AS INT) AS `day`
  FROM 's3://manufacturing-prod/raw/sensors_master'
)
FILEFORMAT = TEXT
PATTERN = '**/*.csv'
FORMAT_OPTIONS ('wholeText' = 'true')
COPY_OPTIONS ('mergeSchema' = 'false');

INSERT INTO `manufacturing`.`audit`.`sensors_master_quarantine` (_source_file, _source_line, raw_text, reason, _ingested_at, _batch_id)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensors_master__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
line_parsed AS (
  SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM lines WHERE _source_line > 1
  ) AS fielded
),
odd AS (
  SELECT _source_file, _source_line, row_number() OVER (PARTITION BY _source_file ORDER BY _source_line) AS _nth
  FROM line_parsed WHERE NOT _wellformed AND (length(line) - length(replace(line, '"', ''))) % 2 = 1
),
spans AS (
  SELECT o._source_file, o._source_line AS _first, c._source_line AS _last
  FROM odd AS o JOIN odd AS c ON c._source_file = o._source_file AND c._nth = o._nth + 1
  WHERE o._nth % 2 = 1
),
joined AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, s._first AS _source_line, s._last,
    array_join(transform(array_sort(collect_list(named_struct('n', l._source_line, 't', l.line))), x -> x.t), chr(10)) AS line,
    l._header_line
  FROM lines AS l JOIN spans AS s ON l._source_file = s._source_file AND l._source_line BETWEEN s._first AND s._last
  GROUP BY l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._header_line, s._first, s._last
),
joined_records AS (
  SELECT * FROM (SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM joined
  ) AS fielded) AS joined_parsed WHERE _wellformed AND size(_fields) = size(_header)
),
parsed AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._source_line, l.line, l._header_line, l._header, l._wellformed, l._fields
  FROM line_parsed AS l LEFT JOIN joined_records AS j ON l._source_file = j._source_file AND l._source_line BETWEEN j._source_line AND j._last
  WHERE j._source_file IS NULL
  UNION ALL
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, _source_line, line, _header_line, _header, _wellformed, _fields FROM joined_records
),
located AS (
  SELECT *, CASE WHEN array_position(_header, 'sensor_id') > 0 THEN _fields[array_position(_header, 'sensor_id') - 1] END AS _v0,
    CASE WHEN array_position(_header, 'equipment_id') > 0 THEN _fields[array_position(_header, 'equipment_id') - 1] END AS _v1,
    CASE WHEN array_position(_header, 'metric') > 0 THEN _fields[array_position(_header, 'metric') - 1] END AS _v2,
    CASE WHEN array_position(_header, 'unit') > 0 THEN _fields[array_position(_header, 'unit') - 1] END AS _v3,
    CASE WHEN array_position(_header, 'lower_limit') > 0 THEN _fields[array_position(_header, 'lower_limit') - 1] END AS _v4,
    CASE WHEN array_position(_header, 'upper_limit') > 0 THEN _fields[array_position(_header, 'upper_limit') - 1] END AS _v5
  FROM parsed
),
typed AS (
  SELECT *,
    _v0 AS `sensor_id`,
    _v1 AS `equipment_id`,
    _v2 AS `metric`,
    _v3 AS `unit`,
    try_cast(_v4 AS DOUBLE) AS `lower_limit`,
    try_cast(_v5 AS DOUBLE) AS `upper_limit`,
    CASE WHEN size(_fields) = size(_header) AND exists(_header, h -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), h))
      THEN to_json(map_from_entries(transform(filter(sequence(0, size(_header) - 1), i -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), _header[i])), i -> struct(_header[i] AS key, _fields[i] AS value))))
    END AS _rescued
  FROM located
),
judged AS (
  SELECT *,
    CASE
      WHEN _wellformed AND size(_fields) = size(_header) AND trim(_header_line) <> '' AND trim(line) <> '' THEN CASE
      WHEN _v4 IS NOT NULL AND `lower_limit` IS NULL THEN 'cast_failed:lower_limit'
      WHEN _v5 IS NOT NULL AND `upper_limit` IS NULL THEN 'cast_failed:upper_limit'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN trim(_header_line) = '' THEN 'missing_header'
      WHEN NOT _wellformed THEN 'malformed_csv'
      ELSE 'column_count'
    END AS _reason
  FROM typed
)
SELECT _source_file, _source_line, line, _reason, _ingested_at, _batch_id
FROM judged
WHERE _reason IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`audit`.`sensors_master_quarantine` AS landed WHERE landed._source_file = judged._source_file)
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensors_master` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day` AND landed._batch_id <> judged._batch_id);

INSERT INTO `manufacturing`.`bronze`.`sensors_master` (`sensor_id`, `equipment_id`, `metric`, `unit`, `lower_limit`, `upper_limit`, `_rescued_data`, `_source_file`, `_source_line`, `_ingested_at`, `_batch_id`, `year`, `month`, `day`)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensors_master__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
line_parsed AS (
  SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM lines WHERE _source_line > 1
  ) AS fielded
),
odd AS (
  SELECT _source_file, _source_line, row_number() OVER (PARTITION BY _source_file ORDER BY _source_line) AS _nth
  FROM line_parsed WHERE NOT _wellformed AND (length(line) - length(replace(line, '"', ''))) % 2 = 1
),
spans AS (
  SELECT o._source_file, o._source_line AS _first, c._source_line AS _last
  FROM odd AS o JOIN odd AS c ON c._source_file = o._source_file AND c._nth = o._nth + 1
  WHERE o._nth % 2 = 1
),
joined AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, s._first AS _source_line, s._last,
    array_join(transform(array_sort(collect_list(named_struct('n', l._source_line, 't', l.line))), x -> x.t), chr(10)) AS line,
    l._header_line
  FROM lines AS l JOIN spans AS s ON l._source_file = s._source_file AND l._source_line BETWEEN s._first AND s._last
  GROUP BY l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._header_line, s._first, s._last
),
joined_records AS (
  SELECT * FROM (SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM joined
  ) AS fielded) AS joined_parsed WHERE _wellformed AND size(_fields) = size(_header)
),
parsed AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._source_line, l.line, l._header_line, l._header, l._wellformed, l._fields
  FROM line_parsed AS l LEFT JOIN joined_records AS j ON l._source_file = j._source_file AND l._source_line BETWEEN j._source_line AND j._last
  WHERE j._source_file IS NULL
  UNION ALL
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, _source_line, line, _header_line, _header, _wellformed, _fields FROM joined_records
),
located AS (
  SELECT *, CASE WHEN array_position(_header, 'sensor_id') > 0 THEN _fields[array_position(_header, 'sensor_id') - 1] END AS _v0,
    CASE WHEN array_position(_header, 'equipment_id') > 0 THEN _fields[array_position(_header, 'equipment_id') - 1] END AS _v1,
    CASE WHEN array_position(_header, 'metric') > 0 THEN _fields[array_position(_header, 'metric') - 1] END AS _v2,
    CASE WHEN array_position(_header, 'unit') > 0 THEN _fields[array_position(_header, 'unit') - 1] END AS _v3,
    CASE WHEN array_position(_header, 'lower_limit') > 0 THEN _fields[array_position(_header, 'lower_limit') - 1] END AS _v4,
    CASE WHEN array_position(_header, 'upper_limit') > 0 THEN _fields[array_position(_header, 'upper_limit') - 1] END AS _v5
  FROM parsed
),
typed AS (
  SELECT *,
    _v0 AS `sensor_id`,
    _v1 AS `equipment_id`,
    _v2 AS `metric`,
    _v3 AS `unit`,
    try_cast(_v4 AS DOUBLE) AS `lower_limit`,
    try_cast(_v5 AS DOUBLE) AS `upper_limit`,
    CASE WHEN size(_fields) = size(_header) AND exists(_header, h -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), h))
      THEN to_json(map_from_entries(transform(filter(sequence(0, size(_header) - 1), i -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), _header[i])), i -> struct(_header[i] AS key, _fields[i] AS value))))
    END AS _rescued
  FROM located
),
judged AS (
  SELECT *,
    CASE
      WHEN _wellformed AND size(_fields) = size(_header) AND trim(_header_line) <> '' AND trim(line) <> '' THEN CASE
      WHEN _v4 IS NOT NULL AND `lower_limit` IS NULL THEN 'cast_failed:lower_limit'
      WHEN _v5 IS NOT NULL AND `upper_limit` IS NULL THEN 'cast_failed:upper_limit'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN trim(_header_line) = '' THEN 'missing_header'
      WHEN NOT _wellformed THEN 'malformed_csv'
      ELSE 'column_count'
    END AS _reason
  FROM typed
)
SELECT `sensor_id`, `equipment_id`, `metric`, `unit`, `lower_limit`, `upper_limit`, _rescued, _source_file, _source_line, _ingested_at, _batch_id, `year`, `month`, `day`
FROM judged
WHERE _reason IS NULL AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensors_master` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day`);

DELETE FROM `manufacturing`.`bronze`.`sensors_master__sluice_stage`;

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

CREATE TABLE IF NOT EXISTS `manufacturing`.`audit`.`sensors_master_quarantine` (
  _source_file STRING,
  _source_line BIGINT,
  raw_text STRING,
  reason STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING
) USING DELTA;

CREATE TABLE IF NOT EXISTS `manufacturing`.`bronze`.`sensors_master__sluice_stage` (
  _file_text STRING,
  _source_file STRING,
  _ingested_at TIMESTAMP,
  _batch_id STRING,
  `year` INT,
  `month` INT,
  `day` INT
) USING DELTA;

COPY INTO `manufacturing`.`bronze`.`sensors_master__sluice_stage`
FROM (
  SELECT value AS `_file_text`,
    _metadata.file_path AS `_source_file`,
    TIMESTAMP '2026-01-01 00:00:00.000' AS `_ingested_at`,
    '00000000-0000-0000-0000-000000000000' AS `_batch_id`,
    CAST(regexp_extract(_metadata.file_path, 'year=(\\d+)', 1) AS INT) AS `year`,
    CAST(regexp_extract(_metadata.file_path, 'month=(\\d+)', 1) AS INT) AS `month`,
    CAST(regexp_extract(_metadata.file_path, 'day=(\\d+)', 1) AS INT) AS `day`
  FROM 's3://manufacturing-prod/raw/sensors_master'
)
FILEFORMAT = TEXT
PATTERN = '**/*.csv'
FORMAT_OPTIONS ('wholeText' = 'true')
COPY_OPTIONS ('mergeSchema' = 'false');

INSERT INTO `manufacturing`.`audit`.`sensors_master_quarantine` (_source_file, _source_line, raw_text, reason, _ingested_at, _batch_id)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensors_master__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
line_parsed AS (
  SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM lines WHERE _source_line > 1
  ) AS fielded
),
odd AS (
  SELECT _source_file, _source_line, row_number() OVER (PARTITION BY _source_file ORDER BY _source_line) AS _nth
  FROM line_parsed WHERE NOT _wellformed AND (length(line) - length(replace(line, '"', ''))) % 2 = 1
),
spans AS (
  SELECT o._source_file, o._source_line AS _first, c._source_line AS _last
  FROM odd AS o JOIN odd AS c ON c._source_file = o._source_file AND c._nth = o._nth + 1
  WHERE o._nth % 2 = 1
),
joined AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, s._first AS _source_line, s._last,
    array_join(transform(array_sort(collect_list(named_struct('n', l._source_line, 't', l.line))), x -> x.t), chr(10)) AS line,
    l._header_line
  FROM lines AS l JOIN spans AS s ON l._source_file = s._source_file AND l._source_line BETWEEN s._first AND s._last
  GROUP BY l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._header_line, s._first, s._last
),
joined_records AS (
  SELECT * FROM (SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM joined
  ) AS fielded) AS joined_parsed WHERE _wellformed AND size(_fields) = size(_header)
),
parsed AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._source_line, l.line, l._header_line, l._header, l._wellformed, l._fields
  FROM line_parsed AS l LEFT JOIN joined_records AS j ON l._source_file = j._source_file AND l._source_line BETWEEN j._source_line AND j._last
  WHERE j._source_file IS NULL
  UNION ALL
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, _source_line, line, _header_line, _header, _wellformed, _fields FROM joined_records
),
located AS (
  SELECT *, CASE WHEN array_position(_header, 'sensor_id') > 0 THEN _fields[array_position(_header, 'sensor_id') - 1] END AS _v0,
    CASE WHEN array_position(_header, 'equipment_id') > 0 THEN _fields[array_position(_header, 'equipment_id') - 1] END AS _v1,
    CASE WHEN array_position(_header, 'metric') > 0 THEN _fields[array_position(_header, 'metric') - 1] END AS _v2,
    CASE WHEN array_position(_header, 'unit') > 0 THEN _fields[array_position(_header, 'unit') - 1] END AS _v3,
    CASE WHEN array_position(_header, 'lower_limit') > 0 THEN _fields[array_position(_header, 'lower_limit') - 1] END AS _v4,
    CASE WHEN array_position(_header, 'upper_limit') > 0 THEN _fields[array_position(_header, 'upper_limit') - 1] END AS _v5
  FROM parsed
),
typed AS (
  SELECT *,
    _v0 AS `sensor_id`,
    _v1 AS `equipment_id`,
    _v2 AS `metric`,
    _v3 AS `unit`,
    try_cast(_v4 AS DOUBLE) AS `lower_limit`,
    try_cast(_v5 AS DOUBLE) AS `upper_limit`,
    CASE WHEN size(_fields) = size(_header) AND exists(_header, h -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), h))
      THEN to_json(map_from_entries(transform(filter(sequence(0, size(_header) - 1), i -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), _header[i])), i -> struct(_header[i] AS key, _fields[i] AS value))))
    END AS _rescued
  FROM located
),
judged AS (
  SELECT *,
    CASE
      WHEN _wellformed AND size(_fields) = size(_header) AND trim(_header_line) <> '' AND trim(line) <> '' THEN CASE
      WHEN _v4 IS NOT NULL AND `lower_limit` IS NULL THEN 'cast_failed:lower_limit'
      WHEN _v5 IS NOT NULL AND `upper_limit` IS NULL THEN 'cast_failed:upper_limit'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN trim(_header_line) = '' THEN 'missing_header'
      WHEN NOT _wellformed THEN 'malformed_csv'
      ELSE 'column_count'
    END AS _reason
  FROM typed
)
SELECT _source_file, _source_line, line, _reason, _ingested_at, _batch_id
FROM judged
WHERE _reason IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`audit`.`sensors_master_quarantine` AS landed WHERE landed._source_file = judged._source_file)
  AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensors_master` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day` AND landed._batch_id <> judged._batch_id);

INSERT INTO `manufacturing`.`bronze`.`sensors_master` (`sensor_id`, `equipment_id`, `metric`, `unit`, `lower_limit`, `upper_limit`, `_rescued_data`, `_source_file`, `_source_line`, `_ingested_at`, `_batch_id`, `year`, `month`, `day`)
WITH files AS (
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, split(_file_text, '\\n') AS _lines
  FROM `manufacturing`.`bronze`.`sensors_master__sluice_stage`
),
lines AS (
  SELECT f._source_file, f._ingested_at, f._batch_id, f.`year`, f.`month`, f.`day`,
    l.pos + 1 AS _source_line, regexp_replace(l.line, '\\r$', '') AS line,
    regexp_replace(f._lines[0], '\\r$', '') AS _header_line
  FROM files AS f
  LATERAL VIEW posexplode(f._lines) l AS pos, line
  WHERE NOT (l.pos = size(f._lines) - 1 AND l.line = '')
),
line_parsed AS (
  SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM lines WHERE _source_line > 1
  ) AS fielded
),
odd AS (
  SELECT _source_file, _source_line, row_number() OVER (PARTITION BY _source_file ORDER BY _source_line) AS _nth
  FROM line_parsed WHERE NOT _wellformed AND (length(line) - length(replace(line, '"', ''))) % 2 = 1
),
spans AS (
  SELECT o._source_file, o._source_line AS _first, c._source_line AS _last
  FROM odd AS o JOIN odd AS c ON c._source_file = o._source_file AND c._nth = o._nth + 1
  WHERE o._nth % 2 = 1
),
joined AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, s._first AS _source_line, s._last,
    array_join(transform(array_sort(collect_list(named_struct('n', l._source_line, 't', l.line))), x -> x.t), chr(10)) AS line,
    l._header_line
  FROM lines AS l JOIN spans AS s ON l._source_file = s._source_file AND l._source_line BETWEEN s._first AND s._last
  GROUP BY l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._header_line, s._first, s._last
),
joined_records AS (
  SELECT * FROM (SELECT *, array_join(_raw_fields, ',') = line AS _wellformed, transform(_raw_fields, x -> CASE WHEN x = '' THEN NULL WHEN startswith(x, '"') THEN replace(substr(x, 2, length(x) - 2), '""', '"') ELSE x END) AS _fields
  FROM (
    SELECT *, regexp_extract_all(line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1) AS _raw_fields,
      transform(regexp_extract_all(_header_line, '(?:^|,)("(?:[^"]|"")*"|[^,"]*)', 1), h -> trim(h)) AS _header
    FROM joined
  ) AS fielded) AS joined_parsed WHERE _wellformed AND size(_fields) = size(_header)
),
parsed AS (
  SELECT l._source_file, l._ingested_at, l._batch_id, l.`year`, l.`month`, l.`day`, l._source_line, l.line, l._header_line, l._header, l._wellformed, l._fields
  FROM line_parsed AS l LEFT JOIN joined_records AS j ON l._source_file = j._source_file AND l._source_line BETWEEN j._source_line AND j._last
  WHERE j._source_file IS NULL
  UNION ALL
  SELECT _source_file, _ingested_at, _batch_id, `year`, `month`, `day`, _source_line, line, _header_line, _header, _wellformed, _fields FROM joined_records
),
located AS (
  SELECT *, CASE WHEN array_position(_header, 'sensor_id') > 0 THEN _fields[array_position(_header, 'sensor_id') - 1] END AS _v0,
    CASE WHEN array_position(_header, 'equipment_id') > 0 THEN _fields[array_position(_header, 'equipment_id') - 1] END AS _v1,
    CASE WHEN array_position(_header, 'metric') > 0 THEN _fields[array_position(_header, 'metric') - 1] END AS _v2,
    CASE WHEN array_position(_header, 'unit') > 0 THEN _fields[array_position(_header, 'unit') - 1] END AS _v3,
    CASE WHEN array_position(_header, 'lower_limit') > 0 THEN _fields[array_position(_header, 'lower_limit') - 1] END AS _v4,
    CASE WHEN array_position(_header, 'upper_limit') > 0 THEN _fields[array_position(_header, 'upper_limit') - 1] END AS _v5
  FROM parsed
),
typed AS (
  SELECT *,
    _v0 AS `sensor_id`,
    _v1 AS `equipment_id`,
    _v2 AS `metric`,
    _v3 AS `unit`,
    try_cast(_v4 AS DOUBLE) AS `lower_limit`,
    try_cast(_v5 AS DOUBLE) AS `upper_limit`,
    CASE WHEN size(_fields) = size(_header) AND exists(_header, h -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), h))
      THEN to_json(map_from_entries(transform(filter(sequence(0, size(_header) - 1), i -> NOT array_contains(array('sensor_id', 'equipment_id', 'metric', 'unit', 'lower_limit', 'upper_limit'), _header[i])), i -> struct(_header[i] AS key, _fields[i] AS value))))
    END AS _rescued
  FROM located
),
judged AS (
  SELECT *,
    CASE
      WHEN _wellformed AND size(_fields) = size(_header) AND trim(_header_line) <> '' AND trim(line) <> '' THEN CASE
      WHEN _v4 IS NOT NULL AND `lower_limit` IS NULL THEN 'cast_failed:lower_limit'
      WHEN _v5 IS NOT NULL AND `upper_limit` IS NULL THEN 'cast_failed:upper_limit'
    END
      WHEN trim(line) = '' THEN 'empty_line'
      WHEN trim(_header_line) = '' THEN 'missing_header'
      WHEN NOT _wellformed THEN 'malformed_csv'
      ELSE 'column_count'
    END AS _reason
  FROM typed
)
SELECT `sensor_id`, `equipment_id`, `metric`, `unit`, `lower_limit`, `upper_limit`, _rescued, _source_file, _source_line, _ingested_at, _batch_id, `year`, `month`, `day`
FROM judged
WHERE _reason IS NULL AND NOT EXISTS (SELECT 1 FROM `manufacturing`.`bronze`.`sensors_master` AS landed WHERE landed._source_file = judged._source_file AND landed.`year` <=> judged.`year` AND landed.`month` <=> judged.`month` AND landed.`day` <=> judged.`day`);

DELETE FROM `manufacturing`.`bronze`.`sensors_master__sluice_stage`;
