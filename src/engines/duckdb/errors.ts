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

export function isTransientDuckDBError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  if (!message || STATEMENT_ERROR.test(message)) return false;
  return TRANSIENT.some((pattern) => pattern.test(message));
}
