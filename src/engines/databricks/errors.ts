/**
 * Errors leaving the Databricks adapter: the message is redacted, the kind is decided once here
 * (transient or not, cancelled or not), and nothing from the SDK error (HTTP responses,
 * request options) rides along, since those can carry the token.
 */
export class DatabricksQueryError extends Error {
  override readonly name = "DatabricksQueryError";
  readonly engine = "databricks";
  constructor(
    message: string,
    readonly sqlState: string | undefined,
    readonly transient: boolean,
    readonly cancelled: boolean,
  ) {
    super(message);
  }
}

const ERRNO_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** HTTP statuses of a warehouse that is starting, overloaded or briefly unreachable. */
const TRANSIENT_HTTP = new Set([429, 502, 503, 504]);
/**
 * Delta's optimistic concurrency conflicts: another writer committed first and the statement
 * is safe to run again. Named by error class (Databricks) and by exception (older runtimes).
 */
const DELTA_CONFLICT =
  /DELTA_CONCURRENT_|DELTA_METADATA_CHANGED|Concurrent(Append|DeleteRead|DeleteDelete|Transaction)Exception|MetadataChangedException|ProtocolChangedException/;

interface SdkErrorFields {
  message?: unknown;
  name?: unknown;
  code?: unknown;
  errorCode?: unknown;
  statusCode?: unknown;
  response?: { sqlState?: unknown; errorMessage?: unknown; displayMessage?: unknown } | null;
  payload?: unknown;
}

function fields(error: unknown): SdkErrorFields {
  return typeof error === "object" && error !== null ? (error as SdkErrorFields) : { message: String(error) };
}

export function toDatabricksError(error: unknown, redact: (text: string) => string): DatabricksQueryError {
  if (error instanceof DatabricksQueryError) return error;
  const f = fields(error);
  const name = typeof f.name === "string" ? f.name : "";
  const message = typeof f.message === "string" ? f.message : String(error);
  // OperationStateError keeps the server's full text in response.errorMessage.
  const detail = typeof f.response?.errorMessage === "string" ? f.response.errorMessage : undefined;
  const sqlState = typeof f.response?.sqlState === "string" ? f.response.sqlState : undefined;
  const text = detail && !message.includes(detail) ? `${message}: ${detail}` : message;
  const cancelled = f.errorCode === "CANCELED" || /operation was canceled/i.test(message);
  const transient =
    !cancelled &&
    (name === "RetryError" ||
      (typeof f.code === "string" && ERRNO_CODES.has(f.code)) ||
      (typeof f.statusCode === "number" && TRANSIENT_HTTP.has(f.statusCode)) ||
      DELTA_CONFLICT.test(text) ||
      (sqlState !== undefined && sqlState.startsWith("08")));
  const prefix = sqlState ? `Databricks error (SQLSTATE ${sqlState}): ` : "Databricks error: ";
  return new DatabricksQueryError(redact(prefix + text), sqlState, transient, cancelled);
}
