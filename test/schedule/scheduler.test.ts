import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Scheduler, scheduleUntilSignal } from "../../src/schedule/scheduler.js";
import { cronTicker, validateCron, type Ticker } from "../../src/schedule/ticker.js";
import { SluiceError } from "../../src/errors.js";
import { acquireRunLock } from "../../src/state/lock.js";

/** A ticker the test fires by hand. */
function manualTicker(): Ticker & { fire(): void; started: boolean; stopped: boolean } {
  let onTick: (() => void) | undefined;
  const ticker = {
    started: false,
    stopped: false,
    start(callback: () => void) {
      onTick = callback;
      ticker.started = true;
      return () => {
        ticker.stopped = true;
        onTick = undefined;
      };
    },
    fire() {
      onTick?.();
    },
  };
  return ticker;
}

/** A run whose end the test controls, recording how many runs are writing at once. */
function gatedRuns() {
  const gates: Array<(code: number) => void> = [];
  const signals: AbortSignal[] = [];
  let active = 0;
  let maxActive = 0;
  const runOnce = (signal: AbortSignal) =>
    new Promise<number>((resolve) => {
      signals.push(signal);
      active++;
      maxActive = Math.max(maxActive, active);
      gates.push((code) => {
        active--;
        resolve(code);
      });
    });
  return { runOnce, gates, signals, maxActive: () => maxActive, active: () => active };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("Scheduler", () => {
  it("skips a tick while the previous run is going, and logs it", async () => {
    const ticker = manualTicker();
    const runs = gatedRuns();
    const log: string[] = [];
    const scheduler = new Scheduler({ ticker, runOnce: runs.runOnce, log: (m) => log.push(m) });
    scheduler.start();
    ticker.fire();
    await flush();
    ticker.fire();
    ticker.fire();
    expect(runs.gates).toHaveLength(1);
    expect(log.filter((m) => m === "tick skipped: previous run still running")).toHaveLength(2);
    runs.gates[0](0);
    await flush();
    ticker.fire();
    await flush();
    expect(runs.gates).toHaveLength(2);
    runs.gates[1](0);
    await flush();
    expect(runs.maxActive()).toBe(1);
    expect(scheduler.stats).toEqual({ runs: 2, skippedBusy: 2, skippedLocked: 0, failed: 0 });
  });

  it("keeps scheduling after a failed or crashing run", async () => {
    const ticker = manualTicker();
    let calls = 0;
    const log: string[] = [];
    const scheduler = new Scheduler({
      ticker,
      runOnce: async () => {
        calls++;
        if (calls === 1) throw new Error("engine unreachable");
        return calls === 2 ? 1 : 0;
      },
      log: (m) => log.push(m),
    });
    scheduler.start();
    for (let i = 0; i < 3; i++) {
      await scheduler.tick();
    }
    expect(calls).toBe(3);
    expect(scheduler.stats.failed).toBe(2);
    expect(log.some((m) => m.includes("crashed: engine unreachable"))).toBe(true);
    expect(await scheduler.stop()).toBe(0);
  });

  it("a run that throws (e.g. the lock folder is read-only) is logged, and scheduling goes on", async () => {
    const log: string[] = [];
    let calls = 0;
    const scheduler = new Scheduler({
      ticker: manualTicker(),
      runOnce: async () => {
        calls++;
        throw new Error("EACCES: lock folder read-only");
      },
      log: (m) => log.push(m),
    });
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(1);
    expect(calls).toBe(2);
    expect(scheduler.running).toBe(false);
    expect(log.filter((m) => m.endsWith("crashed: EACCES: lock folder read-only"))).toHaveLength(2);
  });

  it("on stop: stops ticking, aborts the running run's signal, waits for it, then resolves", async () => {
    const ticker = manualTicker();
    const runs = gatedRuns();
    const scheduler = new Scheduler({ ticker, runOnce: runs.runOnce });
    scheduler.start();
    ticker.fire();
    await flush();
    let stopped = false;
    const stopping = scheduler.stop().then((code) => {
      stopped = true;
      return code;
    });
    await flush();
    expect(ticker.stopped).toBe(true);
    expect(runs.signals[0].aborted).toBe(true);
    expect(stopped).toBe(false); // still waiting for the action in progress
    ticker.fire();
    expect(scheduler.tick()).toBeUndefined();
    runs.gates[0](3);
    expect(await stopping).toBe(3);
    expect(runs.gates).toHaveLength(1);
  });

  it("SIGTERM stops gracefully with the running run's exit code; handlers are removed", async () => {
    const ticker = manualTicker();
    const runs = gatedRuns();
    const signals = new EventEmitter();
    const log: string[] = [];
    const done = scheduleUntilSignal({ ticker, runOnce: runs.runOnce, signals: signals as unknown as NodeJS.Process, log: (m) => log.push(m) });
    ticker.fire();
    await flush();
    signals.emit("SIGTERM", "SIGTERM");
    await flush();
    expect(runs.signals[0].aborted).toBe(true);
    expect(signals.listenerCount("SIGINT")).toBe(0);
    runs.gates[0](0);
    expect(await done).toBe(0);
    expect(log).toContain("received SIGTERM: letting the running action finish, then exiting");
  });

  it("with the runner's own run lock, a refused run is logged as a skip and nothing overlaps", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sluice-runlock-"));
    let writing = 0;
    let overlaps = 0;
    let writes = 0;
    let runIds = 0;
    // What runGraph does: take the lock (timeout 0 → SluiceError "run-locked"), write, release.
    const runOnce = async () => {
      const lock = await acquireRunLock({ dataDir, profile: "local", runId: `r${++runIds}`, timeoutSeconds: 0 });
      try {
        writing++;
        if (writing > 1) overlaps++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        writes++;
        writing--;
        return 0;
      } finally {
        lock.release();
      }
    };
    const logs: string[] = [];
    const a = new Scheduler({ ticker: manualTicker(), runOnce, log: (m) => logs.push(m) });
    const b = new Scheduler({ ticker: manualTicker(), runOnce, log: (m) => logs.push(m) });
    for (let round = 0; round < 4; round++) await Promise.all([a.tick(), b.tick()]);
    expect(overlaps).toBe(0);
    expect(writes).toBe(4);
    expect(a.stats.failed + b.stats.failed).toBe(0);
    expect(a.stats.skippedLocked + b.stats.skippedLocked).toBe(4);
    expect(logs.filter((m) => m === "tick skipped: another run holds the run lock")).toHaveLength(4);
  });
});

describe("cron ticker", () => {
  it("rejects an invalid pattern up front", () => {
    expect(() => validateCron("*/5 * * *  banana")).toThrow(SluiceError);
    expect(() => validateCron("*/5 * * * *")).not.toThrow();
  });

  it("with a real every-second cron and a slow run, never overlaps and logs skips", async () => {
    let active = 0;
    let maxActive = 0;
    const log: string[] = [];
    const scheduler = new Scheduler({
      ticker: cronTicker("* * * * * *"),
      runOnce: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        active--;
        return 0;
      },
      log: (m) => log.push(m),
    });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 3300));
    await scheduler.stop();
    expect(maxActive).toBe(1);
    expect(scheduler.stats.runs).toBeGreaterThanOrEqual(1);
    expect(scheduler.stats.skippedBusy).toBeGreaterThanOrEqual(1);
    expect(log).toContain("tick skipped: previous run still running");
    expect(log.some((m) => m.startsWith("next tick at "))).toBe(true);
  }, 10_000);
});
