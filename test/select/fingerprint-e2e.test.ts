import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SluiceContext } from "../../src/context.js";
import type { CompiledGraph } from "../../src/graph/schema.js";
import type { ActionState } from "../../src/execute/strategy.js";
import { modifiedActions, planRebuild } from "../../src/select/changes.js";
import { selectActions } from "../../src/select/select.js";

/**
 * Through the real compiler: edits to a copy of the multi-engine fixture project, recompiled,
 * compared with the state a successful run of the original would have left.
 */
const FIXTURE = join(import.meta.dirname, "..", "fixtures", "projects", "multi-engine");
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function copyProject(): string {
  dir = mkdtempSync(join(tmpdir(), "sluice-fp-"));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const compile = (projectDir: string): CompiledGraph => SluiceContext.load({ projectDir, dataDir: join(projectDir, "data") }).compile();

function stateAfterRun(graph: CompiledGraph): Map<string, ActionState> {
  return new Map(graph.actions.map((a) => [a.id, { actionId: a.id, lastSuccessAt: "2026-01-01T00:00:00Z", dataFingerprint: a.fingerprint.data }]));
}

function editFile(projectDir: string, file: string, change: (text: string) => string): void {
  const path = join(projectDir, file);
  const before = readFileSync(path, "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

const CLEAN = "definitions/silver/clean_readings.sqlx";
const DAILY = "definitions/gold/daily.sqlx";

describe("state:modified through the compiler", () => {
  it("whitespace, comment and description edits modify nothing", () => {
    const project = copyProject();
    const state = stateAfterRun(compile(project));
    editFile(project, CLEAN, (text) => text.replace("SELECT\n  sensor_id,", "SELECT   -- the readings, cleaned\n\n      sensor_id,").replace("FROM ", "FROM\n\t"));
    editFile(project, DAILY, (text) => text.replace('description: "Daily stats"', 'description: "Daily statistics per sensor"'));
    const graph = compile(project);
    expect(modifiedActions(graph, state)).toEqual([]);
    expect(selectActions(graph, { select: ["state:modified+"], state })).toEqual([]);
    // Only operations run regardless (their effects are not fingerprinted data).
    const rebuilt = [...planRebuild(graph, state, () => false).values()].filter((p) => p.decision === "rebuild").map((p) => p.actionId);
    expect(rebuilt).toEqual(graph.actions.filter((a) => a.type === "operations").map((a) => a.id));
  });

  it("an SQL edit modifies exactly that model; with + its downstream too", () => {
    const project = copyProject();
    const before = compile(project);
    const state = stateAfterRun(before);
    editFile(project, DAILY, (text) => text.replace("GROUP BY sensor_id, day", "WHERE sensor_id IS NOT NULL\nGROUP BY sensor_id, day"));
    const graph = compile(project);
    const daily = graph.actions.find((a) => a.fileName === DAILY && a.target.name === "daily")!;
    expect(modifiedActions(graph, state)).toEqual([daily.id]);
    const withDownstream = selectActions(graph, { select: ["state:modified+"], state });
    expect(withDownstream[0]).toBe(daily.id);
    expect(withDownstream.length).toBeGreaterThan(1);
    expect(new Set(withDownstream)).toEqual(new Set(selectActions(graph, { select: [`${daily.id}+`] })));
  });
});
