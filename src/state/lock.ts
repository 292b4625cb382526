import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { SluiceError } from "../errors.js";

/**
 * One run at a time per project and profile: a lock file in the profile's data folder holding
 * the owner's pid and start time. A lock whose pid is dead (on this host) is stale and taken over.
 * A second run waits up to timeoutSeconds, then stops with a message naming the holder.
 *
 * The file appears with its whole content or not at all: the content is written to a private
 * temporary file that is then hard-linked into place (link fails if the lock exists, so exactly
 * one contender wins). An empty or unparsable lock file can then only be left by a crash of an
 * older Sluice, by a crash where links are unsupported (see tryCreateWithoutLinks) or by hand;
 * once older than UNREADABLE_STALE_MS it is stale too.
 *
 * Taking over a stale lock is the only way a lock file another process made gets removed, and
 * takeovers go one at a time through a guard file (see takeOver): a contender that judged the
 * lock stale checks, under the guard, that the file is still the one it judged before deleting
 * it. Creating a lock never replaces a file, and only the holder removes a live lock, so nothing
 * else can put a new lock in place between that check and the delete.
 */
export const RUN_LOCK_FILE = ".sluice-run.lock";

/** How old an empty or unreadable lock file must be before it is treated as stale. */
export const UNREADABLE_STALE_MS = 5_000;

/** A takeover guard this old was left by a process that crashed while taking a lock over. */
export const TAKEOVER_GUARD_STALE_MS = 10_000;

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
  /** Told when a stale lock is taken over, and why. */
  log?: (message: string) => void;
}

/** What was read from the lock file, tied to the file it was read from (its inode). */
interface LockSnapshot {
  ino: number;
  text: string;
  /** Parsed content; undefined when the file is empty or not a lock holder. */
  holder?: LockHolder;
  ageMs: number;
}

export async function acquireRunLock(options: AcquireLockOptions): Promise<RunLock> {
  const path = join(options.dataDir, RUN_LOCK_FILE);
  mkdirSync(options.dataDir, { recursive: true });
  const me: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname(), profile: options.profile, runId: options.runId };
  const started = Date.now();
  const deadline = started + Math.max(0, options.timeoutSeconds ?? 0) * 1000;
  for (;;) {
    if (tryCreate(path, me)) return lockHandle(path, me);
    const seen = readLock(path);
    if (!seen) continue; // released between our attempt and the read
    const stale = staleReason(seen);
    if (stale) {
      if (takeOver(path, seen)) {
        options.log?.(`taking over the run lock ${path}: ${stale}`);
        continue;
      }
      // Another contender is taking it over (a moment's work), or crashed doing so: its guard is
      // cleared once stale, so waiting that long always ends, whatever the timeout.
      if (Date.now() >= Math.max(deadline, started + TAKEOVER_GUARD_STALE_MS + 1_000)) throw takeoverBusyError(path);
      await sleep(Math.min(options.pollMs ?? 200, 10));
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(path, seen);
    await sleep(Math.min(options.pollMs ?? 200, Math.max(10, deadline - Date.now())));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tryCreate(path: string, me: LockHolder): boolean {
  const content = JSON.stringify(me, null, 2) + "\n";
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temporary, content, { flag: "wx" });
  try {
    linkSync(temporary, path); // atomic create-if-absent, with the full content already in place
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS") return tryCreateWithoutLinks(path, content);
    throw error;
  } finally {
    unlinkQuietly(temporary);
  }
}

/**
 * For file systems without hard links (some FUSE mounts): exclusive create, then write. A crash
 * in between leaves an empty file, which is stale after UNREADABLE_STALE_MS.
 */
function tryCreateWithoutLinks(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock file's content and identity, read through one descriptor so both describe the same file; null when there is none. */
function readLock(path: string): LockSnapshot | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    const text = readFileSync(fd, "utf8");
    const holder = parseHolder(text);
    return { ino: stats.ino, text, ageMs: Date.now() - stats.mtimeMs, ...(holder ? { holder } : {}) };
  } finally {
    closeSync(fd);
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { pid, startedAt, host, profile, runId } = parsed as Record<string, unknown>;
    if (typeof pid !== "number") return undefined;
    const field = (value: unknown) => (typeof value === "string" ? value : "?");
    return { pid, startedAt: field(startedAt), host: field(host), profile: field(profile), runId: field(runId) };
  } catch {
    return undefined;
  }
}

/** Why the lock may be taken over, or undefined while it is held. */
function staleReason(seen: LockSnapshot): string | undefined {
  if (!seen.holder) {
    return seen.ageMs >= UNREADABLE_STALE_MS
      ? `the lock file is ${seen.text.trim() ? "unreadable" : "empty"} and ${Math.round(seen.ageMs / 1000)} s old (left by a run that crashed while taking it)`
      : undefined;
  }
  const { pid, host } = seen.holder;
  if (host !== hostname()) return undefined; // cannot see another machine's processes
  try {
    process.kill(pid, 0);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? `pid ${pid}, which held it, is gone` : undefined;
  }
}

/**
 * Deletes the lock file if it is still the stale one judged (same inode and content), holding the
 * takeover guard so that no other contender deletes a lock in between: two contenders that judged
 * the same stale lock cannot both delete "it" when the second one would in fact delete the first
 * one's fresh lock. Returns false when the guard is busy or the file changed.
 */
function takeOver(path: string, judged: LockSnapshot): boolean {
  const guard = `${path}.takeover`;
  if (!tryCreateGuard(guard)) return false;
  try {
    const now = readLock(path);
    if (!now || now.ino !== judged.ino || now.text !== judged.text) return false;
    unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

/** Exclusive create of the (empty) guard file; a guard left by a crash is removed once old. */
function tryCreateGuard(guard: string): boolean {
  try {
    closeSync(openSync(guard, "wx"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  try {
    if (Date.now() - statSync(guard).mtimeMs >= TAKEOVER_GUARD_STALE_MS) unlinkQuietly(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return false;
}

function takeoverBusyError(path: string): SluiceError {
  return new SluiceError({
    code: "run-locked",
    message: `the run lock is stale but another process kept its takeover guard ${path}.takeover for ${TAKEOVER_GUARD_STALE_MS / 1000} s`,
    location: { file: path },
    hint: `if no other sluice run is starting, delete ${path}.takeover`,
  });
}

function lockedError(path: string, seen: LockSnapshot): SluiceError {
  const holder = seen.holder;
  if (!holder) {
    return new SluiceError({
      code: "run-locked",
      message: `the run lock file is ${seen.text.trim() ? "unreadable" : "empty"}: another sluice run may be taking it right now`,
      location: { file: path },
      hint: `it is treated as stale once ${UNREADABLE_STALE_MS / 1000} s old; pass --lock-timeout SECONDS to wait for that`,
    });
  }
  return new SluiceError({
    code: "run-locked",
    message: `another sluice run holds the run lock for profile "${holder.profile}": pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}`,
    location: { file: path },
    hint: `wait for it to finish, or pass --lock-timeout SECONDS to wait for it; if pid ${holder.pid} is gone, delete ${path}`,
  });
}

function lockHandle(path: string, me: LockHolder): RunLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      // Only the holder removes a live lock (takeovers need a dead pid), so reading then deleting is safe.
      const seen = readLock(path);
      if (seen?.holder?.runId === me.runId && seen.holder.pid === me.pid) unlinkQuietly(path);
    } catch {
      // Nothing to do about it on the way out; a lock left behind is stale once this pid is gone.
    }
  };
  // Even on process.exit() the lock goes with us.
  process.on("exit", release);
  return { path, release };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
