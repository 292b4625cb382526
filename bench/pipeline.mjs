#!/usr/bin/env node
// End-to-end pipeline benchmark (not a test): raw NDJSON/CSV → bronze → silver → gold → warehouse
// on the local profile (DuckDB), through the CLI as a user runs it.
//
//   npm run bench:pipeline
//
// In a fresh temp dir it
//   1. lands ~BENCH_READINGS sensor readings over BENCH_DAYS days with `sluice generate`
//      (timed separately: not part of the pipeline figure);
//   2. times `sluice run` (child process, wall clock) on that raw zone: readings/s and MB/s
//      (bytes of the landed raw files / wall time), per-layer times from run_results.json,
//      peak RSS from /usr/bin/time -v;
//   3. appends one more day (`generate --append --days 1`, ≈ 1/BENCH_DAYS of the readings, plus
//      late records of the previous days), times the incremental `sluice run`, then times
//      `sluice run --full-refresh` on the same data and prints incremental / full refresh.
//   4. beside each of those runs, runs bench/reference.mjs on the same files: bare DuckDB doing
//      only the essential readings work (read, type, dedup, hourly aggregates) in plain SQL, a
//      yardstick to quote Sluice's times against.
// Targets: ≥ 500,000 readings/s end to end; incremental ≤ 5% of a full refresh.
// A failed run (an action failed or was skipped because of a failure) prints the failures and
// exits non-zero: no figures are reported for it.
//
// Env:
//   BENCH_READINGS=10000000  sensor readings to land before the first run (approximate)
//   BENCH_DAYS=100           landing days; the appended day is ≈ 1/BENCH_DAYS of the data
//   BENCH_PLANTS, BENCH_INTERVAL  override the sizing (plants; seconds between two readings)
//   BENCH_ROUNDS=1           append + incremental + full refresh cycles (the ratio is their median)
//   BENCH_CONCURRENCY        passed to `sluice run --concurrency` (default: the CLI's, = cores)
//   BENCH_SNAPSHOT=1         copy dist/ (once bin/sluice.mjs has brought it up to date) and run
//                            that copy for every step: the same code for all runs while src/ is
//                            being edited. Default: every step runs `node bin/sluice.mjs …`.
//   BENCH_PROJECT=dir        project to benchmark (copied; default: this repository)
//   BENCH_DIR                parent of the temp dir (default: the OS temp dir)
//   BENCH_KEEP=1             keep the temp dir (data, DuckDB files, run results)
//   BENCH_JSON=path          also write the figures as JSON
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let cli = join(root, "bin", "sluice.mjs");
const env = process.env;
const READINGS = Number(env.BENCH_READINGS ?? 10_000_000);
const DAYS = Number(env.BENCH_DAYS ?? 100);
const CONCURRENCY = env.BENCH_CONCURRENCY;
const KEEP = env.BENCH_KEEP === "1";
const ROUNDS = Number(env.BENCH_ROUNDS ?? 1);
const SNAPSHOT = env.BENCH_SNAPSHOT === "1";
const TARGET_RATE = 500_000;
const TARGET_INCREMENTAL = 0.05;
const SEED = "1";
if (!(READINGS > 0) || !Number.isInteger(DAYS) || DAYS < 2 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error("BENCH_READINGS must be > 0, BENCH_DAYS a whole number ≥ 2 and BENCH_ROUNDS ≥ 1");
  process.exit(2);
}

const timeBin = ["/usr/bin/time", "/bin/time"].find((p) => existsSync(p) && spawnSync(p, ["-v", "true"]).status === 0);

// ---------------------------------------------------------------- helpers

const fmt = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => bytes / 1e6;
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** Runs the CLI as a child process; wall time measured here, peak RSS by /usr/bin/time -v. */
function runCli(args, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const timeFile = join(work, `time-${Date.now()}.txt`);
    const [cmd, argv] = timeBin ? [timeBin, ["-v", "-o", timeFile, process.execPath, cli, ...args]] : [process.execPath, [cli, ...args]];
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      let peakRssKb;
      if (timeBin && existsSync(timeFile)) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, "utf8"));
        if (m) peakRssKb = Number(m[1]);
        rmSync(timeFile, { force: true });
      }
      if (!quiet && code !== 0) process.stderr.write(stdout + stderr);
      resolve({ code, wallMs, peakRssKb, stdout, stderr });
    });
  });
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Bytes of the landed raw files (the manifest excluded), in total and for sensor readings. */
function rawBytes(rawZone, only) {
  let total = 0;
  let readings = 0;
  for (const path of walk(rawZone)) {
    const rel = path.slice(rawZone.length + 1);
    if (rel === "_manifest.json" || (only && !only.has(rel))) continue;
    const size = statSync(path).size;
    total += size;
    if (rel.startsWith("sensor_readings/")) readings += size;
  }
  return { total, readings };
}

const readManifest = (rawZone) => JSON.parse(readFileSync(join(rawZone, "_manifest.json"), "utf8"));

/**
 * The CLI bundle that will run: bin/sluice.mjs rebuilds dist/ when src/ changed. The entry file
 * imports its chunks by content hash, so its own hash identifies the code.
 */
let cliBundle = join(root, "dist", "sluice.mjs");
const bundleHash = () => createHash("sha256").update(readFileSync(cliBundle)).digest("hex").slice(0, 12);

/** Layer of an action: its target schema (`lakehouse.silver.x` → silver); assertions apart. */
function layerOf(action) {
  if (action.type === "assertion") return "assertions";
  const [, schema] = action.id.split(".");
  return action.type === "transfer" ? `${schema} (transfer)` : schema;
}
const LAYER_ORDER = ["bronze", "silver", "gold", "staging (transfer)", "marts", "bi", "assertions"];

/**
 * Where the wall time goes. Actions overlap (default concurrency = cores, and actions on one
 * DuckDB file wait for each other inside the engine), so summing their durations double-counts.
 * Instead the run's timeline is cut at every action start and end, and each slice is shared
 * equally by the actions running in it: per-layer shares add up to the run's duration. Slices in
 * which no action runs (planning, compile, the runner between actions) go to "runner"; the CLI's
 * start before run_results' clock starts goes to "CLI start-up". Together: the wall time.
 */
function attribute(runResults, wallMs) {
  const shares = new Map();
  const add = (key, ms) => shares.set(key, (shares.get(key) ?? 0) + ms);
  const events = [];
  for (const a of runResults.actions) {
    if (!a.startedAt || !a.endedAt) continue;
    const layer = layerOf(a);
    events.push({ t: Date.parse(a.startedAt), d: 1, layer }, { t: Date.parse(a.endedAt), d: -1, layer });
  }
  events.sort((x, y) => x.t - y.t || x.d - y.d);
  const runStart = Date.parse(runResults.startedAt);
  const runEnd = Date.parse(runResults.endedAt);
  const active = new Map();
  let count = 0;
  let at = runStart;
  const close = (t) => {
    const span = Math.max(0, Math.min(t, runEnd) - at);
    if (count === 0) add("runner", span);
    else for (const [layer, n] of active) if (n > 0) add(layer, (span * n) / count);
    at = Math.max(at, Math.min(t, runEnd));
  };
  for (const e of events) {
    close(e.t);
    active.set(e.layer, (active.get(e.layer) ?? 0) + e.d);
    count += e.d;
  }
  close(runEnd);
  add("CLI start + compile", Math.max(0, wallMs - runResults.durationMs));
  return shares;
}

function summariseRun(label, result, runResults) {
  const layers = new Map();
  for (const a of runResults.actions) {
    const key = layerOf(a);
    const layer = layers.get(key) ?? { actions: 0, sumMs: 0, first: Infinity, last: -Infinity };
    layer.actions++;
    layer.sumMs += a.durationMs;
    if (a.startedAt) layer.first = Math.min(layer.first, Date.parse(a.startedAt));
    if (a.endedAt) layer.last = Math.max(layer.last, Date.parse(a.endedAt));
    layers.set(key, layer);
  }
  const shares = attribute(runResults, result.wallMs);
  for (const key of shares.keys()) if (!layers.has(key)) layers.set(key, { actions: 0, sumMs: 0, first: Infinity, last: -Infinity });
  const ordered = [...layers.entries()].sort(([a], [b]) => {
    const ia = LAYER_ORDER.indexOf(a);
    const ib = LAYER_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const top = [...runResults.actions].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5);
  const ingest = runResults.actions.find((a) => a.id.endsWith(".bronze.sensor_data"));
  return {
    label,
    wallMs: result.wallMs,
    runMs: runResults.durationMs,
    peakRssMb: result.peakRssKb ? result.peakRssKb / 1024 : undefined,
    totals: runResults.totals,
    layers: Object.fromEntries(
      ordered.map(([k, v]) => [k, { actions: v.actions, wallShareMs: shares.get(k) ?? 0, sumMs: v.sumMs, spanMs: Number.isFinite(v.first) ? v.last - v.first : 0 }]),
    ),
    slowest: top.map((a) => ({ id: a.id, type: a.type, durationMs: a.durationMs, rows: a.rowsAffected })),
    sensorIngest: ingest?.ingest ? { ...ingest.ingest, durationMs: ingest.durationMs } : undefined,
  };
}

function printRun(s) {
  console.log(`\n${s.label}: wall ${secs(s.wallMs)} (run_results ${secs(s.runMs)}; CLI start + compile + connect ${secs(s.wallMs - s.runMs)})` + (s.peakRssMb ? `, peak RSS ${fmt(s.peakRssMb)} MB` : ""));
  console.log(`  ${s.totals.selected} actions: ${s.totals.success} succeeded, ${s.totals.up_to_date} up to date`);
  if (s.sensorIngest) {
    const i = s.sensorIngest;
    console.log(`  bronze.sensor_data ingest: ${fmt(i.files)} files, ${fmt(i.rows)} rows + ${fmt(i.quarantined)} quarantined in ${secs(i.durationMs)}` + (i.durationMs > 0 ? ` (${fmt(((i.rows + i.quarantined) / i.durationMs) * 1000)} records/s)` : ""));
  }
  const rows = Object.entries(s.layers).map(([k, v]) => [k, v.actions ? String(v.actions) : "", secs(v.wallShareMs), `${((v.wallShareMs / s.wallMs) * 100).toFixed(0)}%`, v.actions ? secs(v.sumMs) : "", v.actions ? secs(v.spanMs) : ""]);
  table(["layer", "actions", "share of wall", "%", "Σ action time", "first start → last end"], rows, "  ");
  console.log("  slowest actions: " + s.slowest.map((a) => `${a.id} ${secs(a.durationMs)}`).join(", "));
}

function table(header, rows, indent = "") {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => indent + cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(indent + widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/** Reads run_results.json of the run just finished and stops the benchmark if anything failed. */
function checkRun(label, result) {
  const path = join(project, "target", "run_results.json");
  let runResults;
  try {
    runResults = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    console.error(`\n${label}: FAILED (exit code ${result.code}); no readable ${path}: ${error.message}`);
    process.stderr.write(result.stdout.slice(-4000) + result.stderr.slice(-4000));
    finish(1);
  }
  if (Date.parse(runResults.startedAt) < result.startedAtMs - 1000) {
    console.error(`\n${label}: FAILED (exit code ${result.code}); run_results.json is from an earlier run`);
    process.stderr.write(result.stdout.slice(-4000) + result.stderr.slice(-4000));
    finish(1);
  }
  const bad = runResults.actions.filter((a) => a.status === "failed" || a.skippedBecause);
  if (result.code !== 0 || bad.length || runResults.totals.failed > 0) {
    console.error(`\n${label}: FAILED (exit code ${result.code}; ${runResults.totals.failed} failed, ${runResults.totals.skipped} skipped of ${runResults.totals.selected}). No figures reported.`);
    for (const a of bad) {
      if (a.status === "failed") console.error(`  ✗ ${a.id} (${a.type}): ${a.error?.message ?? a.message ?? "failed"}`.slice(0, 2000));
    }
    const skipped = bad.filter((a) => a.status !== "failed");
    if (skipped.length) console.error(`  skipped because of those: ${skipped.map((a) => a.id).join(", ")}`);
    console.error(`  run results: ${path}${KEEP ? "" : " (set BENCH_KEEP=1 to keep them)"}`);
    finish(1);
  }
  return runResults;
}

async function timedRun(label, extraArgs) {
  // Warm-up: let bin/sluice.mjs rebuild dist/ now if the sources changed, outside the timing.
  const warm = await runCli(["--version"], { quiet: true });
  if (warm.code !== 0) {
    console.error(`sluice --version failed:\n${warm.stdout}${warm.stderr}`);
    finish(1);
  }
  const hash = bundleHash();
  const loadBefore = loadavg();
  const startedAtMs = Date.now();
  const args = ["run", "--project", project, "--data-dir", dataDir, ...extraArgs, ...(CONCURRENCY ? ["--concurrency", CONCURRENCY] : [])];
  process.stdout.write(`\n$ sluice ${args.join(" ")}\n  load average before: ${loadBefore}\n`);
  const result = await runCli(args);
  const loadAfter = loadavg();
  console.log(`  load average after:  ${loadAfter}`);
  result.startedAtMs = startedAtMs;
  const runResults = checkRun(label, result);
  const summary = summariseRun(label, result, runResults);
  summary.bundle = hash;
  summary.load = { before: loadBefore, after: loadAfter };
  printRun(summary);
  return summary;
}

/**
 * bench/reference.mjs in a child process on the same raw zone, into its own database file: the
 * bare engine doing the essential readings work only (see that file). Wall time includes the
 * Node start, as the CLI's does.
 */
function runReference(mode, extra = []) {
  const args = [join(root, "bench", "reference.mjs"), mode, join(work, "reference.duckdb"), rawZone, ...extra];
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  const wallMs = performance.now() - started;
  if (r.status !== 0) {
    console.error(`reference ${mode} failed:\n${r.stdout}${r.stderr}`);
    finish(1);
  }
  const figures = JSON.parse(r.stdout.trim().split("\n").pop());
  console.log(`\n$ node bench/reference.mjs ${mode} … (bare DuckDB, essential readings work only): wall ${secs(wallMs)}; ` + Object.entries(figures.steps).map(([k, v]) => `${k} ${secs(v)}`).join(", "));
  return { wallMs, ...figures };
}

let work;
function finish(code) {
  if (work && !KEEP) rmSync(work, { recursive: true, force: true });
  else if (work) console.log(`\nkept: ${work}`);
  process.exit(code);
}
process.on("SIGINT", () => finish(130));

// ---------------------------------------------------------------- set-up

work = mkdtempSync(join(env.BENCH_DIR ?? tmpdir(), "sluice-bench-pipeline-"));
if (SNAPSHOT) {
  // BENCH_SNAPSHOT=1: let bin/sluice.mjs bring dist/ up to date, copy that bundle once into a
  // private folder inside the project (so its bare imports resolve) and run the copy for every
  // step: all runs execute the same code even while src/ is being edited and dist/ rebuilt.
  const warm = await runCli(["--version"], { quiet: true });
  if (warm.code !== 0) {
    console.error(`sluice --version failed:\n${warm.stdout}${warm.stderr}`);
    finish(1);
  }
  const dir = join(root, "node_modules", ".cache", "sluice-bench", `pipeline-cli-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(root, "dist"), dir, { recursive: true, filter: (src) => !src.endsWith(".map") });
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  cliBundle = join(dir, "sluice.mjs");
  cli = join(dir, "bin.mjs");
  writeFileSync(cli, `const { main } = await import("./sluice.mjs");\nprocess.exitCode = await main(process.argv.slice(2));\n`);
}

const dataDir = join(work, "data");
const rawZone = join(dataDir, "raw");
// A private copy of the project, so run_results.json (written under <project>/target) is ours
// alone and the definitions stay the same for all three runs.
const project = join(work, "project");
const projectSource = env.BENCH_PROJECT ?? root;
for (const item of ["dataform.json", "workflow_settings.yaml", "profiles.yaml", "definitions", "includes"]) {
  if (existsSync(join(projectSource, item))) cpSync(join(projectSource, item), join(project, item), { recursive: true });
}

const cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
console.log(`Sluice pipeline benchmark — ${new Date().toISOString()}`);
let duckdbVersion = "?";
try {
  duckdbVersion = JSON.parse(readFileSync(join(root, "node_modules", "@duckdb", "node-api", "package.json"), "utf8")).version;
} catch {}
console.log(`machine: ${cpu}, ${availableParallelism()} cores, ${fmt(totalmem() / 2 ** 30)} GB, Node ${process.version}, @duckdb/node-api ${duckdbVersion}; load average ${loadavg()}`);
console.log(`work dir: ${work}`);

// Sizing: DAYS landing days of ≈ READINGS / DAYS readings each, so one appended day ≈ 1/DAYS.
// Readings per day = sensors × ceil(86400 / interval) × ~1.02 (1% duplicates + 1% late records).
const perDay = READINGS / DAYS;
const plants = Number(env.BENCH_PLANTS ?? Math.max(1, Math.round(perDay / (27 * 1440 * 1.02))));
let interval = env.BENCH_INTERVAL ? Number(env.BENCH_INTERVAL) : undefined;
if (!interval) {
  // The factory is built from the seed: count its sensors with a one-slot, one-day generate.
  const probe = join(work, "probe");
  const r = await runCli(["generate", "--project", project, "--data-dir", probe, "--plants", String(plants), "--interval", "86400", "--days", "1", "--seed", SEED], { quiet: true });
  if (r.code !== 0) {
    console.error(`sizing probe failed:\n${r.stdout}${r.stderr}`);
    finish(1);
  }
  const sensors = readManifest(join(probe, "raw")).sources.sensors_master.records;
  rmSync(probe, { recursive: true, force: true });
  interval = Math.min(86_400, Math.max(1, Math.round((86_400 * sensors * 1.02) / perDay)));
}

// ---------------------------------------------------------------- 1. generate

const genArgs = ["generate", "--project", project, "--data-dir", dataDir, "--plants", String(plants), "--interval", String(interval), "--days", String(DAYS), "--seed", SEED];
console.log(`\n$ sluice ${genArgs.join(" ")}`);
const gen = await runCli(genArgs);
if (gen.code !== 0) finish(1);
const manifest = readManifest(rawZone);
const readings = manifest.sources.sensor_readings.records;
const landed = rawBytes(rawZone);
const landedFiles = manifest.files.length;
console.log(
  `generated ${fmt(readings)} sensor readings (${fmt(manifest.sources.sensor_readings.duplicates)} duplicates, ${fmt(manifest.sources.sensor_readings.late)} late, ${fmt(manifest.sources.sensor_readings.malformed + manifest.sources.sensor_readings.badNumbers)} malformed) ` +
    `+ ${fmt(Object.entries(manifest.sources).filter(([k]) => k !== "sensor_readings").reduce((n, [, v]) => n + v.records, 0))} other records; ` +
    `${fmt(landedFiles)} files, ${fmt(mb(landed.total))} MB (${fmt(mb(landed.readings))} MB of readings) in ${secs(gen.wallMs)} — not part of the pipeline figure`,
);

// ---------------------------------------------------------------- 2. first run (everything)

const full = await timedRun("first run (raw → bronze → silver → gold → warehouse, empty databases)", []);
const referenceFirst = runReference("first");
const rate = (readings / full.wallMs) * 1000;
const mbps = mb(landed.total) / (full.wallMs / 1000);

// ---------------------------------------------------------------- 3. 1% more, incremental, full refresh

const rounds = [];
let manifestNow = manifest;
for (let round = 1; round <= ROUNDS; round++) {
  const tag = ROUNDS > 1 ? ` [round ${round}/${ROUNDS}]` : "";
  const before = new Set(manifestNow.files.map((f) => f.path));
  const readingsBefore = manifestNow.sources.sensor_readings.records;
  const appendArgs = ["generate", "--project", project, "--data-dir", dataDir, "--days", "1", "--append"];
  console.log(`\n$ sluice ${appendArgs.join(" ")}${tag}`);
  const app = await runCli(appendArgs);
  if (app.code !== 0) finish(1);
  manifestNow = readManifest(rawZone);
  const newFiles = new Set(manifestNow.files.filter((f) => !before.has(f.path)).map((f) => f.path));
  const newReadings = manifestNow.sources.sensor_readings.records - readingsBefore;
  const newBytes = rawBytes(rawZone, newFiles);
  console.log(
    `appended ${fmt(newReadings)} readings (${((newReadings / readingsBefore) * 100).toFixed(2)}% of the ${fmt(readingsBefore)} already landed; includes late records of the 3 previous days), ` +
      `${fmt(newFiles.size)} files, ${fmt(mb(newBytes.total), 1)} MB in ${secs(app.wallMs)}`,
  );
  const incremental = await timedRun(`incremental run (the appended day only)${tag}`, []);
  const newList = join(work, `new-files-${round}.json`);
  writeFileSync(newList, JSON.stringify([...newFiles]));
  const referenceIncremental = runReference("incremental", [newList]);
  const refresh = await timedRun(`full refresh (--full-refresh: silver/gold/warehouse rebuilt; bronze is append-only and not re-read)${tag}`, ["--full-refresh"]);
  const referenceRefresh = runReference("refresh");
  rounds.push({
    newReadings,
    share: newReadings / readingsBefore,
    incremental,
    refresh,
    ratio: incremental.wallMs / refresh.wallMs,
    ratioRun: incremental.runMs / refresh.runMs,
    reference: { incremental: referenceIncremental, refresh: referenceRefresh, ratio: referenceIncremental.wallMs / referenceRefresh.wallMs },
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ratio = median(rounds.map((r) => r.ratio));
const ratioRun = median(rounds.map((r) => r.ratioRun));
const referenceRatio = median(rounds.map((r) => r.reference.ratio));
// The round whose ratio is the median (or the first of the two middle ones) stands for the per-layer table.
const typical = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds.length - 1) / 2)];
const { incremental, refresh } = typical;

// ---------------------------------------------------------------- report

const bundles = new Set([full.bundle, ...rounds.flatMap((r) => [r.incremental.bundle, r.refresh.bundle])]);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const many = rounds.length > 1;
console.log("\n==================== summary ====================");
table(
  ["", "value", "target", "met"],
  [
    ["readings landed (first run)", fmt(readings), "", ""],
    ["raw bytes landed", `${fmt(mb(landed.total))} MB`, "", ""],
    ["generate (not in the figure)", secs(gen.wallMs), "", ""],
    ["first run, wall", secs(full.wallMs), "", ""],
    ["end-to-end readings/s", fmt(rate), `≥ ${fmt(TARGET_RATE)}`, rate >= TARGET_RATE ? "yes" : "NO"],
    ["end-to-end MB/s (raw)", fmt(mbps, 1), "", ""],
    ["peak RSS, first run", full.peakRssMb ? `${fmt(full.peakRssMb)} MB` : "n/a", "", ""],
    ["appended readings (per round)", rounds.map((r) => `${fmt(r.newReadings)} (${(r.share * 100).toFixed(2)}%)`).join(", "), "", ""],
    ["incremental run, wall", rounds.map((r) => secs(r.incremental.wallMs)).join(", "), "", ""],
    ["full refresh, wall", rounds.map((r) => secs(r.refresh.wallMs)).join(", "), "", ""],
    [`incremental / full refresh (wall${many ? ", median" : ""})`, pct(ratio) + (many ? ` (${rounds.map((r) => pct(r.ratio)).join(", ")})` : ""), `≤ ${TARGET_INCREMENTAL * 100}%`, ratio <= TARGET_INCREMENTAL ? "yes" : "NO"],
    [`  same, run_results times (no CLI start)${many ? ", median" : ""}`, pct(ratioRun), "", ""],
    ["incremental / first run (wall)", pct(incremental.wallMs / full.wallMs), "", ""],
    ["bare-DuckDB reference (essential readings work only; bench/reference.mjs):", "", "", ""],
    ["  first run, wall", `${secs(referenceFirst.wallMs)} = ${fmt((readings / referenceFirst.wallMs) * 1000)} readings/s`, "", ""],
    ["  Sluice first run / reference", `${(full.wallMs / referenceFirst.wallMs).toFixed(2)}×`, "", ""],
    ["  incremental, wall", rounds.map((r) => secs(r.reference.incremental.wallMs)).join(", "), "", ""],
    ["  full refresh (silver + gold), wall", rounds.map((r) => secs(r.reference.refresh.wallMs)).join(", "), "", ""],
    [`  incremental / full refresh${many ? ", median" : ""}`, pct(referenceRatio), "", ""],
  ],
);
console.log(`\nwhere the wall time goes (s, share of wall; overlapping actions share their slice)${many ? ", median round" : ""}:`);
const layerCell = (s, layer) => (s.layers[layer] ? `${(s.layers[layer].wallShareMs / 1000).toFixed(2)} (${((s.layers[layer].wallShareMs / s.wallMs) * 100).toFixed(0)}%)` : "-");
table(
  ["layer", "first run", "incremental", "full refresh"],
  [
    ...[...new Set([...Object.keys(full.layers), ...Object.keys(incremental.layers), ...Object.keys(refresh.layers)])].map((layer) => [layer, layerCell(full, layer), layerCell(incremental, layer), layerCell(refresh, layer)]),
    ["wall", (full.wallMs / 1000).toFixed(2), (incremental.wallMs / 1000).toFixed(2), (refresh.wallMs / 1000).toFixed(2)],
  ],
  "  ",
);
console.log(`\nsizing: --plants ${plants} --interval ${interval} --days ${DAYS} --seed ${SEED}, then --days 1 --append × ${ROUNDS}; concurrency ${CONCURRENCY ?? "default (cores)"}`);
console.log(`CLI: ${SNAPSHOT ? `snapshot bundle ${cliBundle}` : "bin/sluice.mjs"}; bundle (dist/*.mjs sha256): ${[...bundles].join(", ")}${bundles.size > 1 ? "  ⚠ the sources changed between runs: the runs did not all run the same code" : ""}`);
console.log(`load average: ${[full, ...rounds.flatMap((r) => [r.incremental, r.refresh])].map((s) => `${s.load.before} → ${s.load.after}`).join("; ")}`);

if (env.BENCH_JSON) {
  writeFileSync(
    env.BENCH_JSON,
    JSON.stringify({ date: new Date().toISOString(), machine: { cpu, cores: availableParallelism(), node: process.version, duckdb: duckdbVersion }, sizing: { plants, interval, days: DAYS, seed: SEED, rounds: ROUNDS }, readings, rawBytes: landed.total, generateMs: gen.wallMs, readingsPerSecond: rate, mbPerSecond: mbps, incrementalOverFullRefresh: ratio, reference: { first: referenceFirst, incrementalOverFullRefresh: referenceRatio }, runs: { full, rounds } }, null, 2) + "\n",
  );
  console.log(`figures: ${env.BENCH_JSON}`);
}
finish(0);
