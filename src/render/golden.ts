import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineKindSchema } from "../graph/schema.js";
import type { RenderedAction, RenderedScenario } from "./render.js";

/**
 * Golden SQL: one file per action, `<engine>/<action id>.sql`, holding every scenario's
 * statements as a script people can read and review. The files change only when the SQL does;
 * nothing in them depends on the clock, the machine or the order actions were rendered in.
 */
/** Relative path → contents, sorted by path. */
export function goldenFiles(actions: RenderedAction[]): Map<string, string> {
  const files = actions.map((action) => [`${action.engine}/${action.id}.sql`, formatAction(action)] as const);
  return new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every action's script, one after another (what `sluice render` prints). */
export function formatScript(actions: RenderedAction[]): string {
  return actions.map(formatAction).join("\n");
}

export function formatAction(action: RenderedAction): string {
  const where = action.line !== undefined ? `${action.fileName}:${action.line}` : action.fileName;
  const lines = [
    `-- ${action.id}: ${action.type} on target ${action.targetName} (${action.engine}), defined in ${where}`,
    "-- Rendered offline by `sluice render`: the real runner and strategies in dry-run mode, no connection.",
  ];
  for (const scenario of action.scenarios) lines.push("", ...formatScenario(scenario));
  return lines.join("\n") + "\n";
}

function formatScenario(scenario: RenderedScenario): string[] {
  const lines = [`-- ==== ${scenario.scenario}: ${scenario.assumes} ====`, `-- status: ${scenario.status}`];
  if (scenario.message) lines.push(...comment("message", scenario.message));
  if (scenario.error) lines.push(...comment("error", scenario.error));
  for (const log of scenario.logs) lines.push(...comment("log", log));
  const direct = scenario.statements.filter((s) => s.direct);
  if (!scenario.statements.length) lines.push("-- (no statements)");
  for (const statement of scenario.statements.filter((s) => !s.direct)) lines.push("", terminate(statement.sql));
  if (direct.length) {
    lines.push("", "-- sent to the adapter directly during the dry run:");
    for (const statement of direct) lines.push("", `-- on ${statement.engine}`, terminate(statement.sql));
  }
  return lines;
}

function comment(label: string, text: string): string[] {
  return text.split("\n").map((line, i) => (i === 0 ? `-- ${label}: ${line}` : `--   ${line}`).trimEnd());
}

/** A `;` after the statement, on a line of its own when the last line ends in a line comment. */
function terminate(sql: string): string {
  const lastLine = sql.slice(sql.lastIndexOf("\n") + 1);
  return lastLine.includes("--") ? `${sql}\n;` : `${sql};`;
}

export interface GoldenDifference {
  path: string;
  kind: "missing" | "stale" | "changed";
  /** For "changed": the first line that differs, both sides. */
  detail?: string;
}

/** What differs between the files on disk under `dir` and the ones just rendered. */
export function compareGolden(dir: string, files: Map<string, string>): GoldenDifference[] {
  const differences: GoldenDifference[] = [];
  for (const [path, expected] of files) {
    const file = join(dir, path);
    if (!existsSync(file)) differences.push({ path, kind: "missing" });
    else {
      const actual = readFileSync(file, "utf8");
      if (actual !== expected) differences.push({ path, kind: "changed", detail: firstDifference(actual, expected) });
    }
  }
  for (const path of existingGoldenFiles(dir)) if (!files.has(path)) differences.push({ path, kind: "stale" });
  return differences;
}

/** For people: what differs, and the command that updates the files when the change is intended. */
export function describeDifferences(differences: GoldenDifference[], updateCommand: string): string {
  const lines = differences.map((d) => {
    if (d.kind === "missing") return `  ${d.path}: no golden file yet`;
    if (d.kind === "stale") return `  ${d.path}: golden file for an action that no longer renders`;
    return `  ${d.path}: ${d.detail}`;
  });
  return [`${differences.length} golden file(s) differ from the rendered SQL:`, ...lines, `If the change is intended, update them with: ${updateCommand}`].join("\n");
}

/** Writes changed and new files, removes stale ones; returns how many of each. */
export function writeGolden(dir: string, files: Map<string, string>): { written: number; unchanged: number; removed: number } {
  let written = 0;
  let unchanged = 0;
  let removed = 0;
  for (const [path, contents] of files) {
    const file = join(dir, path);
    if (existsSync(file) && readFileSync(file, "utf8") === contents) {
      unchanged++;
      continue;
    }
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, contents);
    written++;
  }
  for (const path of existingGoldenFiles(dir)) {
    if (files.has(path)) continue;
    unlinkSync(join(dir, path));
    removed++;
  }
  return { written, unchanged, removed };
}

/** The .sql files in dir's engine folders (other files under dir are not golden). */
function existingGoldenFiles(dir: string): string[] {
  const found: string[] = [];
  for (const engine of EngineKindSchema.options) {
    const folder = join(dir, engine);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (name.endsWith(".sql")) found.push(`${engine}/${name}`);
  }
  return found.sort();
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      const show = (line: string | undefined) => (line === undefined ? "(end of file)" : JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}…` : line));
      return `line ${i + 1}: golden ${show(a[i])}, rendered ${show(e[i])}`;
    }
  }
  return "differs";
}
