/**
 * Errors leaving the Snowflake adapter: the message is redacted, the kind is decided once here
 * (transient or not, cancelled or not), and nothing from the SDK error (request bodies,
 * responses) rides along, since those can carry credentials.
 */
export class SnowflakeQueryError extends Error {
  override readonly name = "SnowflakeQueryError";
  readonly engine = "snowflake";
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly sqlState: string | undefined,
    readonly queryId: string | undefined,
    readonly transient: boolean,
    readonly cancelled: boolean,
  ) {
    super(message);
  }
}

/** SDK codes for a failed or dropped HTTP exchange (after the SDK's own retries). */
const NETWORK_CODES = new Set(["401001", "401002", "402001", "402002", "407002"]);
const ERRNO_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/**
 * Server codes worth a retry: 000625 = too many statements waiting for a table lock held by
 * another transaction. A statement that fails on its own SQL never is.
 */
const TRANSIENT_SERVER_CODES = new Set(["000625"]);
/** 000604 = SQL execution cancelled (our own cancel(), or an administrator's). */
const CANCELLED_CODES = new Set(["000604", "604"]);

interface ErrorFields {
  message?: unknown;
  code?: unknown;
  sqlState?: unknown;
  data?: { queryId?: unknown } | null;
}

function fields(error: unknown): ErrorFields {
  return typeof error === "object" && error !== null ? (error as ErrorFields) : { message: String(error) };
}

export function toSnowflakeError(error: unknown, redact: (text: string) => string, queryId?: string): SnowflakeQueryError {
  if (error instanceof SnowflakeQueryError) return error;
  const f = fields(error);
  const code = f.code === undefined || f.code === null ? undefined : String(f.code);
  const sqlState = typeof f.sqlState === "string" ? f.sqlState : undefined;
  const id = typeof f.data?.queryId === "string" ? f.data.queryId : queryId;
  const cancelled = code !== undefined && CANCELLED_CODES.has(code);
  const transient =
    !cancelled &&
    ((code !== undefined && (NETWORK_CODES.has(code) || ERRNO_CODES.has(code) || TRANSIENT_SERVER_CODES.has(code))) ||
      (sqlState !== undefined && sqlState.startsWith("08")));
  const text = typeof f.message === "string" ? f.message : String(error);
  const prefix = code ? `Snowflake error ${code}${sqlState ? ` (SQLSTATE ${sqlState})` : ""}: ` : "Snowflake error: ";
  return new SnowflakeQueryError(redact(prefix + text), code, sqlState, id, transient, cancelled);
}
