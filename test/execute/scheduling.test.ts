import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { runScheduled } from "../../src/execute/scheduler.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

let project: TestProject;
let holder: ChildProcess | undefined;
afterEach(() => {
  holder?.kill();
  holder = undefined;
  project?.cleanup();
});

describe("assertions and skipped dependents", () => {
  function graph(severity: "error" | "warn") {
    const orders = action({ name: "orders", query: "SELECT * FROM (VALUES (1, 10), (2, -5), (3, -7)) t(id, amount)" });
    const check = action({
      name: "orders_positive",
      schema: "audit",
      type: "assertion",
      query: "SELECT * FROM lakehouse.silver.orders WHERE amount < 0",
      dependencies: [orders.id],
      parentAction: orders.id,
      severity,
    });
    const daily = action({ name: "daily", query: "SELECT sum(amount) AS total FROM lakehouse.silver.orders", dependencies: [orders.id] });
    const report = action({ name: "report", type: "view", query: "SELECT * FROM lakehouse.silver.daily", dependencies: [daily.id] });
    const afterCheck = action({ name: "after_check", query: "SELECT 1 AS ok", dependencies: [check.id] });
    const unrelated = action({ name: "unrelated", query: "SELECT 1 AS ok" });
    return graphOf([orders, check, daily, report, afterCheck, unrelated]);
  }

  it("a failing error assertion blocks the dependents of the model it checks and its own dependents", async () => {
    project = makeProject();
    const results = await runGraph({ graph: graph("error"), profile: project.profile }, { concurrency: 3 });
    const status = Object.fromEntries(results.actions.map((a) => [a.id.split(".").pop(), a.status]));
    expect(status).toEqual({ orders: "success", orders_positive: "failed", daily: "skipped", report: "skipped", after_check: "skipped", unrelated: "success" });
    const check = results.actions[1];
    expect(check.assertion).toMatchObject({ violations: 2, severity: "error" });
    expect(check.assertion?.sample).toEqual([
      { id: 2, amount: -5 },
      { id: 3, amount: -7 },
    ]);
    expect(check.error?.message).toMatch(/2 row\(s\) violate/);
    expect(results.actions[2]).toMatchObject({ skippedBecause: check.id, attempts: 0, statements: [] });
    expect(results.actions[3]).toMatchObject({ skippedBecause: check.id });
    // Skipped means not attempted: nothing was built.
    expect(await project.rows(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('daily', 'report', 'after_check')`)).toEqual([]);
    expect(results.totals).toEqual({ selected: 6, success: 2, failed: 1, skipped: 3, up_to_date: 0 });
  });

  it("a failing warn assertion reports its violations and blocks nothing", async () => {
    project = makeProject();
    const results = await runGraph({ graph: graph("warn"), profile: project.profile }, { concurrency: 3 });
    expect(results.actions.map((a) => a.status)).toEqual(["success", "success", "success", "success", "success", "success"]);
    expect(results.actions[1].assertion).toMatchObject({ violations: 2, severity: "warn" });
    expect(await project.rows(`SELECT total FROM lakehouse.silver.report`)).toEqual([{ total: -2 }]);
  });

  it("a passing assertion lets everything run", async () => {
    project = makeProject();
    const g = graph("error");
    g.actions[0].query = "SELECT 1 AS id, 10 AS amount";
    const results = await runGraph({ graph: g, profile: project.profile });
    expect(results.totals.success).toBe(6);
    expect(results.actions[1].assertion).toEqual({ violations: 0, sample: [], severity: "error" });
  });
});

describe("retries", () => {
  /** A second process takes DuckDB's file lock on `path` until killed (or for `ms` milliseconds): a real transient engine error. */
  async function holdFileLock(path: string, ms: number): Promise<void> {
    const script = `
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const db = await DuckDBInstance.create(${JSON.stringify(path)});
      const connection = await db.connect();
      await connection.run("CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS a");
      process.stdout.write("held\\n");
      // The timer keeps the instance reachable: once collected, DuckDB closes the file and the lock goes with it.
      setTimeout(() => { connection.closeSync(); db.closeSync(); process.exit(0); }, ${ms});`;
    holder = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      holder!.stdout!.once("data", () => resolve());
      holder!.once("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
  }

  function attachOperation(path: string) {
    return action({ name: "touch_other", type: "operations", hasOutput: false, queries: [`ATTACH '${path}' AS other_db`, "DETACH other_db"] });
  }

  it("retries a transient lock conflict with backoff and then succeeds", async () => {
    project = makeProject({ retry: { attempts: 2, backoffMs: 1500 } });
    const other = join(project.dir, "other.duckdb");
    await holdFileLock(other, 60_000);
    // The conflict ends only once the first attempt has failed, whatever the machine's speed.
    const retryLogs: string[] = [];
    const results = await runGraph(
      { graph: graphOf([attachOperation(other)]), profile: project.profile },
      {
        onEvent: (event) => {
          if (event.kind === "log" && /transient error, retrying/.test(event.message)) {
            retryLogs.push(event.message);
            holder?.kill();
          }
        },
      },
    );
    expect(retryLogs).toHaveLength(1);
    expect(results.actions[0]).toMatchObject({ status: "success", attempts: 2 });
  });

  it("gives up after the configured attempts while the conflict lasts", async () => {
    project = makeProject({ retry: { attempts: 2, backoffMs: 20 } });
    const other = join(project.dir, "other.duckdb");
    await holdFileLock(other, 10_000);
    const results = await runGraph({ graph: graphOf([attachOperation(other)]), profile: project.profile });
    expect(results.actions[0]).toMatchObject({ status: "failed", attempts: 2 });
    expect(results.actions[0].error?.message).toMatch(/Could not set lock on file/);
  });

  it("never retries a SQL error", async () => {
    project = makeProject({ retry: { attempts: 3, backoffMs: 20 } });
    const broken = action({ name: "broken", query: "SELEC 1" });
    const results = await runGraph({ graph: graphOf([broken]), profile: project.profile });
    expect(results.actions[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(results.actions[0].error?.message).toMatch(/^Parser Error/);
  });
});

describe("scheduler", () => {
  it("keeps to the concurrency limit and starts a job only after what it waits for succeeded", async () => {
    const jobs = [
      { id: "a", waitsFor: [] },
      { id: "b", waitsFor: [] },
      { id: "c", waitsFor: [] },
      { id: "d", waitsFor: ["a", "b"] },
      { id: "e", waitsFor: ["d"] },
      { id: "f", waitsFor: ["c"] },
    ];
    let running = 0;
    let peak = 0;
    const finished: string[] = [];
    const skipped: [string, string][] = [];
    await runScheduled(jobs, 2, {
      run: async (id) => {
        for (const dep of jobs.find((j) => j.id === id)!.waitsFor) expect(finished).toContain(dep);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 15));
        running--;
        finished.push(id);
        return id !== "c";
      },
      skip: (id, because) => skipped.push([id, because]),
    });
    expect(peak).toBe(2);
    expect(finished.sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(skipped).toEqual([["f", "c"]]);
  });
});
