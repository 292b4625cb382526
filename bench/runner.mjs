#!/usr/bin/env node
// Runner overhead benchmark (not a test): a generated 200-model DAG on DuckDB run by Sluice's
// runner (runGraph: planning, scheduler, strategies with build-and-swap, state store, results
// file) against the same statements Sluice sent, executed sequentially through
// @duckdb/node-api in one process on a fresh database. Prints the wall-time ratio; target <= 1.10.
//
//   npm run bench:runner            (env: BENCH_MODELS=200 BENCH_ROWS=200000 BENCH_ROUNDS=3)
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { DuckDBInstance } from "@duckdb/node-api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const MODELS = Number(process.env.BENCH_MODELS ?? 200);
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SOURCES = Math.max(1, Math.round(MODELS / 10));

// The runner is TypeScript; bundle its entry once so this script runs on plain Node.
const work = mkdtempSync(join(tmpdir(), "sluice-bench-runner-"));
// Inside the project, so the bundle's external imports (handlebars, zod, @duckdb/node-api) resolve.
const bundleDir = join(root, "node_modules", ".cache", "sluice-bench");
mkdirSync(bundleDir, { recursive: true });
const bundle = join(bundleDir, "runner.mjs");
await build({
  stdin: {
    contents: `export { runGraph } from "./src/execute/run.ts";\nexport { closeDuckDBInstances } from "./src/engines/duckdb/adapter.ts";\n`,
    resolveDir: root,
    loader: "ts",
  },
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "error",
});
const { runGraph, closeDuckDBInstances } = await import(pathToFileURL(bundle).href);

/** Deterministic pseudo-random numbers so every run builds the same DAG. */
function prng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function generateGraph() {
  const rand = prng(42);
  const actions = [];
  const rel = (name) => `"lakehouse"."${name.startsWith("src_") ? "bronze" : "silver"}"."${name}"`;
  const add = (name, type, query, deps) =>
    actions.push({
      id: `lakehouse.${name.startsWith("src_") ? "bronze" : "silver"}.${name}`,
      type,
      target: { database: "lakehouse", schema: name.startsWith("src_") ? "bronze" : "silver", name },
      targetName: "lakehouse",
      engine: "duckdb",
      fileName: `definitions/${name}.sqlx`,
      tags: [],
      columns: {},
      dependencyTargets: [],
      dependencies: deps.map((d) => `lakehouse.${d.startsWith("src_") ? "bronze" : "silver"}.${d}`),
      disabled: false,
      hasOutput: true,
      preOps: [],
      postOps: [],
      incrementalPreOps: [],
      incrementalPostOps: [],
      expectations: [],
      query,
      fingerprint: { data: name, metadata: name },
    });
  const names = [];
  for (let i = 0; i < SOURCES; i++) {
    const name = `src_${i}`;
    add(name, "table", `SELECT range AS id, range % 1000 AS k, ((range * ${7919 + i}) % 10007)::DOUBLE AS x FROM range(${ROWS})`, []);
    names.push(name);
  }
  for (let i = SOURCES; i < MODELS; i++) {
    const name = `m_${i}`;
    const a = names[Math.floor(rand() * names.length)];
    const b = names[Math.floor(rand() * names.length)];
    const kind = rand();
    let query;
    let deps;
    if (kind < 0.4) {
      query = `SELECT id, k, x * 1.01 AS x FROM ${rel(a)} WHERE id % 3 <> 0`;
      deps = [a];
    } else if (kind < 0.7 && a !== b) {
      query = `SELECT l.id, l.k, l.x + r.x AS x FROM ${rel(a)} AS l JOIN ${rel(b)} AS r USING (id)`;
      deps = [a, b];
    } else {
      query = `SELECT k AS id, k % 100 AS k, sum(x) AS x FROM ${rel(a)} GROUP BY k`;
      deps = [a];
    }
    add(name, rand() < 0.2 ? "view" : "table", query, deps);
    names.push(name);
  }
  return {
    sluiceVersion: "bench",
    profile: "bench",
    projectConfig: { defaultDatabase: "lakehouse", defaultSchema: "silver", assertionSchema: "audit", vars: {} },
    targets: { lakehouse: { engine: "duckdb", database: "lakehouse" } },
    actions,
    tests: [],
  };
}

function profileIn(dir) {
  return {
    name: "bench",
    projectDir: dir,
    dataDir: join(dir, "data"),
    zones: { raw: join(dir, "raw"), processed: join(dir, "processed"), archive: join(dir, "archive") },
    targets: { lakehouse: { name: "lakehouse", engine: "duckdb", database: "lakehouse", settings: { engine: "duckdb", database: "lakehouse", path: join(dir, "data", "lakehouse.duckdb") }, missingEnv: [] } },
    retry: { attempts: 2, backoffMs: 500 },
    secrets: [],
  };
}

async function sluiceRun(graph) {
  const dir = mkdtempSync(join(work, "sluice-"));
  const started = performance.now();
  const results = await runGraph({ graph, profile: profileIn(dir) }, { concurrency: Number(process.env.BENCH_CONCURRENCY ?? availableParallelism()) });
  const ms = performance.now() - started;
  if (results.totals.success !== graph.actions.length) throw new Error(`sluice run did not succeed: ${JSON.stringify(results.totals)}`);
  // Like the end of a `sluice run` process (and like bareRun below): the database is closed, untimed.
  await closeDuckDBInstances();
  return { ms, results };
}

/** The statements Sluice recorded, in the order it ran the actions, sent one by one on one connection. */
async function bareRun(statements) {
  const dir = mkdtempSync(join(work, "bare-"));
  const started = performance.now();
  const instance = await DuckDBInstance.create(join(dir, "lakehouse.duckdb"));
  const connection = await instance.connect();
  for (const sql of statements) await connection.run(sql);
  connection.disconnectSync();
  const ms = performance.now() - started;
  instance.closeSync();
  return ms;
}

const graph = generateGraph();
const counts = graph.actions.reduce((acc, a) => ((acc[a.type] = (acc[a.type] ?? 0) + 1), acc), {});
console.log(`runner benchmark: ${graph.actions.length} models (${Object.entries(counts).map(([t, n]) => `${n} ${t}s`).join(", ")}), ${SOURCES} sources of ${ROWS} rows, ${ROUNDS} rounds`);
console.log(`machine: ${cpus()[0]?.model ?? "?"} x${availableParallelism()}, node ${process.version}`);

// A warm-up pair (JIT, DuckDB's first instance, file-system caches) is not counted.
{
  const { results } = await sluiceRun(graph);
  await bareRun(replayOrder(results));
}

/** The statements Sluice recorded, in the order its actions started. */
function replayOrder(results) {
  return [...results.actions].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).flatMap((a) => a.statements);
}

// Rounds alternate which side goes first, so drift in machine load hits both alike.
const rounds = [];
for (let round = 1; round <= ROUNDS; round++) {
  let sluiceMs;
  let bareMs;
  let statements;
  if (round % 2 === 1) {
    const sluice = await sluiceRun(graph);
    sluiceMs = sluice.ms;
    statements = replayOrder(sluice.results);
    bareMs = await bareRun(statements);
  } else {
    // The statements do not change between runs of the same graph on a fresh database.
    statements = rounds[0]?.statementList ?? replayOrder((await sluiceRun(graph)).results);
    bareMs = await bareRun(statements);
    sluiceMs = (await sluiceRun(graph)).ms;
  }
  rounds.push({ sluiceMs, bareMs, statementList: statements });
  console.log(`round ${round}: sluice ${(sluiceMs / 1000).toFixed(2)} s, bare ${(bareMs / 1000).toFixed(2)} s, ratio ${(sluiceMs / bareMs).toFixed(3)} (${statements.length} statements)`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianRatio = median(rounds.map((r) => r.sluiceMs / r.bareMs));
const bestSluice = Math.min(...rounds.map((r) => r.sluiceMs));
const bestBare = Math.min(...rounds.map((r) => r.bareMs));
console.log(`median of round ratios: ${medianRatio.toFixed(3)}`);
console.log(`best of ${ROUNDS}: sluice ${(bestSluice / 1000).toFixed(2)} s, bare ${(bestBare / 1000).toFixed(2)} s, ratio ${(bestSluice / bestBare).toFixed(3)}`);
console.log(`target <= 1.10: ${medianRatio <= 1.1 ? "met" : "NOT met"} (median of round ratios)`);
rmSync(work, { recursive: true, force: true });
