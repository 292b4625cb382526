#!/usr/bin/env node
// Runs the pipeline's models on an in-memory DuckDB over hand-made bronze rows (fixtures.mjs),
// with an interim SQLX evaluator (sqlx-lite.mjs) standing in for the compiler:
//   1. renders every action for duckdb, databricks and snowflake (JS errors, empty SQL);
//   2. runs all models batch by batch (first run full over empty bronze, later runs incremental,
//      the last one without new data must change nothing), emulating
//      expectations (drop/warn/fail), merges on uniqueKey and the lakehouse → warehouse transfer
//      (a copy into schema staging), and checks the built-in and standalone assertions;
//   3. runs the same models as one full refresh over all batches and compares every table and view
//      with the incremental result (must be identical);
//   4. runs the model unit tests (type "test").
// Usage: node test/pipeline/sql/check-duckdb.mjs [--dump DIR] [--show model,model] [--bronze-from lakehouse.duckdb [--sql QUERY]]
// (DIR receives the rendered SQL of every engine; --show prints rows of models after the runs).
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadProject } from "./sqlx-lite.mjs";
import { batches } from "./fixtures.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const project = loadProject(root);
const dumpDir = process.argv.includes("--dump") ? process.argv[process.argv.indexOf("--dump") + 1] : null;

let failures = 0;
let passes = 0;
const fail = (msg) => (failures++, console.log(`  FAIL ${msg}`));
const pass = (msg) => (passes++, console.log(`  ok   ${msg}`));

const q = (id) => `"${id}"`;
/** Relation of an action as seen from another: warehouse readers of lakehouse tables read staging. */
const relationOf = (dep, from) =>
  from.target === "warehouse" && dep.target === "lakehouse" ? `${q("staging")}.${q(dep.name)}` : `${q(dep.schema)}.${q(dep.name)}`;

const models = project.actions.filter((a) => ["table", "view", "incremental"].includes(a.type));
const assertionsFiles = project.actions.filter((a) => a.type === "assertion");
const ingests = project.actions.filter((a) => a.type === "ingest");

// ---- 1. render everywhere -------------------------------------------------------------------
console.log("render");
const depsOf = new Map();
for (const a of project.actions.filter((x) => x.type !== "ingest")) {
  for (const engine of ["duckdb", "databricks", "snowflake"]) {
    for (const incremental of a.type === "incremental" ? [false, true] : [false]) {
      try {
        const r = project.evaluate(a, a.parts.query, { engine, incremental, relationOf });
        if (!r.sql.trim()) fail(`${a.file} [${engine}] renders empty SQL`);
        if (/;\s*$/.test(r.sql)) fail(`${a.file} [${engine}] ends with ;`);
        if (engine === "duckdb" && !incremental) depsOf.set(a.name, [...r.deps, ...(a.config.dependencies ?? [])]);
        for (const post of a.parts.post) project.evaluate(a, post, { engine, incremental, relationOf });
        if (dumpDir) {
          mkdirSync(join(dumpDir, engine), { recursive: true });
          const posts = a.parts.post.map((p) => project.evaluate(a, p, { engine, incremental, relationOf }).sql.trim()).filter(Boolean);
          writeFileSync(join(dumpDir, engine, `${a.schema}.${a.name}${incremental ? ".incremental" : ""}.sql`), [r.sql, ...posts].join("\n;\n") + "\n");
        }
      } catch (e) {
        fail(`${a.file} [${engine}${incremental ? ", incremental" : ""}]: ${e.message}`);
      }
    }
  }
}
pass(`${project.actions.length} actions rendered for duckdb, databricks and snowflake`);

// Topological order: lakehouse first, then warehouse (the transfer sits between).
function order(actions) {
  const names = new Set(actions.map((a) => a.name));
  const done = new Set();
  const out = [];
  const visit = (a, stack = []) => {
    if (done.has(a.name)) return;
    if (stack.includes(a.name)) throw new Error(`cycle: ${[...stack, a.name].join(" → ")}`);
    for (const d of depsOf.get(a.name) ?? []) if (names.has(d)) visit(project.byName.get(d), [...stack, a.name]);
    done.add(a.name);
    out.push(a);
  };
  for (const a of actions) visit(a);
  return out;
}
const lakehouse = order(models.filter((a) => a.target === "lakehouse"));
const warehouse = order(models.filter((a) => a.target === "warehouse"));
const transferred = [...new Set(warehouse.flatMap((a) => depsOf.get(a.name)).filter((d) => project.byName.get(d)?.target === "lakehouse"))];

// ---- 2. run -----------------------------------------------------------------------------------
const rows = async (c, sql) => (await c.runAndReadAll(sql)).getRowObjectsJS();
/** Rows with every value as DuckDB's JSON-friendly text (dates and timestamps stay distinct). */
const textRows = async (c, sql) => (await c.runAndReadAll(sql)).getRowObjectsJson();
/** A cell for comparison: integers of any width (BIGINT and HUGEINT come back as text) as numbers. */
const cell = (v) => (typeof v === "string" && /^-?[0-9]+$/.test(v) && v.length < 16 ? Number(v) : v);
const scalar = async (c, sql) => Number(Object.values((await rows(c, sql))[0])[0]);
const sqlLiteral = (v) =>
  v === null || v === undefined ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

async function createBronze(c) {
  for (const s of ["bronze", "silver", "gold", "staging", "marts", "bi", "audit"]) await c.run(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  for (const a of ingests) {
    const cols = Object.entries(a.config.columns).map(([n, t]) => `${q(n)} ${t}`);
    cols.push(`_rescued_data VARCHAR`, `_source_file VARCHAR`, `_source_line BIGINT`, `_ingested_at TIMESTAMP`, `_batch_id VARCHAR`, `year INTEGER`, `month INTEGER`, `day INTEGER`);
    await c.run(`CREATE TABLE ${q(a.schema)}.${q(a.name)} (${cols.join(", ")})`);
  }
}

async function load(c, batch) {
  for (const [name, list] of Object.entries(batch.rows)) {
    const a = project.byName.get(name);
    const cols = [...Object.keys(a.config.columns), "_rescued_data", "_source_file", "_source_line", "_ingested_at", "_batch_id", "year", "month", "day"];
    const values = list.map((r) => `(${cols.map((col) => sqlLiteral(r[col])).join(", ")})`);
    await c.run(`INSERT INTO ${q(a.schema)}.${q(a.name)} (${cols.map(q).join(", ")}) VALUES ${values.join(",\n")}`);
  }
}

async function exists(c, a) {
  return (await scalar(c, `SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = '${a.schema}' AND table_name = '${a.name}'`)) > 0;
}

const expectationCounts = {};

async function build(c, a, { log }) {
  const rel = relationOf(a, a);
  const incremental = a.type === "incremental" && (await exists(c, a));
  const sql = project.evaluate(a, a.parts.query, { engine: "duckdb", incremental, relationOf }).sql;
  for (const pre of a.parts.pre) {
    const s = project.evaluate(a, pre, { engine: "duckdb", incremental, relationOf }).sql.trim();
    if (s) await c.run(s);
  }
  if (a.type === "view") {
    await c.run(`CREATE OR REPLACE VIEW ${rel} AS ${sql}`);
  } else {
    await c.run(`CREATE OR REPLACE TEMP TABLE _out AS ${sql}`);
    const expectations = a.config.expectations ?? [];
    for (const e of expectations) {
      const bad = await scalar(c, `SELECT count(*) FROM _out WHERE NOT coalesce((${e.condition}), FALSE)`);
      const key = `${a.name}.${e.name} (${e.action})`;
      expectationCounts[key] = (expectationCounts[key] ?? 0) + bad;
      if (e.action === "fail" && bad > 0) throw new Error(`expectation ${e.name} failed on ${bad} rows`);
    }
    const drops = expectations.filter((e) => e.action === "drop");
    if (drops.length) {
      await c.run(`CREATE OR REPLACE TEMP TABLE _quarantine AS SELECT * FROM _out WHERE NOT (${drops.map((e) => `coalesce((${e.condition}), FALSE)`).join(" AND ")})`);
      await c.run(`DELETE FROM _out WHERE NOT (${drops.map((e) => `coalesce((${e.condition}), FALSE)`).join(" AND ")})`);
    }
    if (incremental) {
      const key = a.config.uniqueKey;
      const dupKeys = await scalar(c, `SELECT count(*) FROM (SELECT ${key.map(q).join(", ")} FROM _out GROUP BY ALL HAVING count(*) > 1)`);
      if (dupKeys > 0) throw new Error(`merge source has ${dupKeys} duplicate keys`);
      const match = key.map((k) => `t.${q(k)} IS NOT DISTINCT FROM s.${q(k)}`).join(" AND ");
      await c.run(`DELETE FROM ${rel} AS t WHERE EXISTS (SELECT 1 FROM _out AS s WHERE ${match})`);
      await c.run(`INSERT INTO ${rel} BY NAME SELECT * FROM _out`);
    } else {
      await c.run(`CREATE OR REPLACE TABLE ${rel} AS SELECT * FROM _out`);
    }
  }
  for (const post of a.parts.post) {
    const s = project.evaluate(a, post, { engine: "duckdb", incremental, relationOf }).sql.trim();
    if (s) await c.run(s);
  }
  if (log) console.log(`    ${a.target.padEnd(9)} ${a.type.padEnd(11)} ${a.schema}.${a.name}${incremental ? " (incremental)" : ""}: ${await scalar(c, `SELECT count(*) FROM ${rel}`)} rows`);
}

async function builtInAssertions(c, a) {
  const rel = relationOf(a, a);
  const checks = [];
  const as = a.config.assertions ?? {};
  if (as.uniqueKey) checks.push([`uniqueKey(${as.uniqueKey})`, `SELECT ${as.uniqueKey.map(q).join(", ")} FROM ${rel} GROUP BY ALL HAVING count(*) > 1`]);
  if (as.nonNull) checks.push([`nonNull(${as.nonNull})`, `SELECT * FROM ${rel} WHERE ${as.nonNull.map((col) => `${q(col)} IS NULL`).join(" OR ")}`]);
  for (const cond of as.rowConditions ?? []) checks.push([`rowCondition ${cond}`, `SELECT * FROM ${rel} WHERE NOT coalesce((${cond}), FALSE)`]);
  const list = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const av of list(as.acceptedValues))
    checks.push([`acceptedValues ${av.column}`, `SELECT * FROM ${rel} WHERE ${q(av.column)} NOT IN (${av.values.map(sqlLiteral).join(", ")})`]);
  for (const r of list(as.relationships)) {
    const to = project.byName.get(typeof r.to === "string" ? r.to : r.to.name);
    checks.push([`relationships ${r.column} → ${to.name}.${r.field}`, `SELECT * FROM ${rel} AS m WHERE m.${q(r.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${relationOf(to, a)} AS o WHERE o.${q(r.field)} = m.${q(r.column)})`]);
  }
  for (const [label, sql] of checks) {
    const n = await scalar(c, `SELECT count(*) FROM (${sql})`);
    if (n > 0) fail(`${a.name} assertion ${label}: ${n} rows`);
  }
  return checks.length;
}

async function runPipeline(c, { log = false } = {}) {
  for (const a of lakehouse) await build(c, a, { log });
  for (const name of transferred) {
    const dep = project.byName.get(name);
    await c.run(`CREATE OR REPLACE TABLE staging.${q(name)} AS SELECT * FROM ${q(dep.schema)}.${q(dep.name)}`);
  }
  for (const a of warehouse) await build(c, a, { log });
}

/** Content of every model as one sorted text per model. */
async function snapshot(c) {
  const out = {};
  for (const a of [...lakehouse, ...warehouse]) {
    const list = await textRows(c, `SELECT * FROM ${relationOf(a, a)}`);
    out[a.name] = list.map((r) => JSON.stringify(r)).sort().join("\n");
  }
  return out;
}

/** Fails for every model whose rows differ between two connections (incremental vs. full). */
async function compareModels(incConn, fullConn) {
  for (const a of [...lakehouse, ...warehouse]) {
    const rel = relationOf(a, a);
    const incRows = await textRows(incConn, `SELECT * FROM ${rel}`);
    const cols = Object.keys(incRows[0] ?? {});
    const norm = (list) => list.map((r) => JSON.stringify(cols.map((k) => cell(r[k])))).sort();
    const a1 = norm(incRows);
    const a2 = norm(await textRows(fullConn, `SELECT ${cols.map(q).join(", ") || "*"} FROM ${rel}`));
    const inFull = new Set(a2);
    const inInc = new Set(a1);
    const missing = a2.filter((x) => !inInc.has(x));
    const extra = a1.filter((x) => !inFull.has(x));
    if (a1.length !== a2.length || missing.length || extra.length) {
      fail(`${a.schema}.${a.name}: incremental ${a1.length} rows, full ${a2.length}; ${missing.length} only in full, ${extra.length} only in incremental`);
      for (const x of missing.slice(0, 3)) console.log(`      full only: ${x}`);
      for (const x of extra.slice(0, 3)) console.log(`      inc only:  ${x}`);
    } else pass(`${a.schema}.${a.name}: ${a1.length} rows identical`);
  }
}

async function connect() {
  const db = await DuckDBInstance.create(":memory:");
  return db.connect();
}

// --bronze-from FILE: replay the ingestion batches of a real lakehouse database file (e.g. after
// `sluice generate` and `sluice run`, repeated with `generate --append`) as incremental runs,
// compare with a full refresh, check assertions, print expectation figures; then stop.
const bronzeFrom = process.argv.includes("--bronze-from") ? process.argv[process.argv.indexOf("--bronze-from") + 1] : null;
if (bronzeFrom) {
  // Each ingestion batch (_ingested_at) is replayed as one incremental run, then everything is
  // rebuilt as one full refresh on a second database and the two are compared.
  const attach = async (conn) => conn.run(`ATTACH '${bronzeFrom.replace(/'/g, "''")}' AS src (READ_ONLY)`);
  const colsOf = (a) => [...Object.keys(a.config.columns), "_rescued_data", "_source_file", "_source_line", "_ingested_at", "_batch_id", "year", "month", "day"].map(q).join(", ");
  const copy = async (conn, where) => {
    for (const a of ingests) await conn.run(`INSERT INTO ${q(a.schema)}.${q(a.name)} (${colsOf(a)}) SELECT ${colsOf(a)} FROM src.${q(a.schema)}.${q(a.name)} WHERE ${where}`);
  };
  const c = await connect();
  await createBronze(c);
  await attach(c);
  // The runner's _batch_id is its run id: every source ingested by one `sluice run` shares it.
  const times = (
    await textRows(c, `SELECT _batch_id AS id, min(_ingested_at) AS from_t, max(_ingested_at) AS to_t FROM (${ingests.map((a) => `SELECT _batch_id, _ingested_at FROM src.${q(a.schema)}.${q(a.name)}`).join(" UNION ALL ")}) GROUP BY _batch_id ORDER BY from_t`)
  ).map((r) => ({ id: r.id, from: r.from_t, to: r.to_t }));
  for (const [i, t] of times.entries()) {
    await copy(c, `_batch_id = '${t.id}'`);
    console.log(`run ${i + 1}: batch ${t.id}, ingested ${t.from} … ${t.to}`);
    await runPipeline(c, { log: i === times.length - 1 });
  }
  for (const a of ingests) console.log(`  bronze.${a.name}: ${await scalar(c, `SELECT count(*) FROM ${q(a.schema)}.${q(a.name)}`)} rows`);
  const fullConn = await connect();
  await createBronze(fullConn);
  await attach(fullConn);
  await copy(fullConn, "TRUE");
  await runPipeline(fullConn);
  console.log(`full refresh over all ${times.length} batches vs. incremental runs`);
  await compareModels(c, fullConn);
  console.log("expectations");
  for (const [k, v] of Object.entries(expectationCounts)) if (v > 0) console.log(`    ${k}: ${v}`);
  let n = 0;
  for (const a of [...lakehouse, ...warehouse]) n += await builtInAssertions(c, a);
  for (const a of assertionsFiles) {
    const bad = await scalar(c, `SELECT count(*) FROM (${project.evaluate(a, a.parts.query, { engine: "duckdb", relationOf }).sql})`);
    n++;
    if (bad > 0) fail(`${a.file}: ${bad} rows`);
  }
  pass(`${n} assertions evaluated`);
  const showArg = process.argv.includes("--show") ? process.argv[process.argv.indexOf("--show") + 1] : "";
  for (const name of showArg.split(",").filter(Boolean)) {
    const m = project.byName.get(name);
    console.log(`  ${m.schema}.${m.name}:`);
    for (const r of await textRows(c, `SELECT * FROM ${relationOf(m, m)} LIMIT 12`)) console.log(`    ${JSON.stringify(r)}`);
  }
  if (process.argv.includes("--sql")) {
    for (const r of await textRows(c, process.argv[process.argv.indexOf("--sql") + 1])) console.log(`    ${JSON.stringify(r)}`);
  }
  console.log(`\n${passes} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

const all = batches();
const inc = await connect();
await createBronze(inc);
// Run 0 over empty bronze (every model built empty), then one run per batch (incremental), then a
// run with nothing new, which must change nothing.
const runs = [{ batch: { id: "none (empty bronze)" }, rows: {} }, ...all, { batch: { id: "none (no new data)" }, rows: {} }];
let before = null;
for (const [i, b] of runs.entries()) {
  console.log(`run ${i} after batch ${b.batch.id} (${i === 0 ? "full" : "incremental"})`);
  if (i === runs.length - 1) before = await snapshot(inc);
  await load(inc, b);
  try {
    await runPipeline(inc, { log: true });
    pass(`batch ${b.batch.id}: ${lakehouse.length} lakehouse + ${warehouse.length} warehouse models built`);
  } catch (e) {
    fail(`batch ${b.batch.id}: ${e.message.split("\n")[0]}`);
    console.log(e.message);
    process.exit(1);
  }
}

const after = await snapshot(inc);
const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
if (changed.length) fail(`a run without new data changed ${changed.join(", ")}`);
else pass(`a run without new data changed none of ${Object.keys(after).length} models`);

console.log("expectations (violations summed over all runs)");
for (const [k, v] of Object.entries(expectationCounts)) if (v > 0) console.log(`    ${k}: ${v}`);

const showArg = process.argv.includes("--show") ? process.argv[process.argv.indexOf("--show") + 1] : "";
for (const name of showArg.split(",").filter(Boolean)) {
  const a = project.byName.get(name);
  console.log(`  ${a.schema}.${a.name}:`);
  for (const r of await rows(inc, `SELECT * FROM ${relationOf(a, a)} LIMIT 40`)) console.log(`    ${JSON.stringify(r, (k, v) => (typeof v === "bigint" ? Number(v) : v))}`);
}

console.log("assertions");
let assertionCount = 0;
for (const a of [...lakehouse, ...warehouse]) assertionCount += await builtInAssertions(inc, a);
for (const a of assertionsFiles) {
  const sql = project.evaluate(a, a.parts.query, { engine: "duckdb", relationOf }).sql;
  const n = await scalar(inc, `SELECT count(*) FROM (${sql})`);
  assertionCount++;
  if (n > 0) fail(`${a.file}: ${n} rows`);
}
pass(`${assertionCount} assertions evaluated`);

// ---- 3. incremental == full refresh ----------------------------------------------------------
console.log("full refresh over all batches vs. incremental runs");
const full = await connect();
await createBronze(full);
for (const b of all) await load(full, b);
await runPipeline(full);
await compareModels(inc, full);

// ---- 4. unit tests -----------------------------------------------------------------------------
console.log("unit tests");
for (const t of project.tests) {
  const c = await connect();
  const model = project.byName.get(t.config.dataset);
  if (!model) {
    fail(`${t.file}: dataset ${t.config.dataset} is no action`);
    continue;
  }
  const inputs = new Map();
  for (const [name, body] of Object.entries(t.parts.inputs)) {
    const view = `_input_${name}`;
    inputs.set(name, view);
    await c.run(`CREATE VIEW ${q(view)} AS ${project.evaluate(t, body, { engine: "duckdb", relationOf }).sql}`);
  }
  const testRel = (dep, from) => (inputs.has(dep.name) ? q(inputs.get(dep.name)) : relationOf(dep, from));
  try {
    const actual = await textRows(c, project.evaluate(model, model.parts.query, { engine: "duckdb", incremental: false, relationOf: testRel }).sql);
    const expected = await textRows(c, project.evaluate(t, t.parts.query, { engine: "duckdb", relationOf }).sql);
    const cols = Object.keys(expected[0] ?? {});
    const missingCols = cols.filter((k) => actual.length && !(k in actual[0]));
    const fmt = (r) => JSON.stringify(cols.map((k) => (r[k] === undefined ? null : cell(r[k]))));
    const e = expected.map(fmt).sort();
    const g = actual.map(fmt).sort();
    const miss = e.filter((x) => !g.includes(x));
    const extra = g.filter((x) => !e.includes(x));
    if (missingCols.length || miss.length || extra.length || e.length !== g.length) {
      fail(`${t.file}: ${missingCols.length ? `columns missing: ${missingCols}; ` : ""}${miss.length} expected rows missing, ${extra.length} unexpected`);
      console.log(`      columns: ${JSON.stringify(cols)}`);
      for (const x of miss) console.log(`      expected: ${x}`);
      for (const x of extra) console.log(`      got:      ${x}`);
    } else pass(`${t.file}: ${e.length} rows as expected`);
  } catch (err) {
    fail(`${t.file}: ${err.message.split("\n")[0]}`);
  }
}

console.log(`\n${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
