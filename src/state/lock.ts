import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { SluiceError } from "../errors.js";

/**
 * One run at a time per project and profile: a lock file in the profile's data folder holding
 * the owner's pid and start time. A lock whose pid is dead (on this host) is stale and taken over.
 * A second run waits up to timeoutSeconds, then stops with a message naming the holder.
 */
export const RUN_LOCK_FILE = ".sluice-run.lock";

export interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
  profile: string;
  runId: string;
}

export interface RunLock {
  path: string;
  release(): void;
}

export interface AcquireLockOptions {
  dataDir: string;
  profile: string;
  runId: string;
  timeoutSeconds?: number;
  /** How often a waiting run looks again. */
  pollMs?: number;
}

export async function acquireRunLock(options: AcquireLockOptions): Promise<RunLock> {
  const path = join(options.dataDir, RUN_LOCK_FILE);
  mkdirSync(options.dataDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname(), profile: options.profile, runId: options.runId };
  const deadline = Date.now() + Math.max(0, options.timeoutSeconds ?? 0) * 1000;
  for (;;) {
    if (tryCreate(path, me)) return lockHandle(path, me);
    const holder = readHolder(path);
    if (holder === "gone") continue;
    if (!holder || isStale(holder)) {
      removeIfUnchanged(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SluiceError({
        code: "run-locked",
        message: `another sluice run holds the run lock for profile "${holder.profile}": pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}`,
        location: { file: path },
        hint: `wait for it to finish, or pass --lock-timeout SECONDS to wait for it; if pid ${holder.pid} is gone, delete ${path}`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 200, Math.max(10, deadline - Date.now()))));
  }
}

function tryCreate(path: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx"); // exclusive create: exactly one contender wins
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(me, null, 2) + "\n");
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): LockHolder | null | "gone" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return typeof parsed.pid === "number" ? (parsed as LockHolder) : null;
  } catch {
    // Half-written by a holder that is writing it right now: treat as held, look again soon.
    return { pid: -1, startedAt: "?", host: hostname(), profile: "?", runId: "?" };
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.pid === -1) return false;
  if (holder.host !== hostname()) return false; // cannot see another machine's processes
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function removeIfUnchanged(path: string, holder: LockHolder | null): void {
  const now = readHolder(path);
  if (now === "gone") return;
  if (holder && now && (now.pid !== holder.pid || now.runId !== holder.runId)) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function lockHandle(path: string, me: LockHolder): RunLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    const holder = readHolder(path);
    if (holder && holder !== "gone" && holder.runId === me.runId) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  // Even on process.exit() the lock goes with us.
  process.on("exit", release);
  return { path, release };
}
