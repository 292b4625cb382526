import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { RunResultsSchema } from "../../src/execute/results.js";
import { formatDryRun, formatSummary } from "../../src/execute/progress.js";
import { acquireRunLock, RUN_LOCK_FILE } from "../../src/state/lock.js";
import { SluiceError } from "../../src/errors.js";
import { EngineStateStore } from "../../src/state/store.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

function smallGraph() {
  const base = action({ name: "base", query: "SELECT range AS id FROM range(4)", tags: ["nightly"] });
  const inc = action({ name: "inc", type: "incremental", uniqueKey: ["id"], query: "SELECT id, id * 2 AS twice FROM lakehouse.silver.base", dependencies: [base.id] });
  const view = action({ name: "v", type: "view", query: "SELECT count(*) AS n FROM lakehouse.silver.inc", dependencies: [inc.id] });
  const wh = action({ name: "wh_table", schema: "facts", targetName: "warehouse", query: "SELECT 42 AS answer" });
  return graphOf([base, inc, view, wh]);
}

describe("run_results.json and state", () => {
  it("writes validated per-action results and state rows in each target's database", async () => {
    project = makeProject();
    const results = await runGraph({ graph: smallGraph(), profile: project.profile }, { concurrency: 2, args: { vars: { a: "1" } } });
    const file = join(project.dir, "target", "run_results.json");
    const written = RunResultsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    expect(written.runId).toBe(results.runId);
    expect(written.profile).toBe("local");
    expect(written.args).toMatchObject({ vars: { a: "1" }, concurrency: 2 });
    expect(written.totals).toEqual({ selected: 4, success: 4, failed: 0, skipped: 0, up_to_date: 0 });
    const base = written.actions.find((a) => a.id === "lakehouse.silver.base")!;
    expect(base).toMatchObject({ type: "table", targetName: "lakehouse", engine: "duckdb", status: "success", rowsAffected: 4, attempts: 1 });
    expect(Date.parse(base.endedAt!) - Date.parse(base.startedAt!)).toBe(base.durationMs);
    expect(base.statements.some((s) => /CREATE TABLE "lakehouse"\."silver"\."base" AS/.test(s))).toBe(true);

    const lakeState = await project.rows(`SELECT action_id, data_fingerprint, run_id FROM lakehouse._sluice.action_state ORDER BY action_id`);
    expect(lakeState.map((r) => r.action_id)).toEqual(["lakehouse.silver.base", "lakehouse.silver.inc", "lakehouse.silver.v"]);
    expect(lakeState[0]).toMatchObject({ data_fingerprint: smallGraph().actions[0].fingerprint.data, run_id: results.runId });
    expect(await project.rows(`SELECT action_id FROM warehouse._sluice.action_state`, "warehouse")).toEqual([{ action_id: "warehouse.facts.wh_table" }]);
    expect(await project.rows(`SELECT answer FROM warehouse.facts.wh_table`, "warehouse")).toEqual([{ answer: 42 }]);

    // The second run takes the incremental path (MERGE) and the summary lists every action.
    const second = await runGraph({ graph: smallGraph(), profile: project.profile });
    expect(second.actions[1].statements.some((s) => s.startsWith("MERGE INTO"))).toBe(true);
    expect(formatSummary(second)).toMatch(/4 selected: 4 succeeded, 0 failed, 0 skipped/);
    expect(formatSummary(second)).not.toMatch(/quarantined/);

    // State rows only append; each run first compacts to the newest row per action, so the table stays small.
    const third = await runGraph({ graph: smallGraph(), profile: project.profile });
    const stored = await project.rows(`SELECT run_id, count(*) AS n FROM lakehouse._sluice.action_state GROUP BY run_id ORDER BY n`);
    expect(stored.map((r) => [r.run_id, r.n]).sort()).toEqual([[second.runId, 3], [third.runId, 3]].sort());
    const store = new EngineStateStore(smallGraph().actions, (name) => project.db(name), "reader");
    expect(await store.get("lakehouse.silver.inc")).toMatchObject({ dataFingerprint: smallGraph().actions[1].fingerprint.data, extra: { mode: "incremental", strategy: "merge" } });
    expect(await store.get("warehouse.facts.wh_table")).toMatchObject({ extra: undefined });
  });

  it("selects by --actions/--tags and widens with deps and dependents", async () => {
    project = makeProject();
    const ids = async (options: Parameters<typeof runGraph>[1]) =>
      (await runGraph({ graph: smallGraph(), profile: project.profile }, { ...options, dryRun: true })).actions.map((a) => a.id.split(".").pop());
    expect(await ids({ actions: ["inc"] })).toEqual(["inc"]);
    expect(await ids({ actions: ["silver.inc"], includeDeps: true })).toEqual(["base", "inc"]);
    expect(await ids({ actions: ["lakehouse.silver.inc"], includeDependents: true })).toEqual(["inc", "v"]);
    expect(await ids({ tags: ["nightly"], includeDependents: true })).toEqual(["base", "inc", "v"]);
    await expect(ids({ actions: ["nope"] })).rejects.toThrow(/"nope": no action/);
  });
});

describe("--dry-run", () => {
  function snapshot(dir: string): Record<string, number> {
    const out: Record<string, number> = {};
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out[p] = statSync(p).mtimeMs * 1e3 + statSync(p).size;
      }
    };
    walk(dir);
    return out;
  }

  it("creates nothing on a fresh project and prints the statements per target", async () => {
    project = makeProject();
    const results = await runGraph({ graph: smallGraph(), profile: project.profile }, { dryRun: true });
    expect(results.totals.success).toBe(4);
    expect(existsSync(project.profile.dataDir)).toBe(false);
    expect(existsSync(join(project.dir, "target"))).toBe(false);
    const printed = formatDryRun(results);
    expect(printed).toMatch(/-- ===== target lakehouse \(duckdb\) =====/);
    expect(printed).toMatch(/-- ===== target warehouse \(duckdb\) =====/);
    expect(printed).toContain(`CREATE SCHEMA IF NOT EXISTS "lakehouse"."silver";`);
    expect(printed).toContain(`CREATE TABLE "lakehouse"."silver"."base" AS`);
  });

  it("changes nothing in existing databases and shows the incremental statements it would run", async () => {
    project = makeProject();
    await runGraph({ graph: smallGraph(), profile: project.profile });
    await project.exec(`CHECKPOINT`);
    await project.exec(`CHECKPOINT`, "warehouse");
    const before = snapshot(project.dir);
    const rowsBefore = await project.rows(`SELECT * FROM lakehouse.silver.inc ORDER BY id`);
    const g = smallGraph();
    g.actions[0].query = "SELECT range AS id FROM range(100)";
    const results = await runGraph({ graph: g, profile: project.profile }, { dryRun: true });
    expect(results.actions[1].statements.some((s) => s.startsWith("MERGE INTO"))).toBe(true);
    expect(results.actions[0].statements.join("\n")).toContain("RENAME TO");
    await project.exec(`CHECKPOINT`);
    expect(snapshot(project.dir)).toEqual(before);
    expect(await project.rows(`SELECT * FROM lakehouse.silver.inc ORDER BY id`)).toEqual(rowsBefore);
    expect(await project.rows(`SELECT count(*) AS n FROM lakehouse.silver.base`)).toEqual([{ n: 4 }]);
  });
});

describe("run lock", () => {
  it("a second run on the same project and profile stops at once, naming the holder", async () => {
    project = makeProject();
    const held = await acquireRunLock({ dataDir: project.profile.dataDir, profile: "local", runId: "other-run" });
    try {
      const attempt = runGraph({ graph: smallGraph(), profile: project.profile });
      await expect(attempt).rejects.toThrow(SluiceError);
      await expect(attempt).rejects.toThrow(new RegExp(`another sluice run holds the run lock for profile "local": pid ${process.pid}`));
      expect(existsSync(join(project.profile.dataDir, "lakehouse.duckdb"))).toBe(false);
    } finally {
      held.release();
    }
    expect(existsSync(join(project.profile.dataDir, RUN_LOCK_FILE))).toBe(false);
  });

  it("waits up to --lock-timeout for the holder to finish", async () => {
    project = makeProject();
    const held = await acquireRunLock({ dataDir: project.profile.dataDir, profile: "local", runId: "other-run" });
    setTimeout(() => held.release(), 300);
    const started = Date.now();
    const results = await runGraph({ graph: smallGraph(), profile: project.profile }, { lockTimeoutSeconds: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(results.totals.success).toBe(4);
  });

  it("takes over a stale lock whose process is gone", async () => {
    project = makeProject();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const lockPath = join(project.profile.dataDir, RUN_LOCK_FILE);
    await acquireRunLock({ dataDir: project.profile.dataDir, profile: "local", runId: "x" }).then((l) => l.release());
    writeFileSync(lockPath, JSON.stringify({ pid: Number(dead.stdout), startedAt: "2020-01-01T00:00:00Z", host: (await import("node:os")).hostname(), profile: "local", runId: "dead" }));
    const results = await runGraph({ graph: smallGraph(), profile: project.profile });
    expect(results.totals.success).toBe(4);
    expect(existsSync(lockPath)).toBe(false);
  });
});
