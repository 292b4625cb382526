import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SluiceError } from "../../src/errors.js";
import { acquireRunLock, RUN_LOCK_FILE } from "../../src/state/lock.js";

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "sluice-lock-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const lockPath = () => join(dataDir, RUN_LOCK_FILE);

/** A lock file as a run that crashed between creating and writing it leaves it, last touched `ageMs` ago. */
function emptyLock(ageMs: number): void {
  writeFileSync(lockPath(), "");
  const when = new Date(Date.now() - ageMs);
  utimesSync(lockPath(), when, when);
}

describe("run lock edge cases", () => {
  it("takes over an empty lock file older than the threshold, saying why", async () => {
    emptyLock(60_000);
    const messages: string[] = [];
    const lock = await acquireRunLock({ dataDir, profile: "local", runId: "mine", log: (m) => messages.push(m) });
    expect(JSON.parse(readFileSync(lockPath(), "utf8"))).toMatchObject({ pid: process.pid, runId: "mine" });
    expect(messages).toEqual([expect.stringMatching(/taking over the run lock .*: the lock file is empty and \d+ s old/)]);
    lock.release();
    expect(existsSync(lockPath())).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]); // no temporary or renamed files left behind
  });

  it("clears a takeover guard left by a crash once it is old, then takes the stale lock over", async () => {
    emptyLock(60_000);
    const guard = `${lockPath()}.takeover`;
    writeFileSync(guard, "");
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    const lock = await acquireRunLock({ dataDir, profile: "local", runId: "mine", timeoutSeconds: 5, pollMs: 5 });
    expect(JSON.parse(readFileSync(lockPath(), "utf8"))).toMatchObject({ runId: "mine" });
    expect(existsSync(guard)).toBe(false);
    lock.release();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("leaves a fresh empty lock file alone: its writer may be writing it right now", async () => {
    emptyLock(0);
    const attempt = acquireRunLock({ dataDir, profile: "local", runId: "mine" });
    await expect(attempt).rejects.toThrow(SluiceError);
    await expect(attempt).rejects.toThrow(/run lock file is empty/);
    expect(readFileSync(lockPath(), "utf8")).toBe("");
  });
});

/**
 * Several processes race for the lock over a stale one (they judge it stale at once, and one of
 * them moves it away); each writes "+pid" when it holds the lock and "-pid" before releasing it.
 * Holding is exclusive only if every "+" is followed by its own "-".
 */
describe("run lock under contention", () => {
  let lockModule: string;
  beforeEach(() => {
    lockModule = join(dataDir, "..", `sluice-lock-bundle-${process.pid}-${Date.now()}.mjs`);
    buildSync({ entryPoints: [resolve("src/state/lock.ts")], bundle: true, platform: "node", format: "esm", outfile: lockModule, logLevel: "error" });
  });
  afterEach(() => rmSync(lockModule, { force: true }));

  async function race(contenders: number): Promise<string[]> {
    const log = join(dataDir, "..", `sluice-lock-log-${process.pid}-${Date.now()}.txt`);
    writeFileSync(log, "");
    const startAt = Date.now() + 600;
    const script = `
      import { appendFileSync } from "node:fs";
      const { acquireRunLock } = await import(${JSON.stringify(pathToFileURL(lockModule).href)});
      while (Date.now() < ${startAt}) {}
      const lock = await acquireRunLock({ dataDir: ${JSON.stringify(dataDir)}, profile: "local", runId: "r" + process.pid, timeoutSeconds: 15, pollMs: 5 });
      appendFileSync(${JSON.stringify(log)}, "+" + process.pid + "\\n");
      await new Promise((r) => setTimeout(r, 30));
      appendFileSync(${JSON.stringify(log)}, "-" + process.pid + "\\n");
      lock.release();`;
    const exits = await Promise.all(
      Array.from({ length: contenders }, () => new Promise<number | null>((done) => spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "inherit" }).on("exit", done))),
    );
    const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
    rmSync(log, { force: true });
    expect(exits).toEqual(Array(contenders).fill(0));
    return lines;
  }

  function expectExclusive(lines: string[], contenders: number): void {
    expect(lines).toHaveLength(2 * contenders);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^\+\d+$/);
      expect(lines[i + 1]).toBe(`-${lines[i].slice(1)}`);
    }
  }

  it("never lets two processes hold it when they race over an old empty lock", { timeout: 60_000 }, async () => {
    emptyLock(60_000);
    expectExclusive(await race(6), 6);
    expect(existsSync(lockPath())).toBe(false);
  });

});
