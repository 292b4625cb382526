#!/usr/bin/env node
// The bare-engine reference for `npm run bench:pipeline` (not a test, not a pipeline): the least
// work DuckDB must do to take the landed sensor readings to hourly aggregates, written as plain
// SQL on one connection, so the benchmark can say how far Sluice's pipeline is from the engine.
//
//   node bench/reference.mjs first|incremental|refresh <database file> <raw zone> [new files.json]
//
// It keeps only what every design needs: readings parsed by DuckDB's own NDJSON reader (bad
// lines skipped, not accounted for), typed, deduplicated on (sensor_id, ts, metric), and hourly
// count/avg/min/max/stddev/p95. It has none of the pipeline's other work: no line numbers,
// quarantine or rescued fields, no lineage columns beyond the file name, no unit normalisation,
// expectations or assertions, no other sources, no warehouse, no state or ledger. It is written
// the plain way (the dedup is a window over every row, which Sluice's silver model avoids), so it
// is a yardstick for what the engine does with the core path, not a strict floor.
//   first        bronze from every readings file, then silver and gold built whole
//   incremental  the files listed in the JSON file appended to bronze, merged into silver on the
//                key, gold recomputed for the (sensor, hour) pairs they touch
//   refresh      silver and gold rebuilt from bronze
// Prints one JSON line: {"steps": {name: ms}, "totalMs": n, "rows": {...}}.
import { DuckDBInstance } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [mode, file, rawZone, listFile] = process.argv.slice(2);
if (!["first", "incremental", "refresh"].includes(mode) || !file || !rawZone || (mode === "incremental" && !listFile)) {
  console.error("usage: node bench/reference.mjs first|incremental|refresh <database file> <raw zone> [new files.json]");
  process.exit(2);
}

const lit = (text) => `'${text.replace(/'/g, "''")}'`;
const readJson = (files) =>
  `read_json([${files.map(lit).join(", ")}], format = 'newline_delimited', ignore_errors = true, filename = true,
    columns = {sensor_id: 'VARCHAR', equipment_id: 'VARCHAR', ts: 'VARCHAR', metric: 'VARCHAR', value: 'DOUBLE', unit: 'VARCHAR', status: 'VARCHAR'})`;
// Typed and deduplicated: the copy from the last file (by name) wins.
const silverOf = (source) => `SELECT sensor_id, equipment_id, metric, ts, value, unit, status, filename
FROM (SELECT * EXCLUDE (ts), timezone('UTC', try_cast(ts AS TIMESTAMPTZ)) AS ts FROM ${source})
WHERE sensor_id IS NOT NULL AND ts IS NOT NULL AND metric IS NOT NULL AND value IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY sensor_id, ts, metric ORDER BY filename DESC) = 1`;
const gold = (where = "") => `SELECT sensor_id, metric, date_trunc('hour', ts) AS hour_start, count(*) AS readings, avg(value) AS avg_value,
  min(value) AS min_value, max(value) AS max_value, stddev_samp(value) AS stddev_value, quantile_cont(value, 0.95) AS p95_value
FROM silver ${where} GROUP BY ALL`;

const instance = await DuckDBInstance.create(file, { storage_compatibility_version: "v1.5.0" });
const connection = await instance.connect();
const steps = {};
const started = performance.now();
async function step(name, sql) {
  const t = performance.now();
  await connection.run(sql);
  steps[name] = Math.round(performance.now() - t);
}

if (mode === "first") {
  const files = readFileSync(join(rawZone, "_manifest.json"), "utf8");
  const readings = JSON.parse(files).files.map((f) => f.path).filter((p) => p.startsWith("sensor_readings/"));
  await step("bronze", `CREATE TABLE bronze AS SELECT * FROM ${readJson(readings.map((p) => join(rawZone, p)))}`);
  await step("silver", `CREATE TABLE silver AS ${silverOf("bronze")}`);
  await step("gold", `CREATE TABLE gold AS ${gold()}`);
} else if (mode === "refresh") {
  await step("silver", `CREATE OR REPLACE TABLE silver AS ${silverOf("bronze")}`);
  await step("gold", `CREATE OR REPLACE TABLE gold AS ${gold()}`);
} else {
  const readings = JSON.parse(readFileSync(listFile, "utf8")).filter((p) => p.startsWith("sensor_readings/"));
  await step("bronze", `CREATE TEMP TABLE batch AS SELECT * FROM ${readJson(readings.map((p) => join(rawZone, p)))}; INSERT INTO bronze SELECT * FROM batch`);
  await step(
    "silver",
    `CREATE TEMP TABLE changed AS ${silverOf("batch")};
MERGE INTO silver AS t USING changed AS s ON t.sensor_id = s.sensor_id AND t.ts = s.ts AND t.metric = s.metric
WHEN MATCHED THEN UPDATE SET equipment_id = s.equipment_id, value = s.value, unit = s.unit, status = s.status, filename = s.filename
WHEN NOT MATCHED THEN INSERT BY NAME`,
  );
  await step(
    "gold",
    `CREATE TEMP TABLE touched AS SELECT DISTINCT sensor_id, metric, date_trunc('hour', ts) AS hour_start FROM changed;
BEGIN;
DELETE FROM gold WHERE (sensor_id, metric, hour_start) IN (SELECT (sensor_id, metric, hour_start) FROM touched);
INSERT INTO gold ${gold("WHERE (sensor_id, metric, date_trunc('hour', ts)) IN (SELECT (sensor_id, metric, hour_start) FROM touched)")};
COMMIT`,
  );
}
await step("checkpoint", "CHECKPOINT");
const count = async (table) => Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
const rows = { bronze: await count("bronze"), silver: await count("silver"), gold: await count("gold") };
connection.disconnectSync();
instance.closeSync();
console.log(JSON.stringify({ mode, steps, totalMs: Math.round(performance.now() - started), rows }));
