#!/usr/bin/env node
// Compile benchmark (not a test): generates projects of N SQLX models (chains and fan-outs, with
// includes and built-in assertions) in a temp dir and times `sluice compile --json` against
// `dataform compile --json` (CLI) and @dataform/core's `main` in-process, with peak memory.
//
//   npm run bench:compile                 # 1000, 5000, 10000 models
//   npm run bench:compile -- 1000 5000    # chosen sizes
//   DATAFORM_CLI_MAX=5000 npm run bench:compile   # skip the (slow) Dataform CLI above this size
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const SIZES = sizes.length ? sizes : [1000, 5000, 10000];
const CLI_MAX = Number(process.env.DATAFORM_CLI_MAX ?? 5000);
const CLI_TIMEOUT_S = Number(process.env.DATAFORM_CLI_TIMEOUT ?? 600);
// The machine is shared: fast measurements run REPEAT times and the best wall time is kept
// (the slow Dataform CLI runs once).
const REPEAT = Number(process.env.REPEAT ?? 3);

/** A Dataform-compatible project: chains of 10 models, every 10th model fans out from a hub. */
export function generateProject(dir, models) {
  mkdirSync(join(dir, "definitions", "sources"), { recursive: true });
  mkdirSync(join(dir, "includes"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ defaultDatabase: "bench", defaultSchema: "analytics", assertionSchema: "checks", vars: { days: "7" } }));
  writeFileSync(join(dir, "profiles.yaml"), "default: local\nprofiles:\n  local:\n    targets:\n      default: { engine: duckdb, database: bench }\n");
  writeFileSync(
    join(dir, "includes", "macros.js"),
    "function recent(column) { return `${column} >= CURRENT_DATE - ${dataform.projectConfig.vars.days}`; }\n" +
      "function nonNegative(column) { return `GREATEST(${column}, 0)`; }\nmodule.exports = { recent, nonNegative };\n",
  );
  writeFileSync(join(dir, "definitions", "sources", "events.sqlx"), 'config { type: "declaration", schema: "raw", name: "events" }\n');
  for (let i = 0; i < models; i++) {
    const group = Math.floor(i / 10);
    const upstream = i % 10 === 0 ? (group === 0 ? 'ref("raw", "events")' : `ref("model_${(group - 1) * 10}")`) : `ref("model_${i - 1}")`;
    const fanIn = i % 10 === 9 && group > 0 ? `\nLEFT JOIN \${ref("model_${(group - 1) * 10 + 5}")} AS other USING (id)` : "";
    const type = i % 7 === 0 ? "incremental" : i % 3 === 0 ? "view" : "table";
    const assertions = i % 5 === 0 ? `,\n  assertions: { uniqueKey: ["id"], nonNull: ["id", "value"] }` : "";
    const extra = type === "incremental" ? `,\n  uniqueKey: ["id"]` : "";
    const where = type === "incremental" ? "\n${when(incremental(), `WHERE ts > (SELECT MAX(ts) FROM ${self()})`, `WHERE ${macros.recent(\"ts\")}`)}" : "";
    writeFileSync(
      join(dir, "definitions", `model_${i}.sqlx`),
      `config {\n  type: "${type}",\n  tags: ["group_${group % 20}"],\n  description: "Model ${i}"${extra}${assertions}\n}\n\n` +
        `-- model ${i}\nSELECT\n  id,\n  ts,\n  \${macros.nonNegative("value")} AS value\nFROM \${${upstream}} AS src${fanIn}${where}\n`,
    );
  }
}

function measure(command, args, options = {}) {
  // /usr/bin/time -v reports the child's peak RSS; fall back to wall time only.
  const timed = spawnSync("/usr/bin/time", ["-v", command, ...args], { encoding: "utf8", maxBuffer: 1 << 30, ...options });
  if (timed.error && timed.error.code === "ENOENT") {
    const start = process.hrtime.bigint();
    const run = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 30, ...options });
    return { ok: run.status === 0, wall: Number(process.hrtime.bigint() - start) / 1e9, rssMb: NaN, stdout: run.stdout, stderr: run.stderr };
  }
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(timed.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(timed.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { ok: timed.status === 0, wall: seconds, rssMb: rss ? Number(rss[1]) / 1024 : NaN, stdout: timed.stdout, stderr: timed.stderr };
}

function best(command, args, options) {
  let result;
  for (let i = 0; i < REPEAT; i++) {
    const run = measure(command, args, options);
    if (!result || (run.ok && (!result.ok || run.wall < result.wall))) result = { ...run, rssMb: Math.max(run.rssMb, result?.rssMb ?? 0) };
    else result.rssMb = Math.max(result.rssMb, run.rssMb);
  }
  return result;
}

function countActions(stdout, kind) {
  try {
    const graph = JSON.parse(stdout);
    if (kind === "sluice") return graph.actions.length;
    return ["tables", "operations", "assertions", "declarations"].reduce((n, k) => n + (graph[k]?.length ?? 0), 0);
  } catch {
    return NaN;
  }
}

const inProcessScript = `
import { compileWithDataform } from ${JSON.stringify(join(root, "test", "compile", "dataform-reference.mjs"))};
const graph = compileWithDataform(process.argv[1]);
const errors = graph.graphErrors?.compilationErrors ?? [];
if (errors.length) { console.error(errors[0].message); process.exit(1); }
console.log(JSON.stringify({ tables: graph.tables, operations: graph.operations, assertions: graph.assertions, declarations: graph.declarations }));
`;

const rows = [];
// Warm the sluice bundle so the first measurement does not include the esbuild step.
spawnSync(process.execPath, [join(root, "bin", "sluice.mjs"), "--version"], { encoding: "utf8" });
// compileProject alone (no CLI start-up, no JSON output), to compare with @dataform/core's main.
// (bundled under node_modules/.cache so its bare imports resolve to the project's packages)
mkdirSync(join(root, "node_modules", ".cache"), { recursive: true });
const workDir = mkdtempSync(join(root, "node_modules", ".cache", "sluice-bench-"));
const libBundle = join(workDir, "context.mjs");
const { build } = await import("esbuild");
await build({ entryPoints: [join(root, "src", "context.ts")], outfile: libBundle, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "error" });
const sluiceInProcessScript = `
import { SluiceContext } from ${JSON.stringify(libBundle)};
const graph = SluiceContext.load({ projectDir: process.argv[1] }).compile();
console.log(JSON.stringify({ actions: graph.actions }));
`;

for (const models of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), `sluice-bench-${models}-`));
  generateProject(dir, models);
  // The Dataform CLI needs @dataform/core inside the project and named in its package.json.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench", private: true, dependencies: { "@dataform/core": "3.0.62" } }));
  // (a copy: vm2 refuses modules that resolve outside the project through a symlink)
  mkdirSync(join(dir, "node_modules", "@dataform"), { recursive: true });
  cpSync(join(root, "node_modules", "@dataform", "core"), join(dir, "node_modules", "@dataform", "core"), { recursive: true });

  const sluice = best(process.execPath, [join(root, "bin", "sluice.mjs"), "compile", "--json", "--project", dir]);
  const sluiceLib = best(process.execPath, ["--input-type=module", "-e", sluiceInProcessScript, dir], { cwd: root });
  const inProcess = best(process.execPath, ["--input-type=module", "-e", inProcessScript, dir]);
  let cli = { ok: false, wall: NaN, rssMb: NaN, skipped: true, stdout: "" };
  if (models <= CLI_MAX) {
    cli = measure(join(root, "node_modules", ".bin", "dataform"), ["compile", dir, "--json", `--timeout=${CLI_TIMEOUT_S}s`]);
  }
  rows.push({
    models,
    sluice,
    sluiceActions: countActions(sluice.stdout, "sluice"),
    sluiceLib,
    inProcess,
    inProcessActions: countActions(inProcess.stdout, "dataform"),
    cli,
    cliActions: cli.skipped ? NaN : countActions(cli.stdout, "dataform"),
  });
  if (!sluiceLib.ok) console.error(`sluice compileProject failed at ${models}:`, sluiceLib.stderr.slice(-2000));
  if (!sluice.ok) console.error(`sluice failed at ${models}:`, sluice.stderr.slice(-2000));
  if (!inProcess.ok) console.error(`@dataform/core main failed at ${models}:`, inProcess.stderr.slice(-2000));
  if (!cli.ok && !cli.skipped) console.error(`dataform compile failed at ${models}:`, (cli.stderr ?? "").slice(-2000));
  rmSync(dir, { recursive: true, force: true });
}
rmSync(workDir, { recursive: true, force: true });

const fmt = (s) => (Number.isFinite(s) ? `${s.toFixed(2)} s` : "n/a");
const mb = (m) => (Number.isFinite(m) ? `${Math.round(m)} MB` : "n/a");
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(b / a).toFixed(1)}×` : "n/a");
console.log(`\nCompile benchmark — best of ${REPEAT} runs for Sluice and in-process Dataform, one CLI run; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}\n`);
console.log("| models | actions (sluice / dataform) | `sluice compile --json` | peak RSS | sluice compileProject (process) | peak RSS | @dataform/core main (process) | peak RSS | `dataform compile --json` | peak RSS | CLI vs CLI | process vs process |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  const cliWall = r.cli.skipped ? "skipped" : r.cli.ok ? fmt(r.cli.wall) : `failed (${fmt(r.cli.wall)})`;
  console.log(
    `| ${r.models} | ${r.sluiceActions} / ${r.inProcessActions} | ${r.sluice.ok ? fmt(r.sluice.wall) : "failed"} | ${mb(r.sluice.rssMb)} | ${r.sluiceLib.ok ? fmt(r.sluiceLib.wall) : "failed"} | ${mb(r.sluiceLib.rssMb)} | ${r.inProcess.ok ? fmt(r.inProcess.wall) : "failed"} | ${mb(r.inProcess.rssMb)} | ${cliWall} | ${mb(r.cli.rssMb)} | ${r.cli.ok ? ratio(r.sluice.wall, r.cli.wall) : "n/a"} | ${ratio(r.sluiceLib.wall, r.inProcess.wall)} |`,
  );
}
