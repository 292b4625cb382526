import type { ResolvedTarget } from "../../config/profiles.js";
import { describeTarget, targetLocation } from "../../config/target-errors.js";
import { SluiceError } from "../../errors.js";

/**
 * DuckDB errors are plain Errors whose kind is only the message prefix ("Parser Error: …").
 * Statement errors never heal on retry; a lock held by another process or a write-write
 * conflict between connections can.
 */
const STATEMENT_ERROR = /^(Parser|Catalog|Binder|Conversion|Constraint|Invalid Input|Not implemented|Out of Range|Syntax|Dependency) Error/;

const TRANSIENT: RegExp[] = [
  /Could not set lock on file/i,
  /Conflicting lock is held/i,
  /write-write conflict/i,
  /Transaction conflict/i,
  /connection (was )?(closed|lost|reset)/i,
];

/** The code of a target whose database file another process holds (targetOpenError). */
export const TARGET_LOCKED = "target-locked";

export function isTransientDuckDBError(error: unknown): boolean {
  if (error instanceof SluiceError) return error.diagnostics.some((d) => d.code === TARGET_LOCKED);
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  if (!message || STATEMENT_ERROR.test(message)) return false;
  return TRANSIENT.some((pattern) => pattern.test(message));
}

/**
 * DuckDB's lock conflict, e.g. `IO Error: Could not set lock on file "/p/lakehouse.duckdb":
 * Conflicting lock is held in /usr/bin/node (PID 10490). See also …`: the file, and the holder when named.
 */
export function parseLockConflict(message: string): { file?: string; holder?: string; pid?: number } | undefined {
  if (!/Could not set lock on file|Conflicting lock is held/i.test(message)) return undefined;
  const file = /lock on file "([^"]+)"/i.exec(message)?.[1];
  const held = /lock is held in (.+?) \(PID (\d+)\)/i.exec(message);
  return { file, holder: held?.[1], pid: held ? Number(held[2]) : undefined };
}

/**
 * The error for a target whose database file cannot be opened. A lock held by another process
 * names the file and that process and stays transient (it heals once the other process ends).
 */
export function targetOpenError(target: ResolvedTarget, path: string, error: unknown, redact: (text: string) => string): unknown {
  if (error instanceof SluiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const location = targetLocation(target);
  const lock = parseLockConflict(message);
  if (lock) {
    const who = lock.pid !== undefined ? `process ${lock.pid}${lock.holder ? ` (${lock.holder})` : ""}` : "another process";
    return new SluiceError({
      code: TARGET_LOCKED,
      message: redact(`${describeTarget(target)} cannot open its database file ${lock.file ?? path}: ${who} holds its lock`),
      location,
      hint:
        `stop the other process${lock.pid !== undefined ? ` (PID ${lock.pid})` : ""}: another \`sluice\` command, or a DuckDB shell or notebook with the file open; ` +
        "or wait until it ends and run again (`sluice query` also holds the file while it runs)",
    });
  }
  return new SluiceError({
    code: "target-open",
    message: redact(`${describeTarget(target)} cannot open its database file ${path}: ${message}`),
    location,
  });
}
