import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { criticalPathPriorities, previousDurations } from "../../src/plan/priority.js";
import { runScheduled } from "../../src/execute/scheduler.js";
import { runGraph } from "../../src/execute/run.js";
import { action, graphOf, makeProject } from "./fixture.js";

/** small_a, small_b: lone actions; big → mid → end: a chain. Listed small ones first, as a plan would. */
const waitsFor = new Map<string, string[]>([
  ["small_a", []],
  ["small_b", []],
  ["big", []],
  ["mid", ["big"]],
  ["end", ["mid"]],
]);
const ids = [...waitsFor.keys()];

describe("critical-path priorities", () => {
  it("without history, ranks an action by the length of the chain it starts", () => {
    const priority = criticalPathPriorities(ids, waitsFor);
    expect(Object.fromEntries(priority)).toEqual({ small_a: 1, small_b: 1, big: 3, mid: 2, end: 1 });
  });

  it("with the previous run's durations, by the time of the longest path through what waits for it", () => {
    const previous = new Map([
      ["small_a", 5_000],
      ["big", 100],
      ["mid", 2_000],
      ["end", 10],
    ]);
    const priority = criticalPathPriorities(ids, waitsFor, previous);
    // small_b was never timed: it counts as the median of the others (100 and 2,000 → 1,050).
    expect(Object.fromEntries(priority)).toEqual({ small_a: 5_000, small_b: 1_050, big: 2_110, mid: 2_010, end: 10 });
  });

  it("weighs a diamond by its longest branch, and a chain of 50,000 actions without running out of stack", () => {
    const diamond = new Map<string, string[]>([
      ["top", []],
      ["left", ["top"]],
      ["right", ["top"]],
      ["bottom", ["left", "right"]],
    ]);
    const weights = criticalPathPriorities([...diamond.keys()], diamond, new Map([["left", 10], ["right", 1], ["top", 1], ["bottom", 1]]));
    expect(Object.fromEntries(weights)).toEqual({ top: 12, left: 11, right: 2, bottom: 1 });

    const chain = new Map(Array.from({ length: 50_000 }, (_, i) => [`m${i}`, i ? [`m${i - 1}`] : []] as [string, string[]]));
    const long = criticalPathPriorities([...chain.keys()], chain);
    expect(long.get("m0")).toBe(50_000);
    expect(long.get("m49999")).toBe(1);
  });

  it("reads durations from a previous run_results.json, ignoring skipped actions, missing or damaged files", () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-priority-"));
    const path = join(dir, "run_results.json");
    writeFileSync(path, JSON.stringify({ actions: [{ id: "a", durationMs: 42, status: "success" }, { id: "b", durationMs: 0, status: "skipped" }, { id: 3 }] }));
    expect(Object.fromEntries(previousDurations(path))).toEqual({ a: 42 });
    writeFileSync(path, "{ not json");
    expect(previousDurations(path).size).toBe(0);
    expect(previousDurations(join(dir, "missing.json")).size).toBe(0);
    expect(previousDurations(false).size).toBe(0);
  });

  it("the scheduler starts the highest priority first among ready jobs, ties in the given order", async () => {
    const started: string[] = [];
    const priority = criticalPathPriorities(ids, waitsFor);
    await runScheduled(
      ids.map((id) => ({ id, waitsFor: waitsFor.get(id)!, priority: priority.get(id) })),
      1,
      {
        run: async (id) => {
          started.push(id);
          return true;
        },
        skip: () => undefined,
      },
    );
    expect(started).toEqual(["big", "mid", "small_a", "small_b", "end"]);
  });

  it("a run starts the action the previous run found slowest first", async () => {
    const project = makeProject();
    try {
      const quick = action({ name: "quick", query: "SELECT 1 AS id" });
      const slow = action({ name: "slow", query: "SELECT 2 AS id" });
      const resultsPath = join(project.dir, "run_results.json");
      const graph = graphOf([quick, slow]);
      const startedIn = async () => {
        const started: string[] = [];
        await runGraph({ graph, profile: project.profile }, { concurrency: 1, resultsPath, onEvent: (e) => e.kind === "start" && started.push(e.actionId) });
        return started;
      };
      expect(await startedIn()).toEqual([quick.id, slow.id]);
      // As if "slow" had taken a minute last time.
      const previous = JSON.parse(readFileSync(resultsPath, "utf8")) as { actions: Array<{ id: string; durationMs: number }> };
      writeFileSync(resultsPath, JSON.stringify({ ...previous, actions: previous.actions.map((a) => (a.id === slow.id ? { ...a, durationMs: 60_000 } : a)) }));
      expect(await startedIn()).toEqual([slow.id, quick.id]);
    } finally {
      project.cleanup();
    }
  });
});
