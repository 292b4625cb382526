import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The run lock: at most one run writes to a project's targets at a time, across processes.
 * Injected into the scheduler so tests (and a runner with its own lock) can supply another.
 */
export interface RunLock {
  /** Takes the lock, or returns undefined at once when another run holds it. */
  tryAcquire(): Promise<(() => Promise<void>) | undefined>;
}

/**
 * A lock file created with O_EXCL ("wx"), holding the owner's pid. Creating a file exclusively is
 * atomic on local file systems, so two processes never both succeed. A lock left by a process that
 * died (its pid no longer exists) is taken over, so a crash does not block scheduling forever.
 */
export function fileRunLock(file: string): RunLock {
  return {
    async tryAcquire() {
      mkdirSync(dirname(file), { recursive: true });
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const fd = openSync(file, "wx");
          writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
          closeSync(fd);
          let released = false;
          return async () => {
            if (released) return;
            released = true;
            rmSync(file, { force: true });
          };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          if (!isStale(file)) return undefined;
          rmSync(file, { force: true });
        }
      }
      return undefined;
    },
  };
}

function isStale(file: string): boolean {
  let pid: unknown;
  try {
    pid = (JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown }).pid;
  } catch {
    // Being written right now, or unreadable: treat as held rather than risk two writers.
    return false;
  }
  if (typeof pid !== "number" || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** An in-process lock, for tests and for callers whose runner already locks across processes. */
export function memoryRunLock(): RunLock {
  let held = false;
  return {
    async tryAcquire() {
      if (held) return undefined;
      held = true;
      return async () => {
        held = false;
      };
    },
  };
}
