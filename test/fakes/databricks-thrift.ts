import { createRequire } from "node:module";
import { createServer, type Server } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes, randomUUID } from "node:crypto";
import { thrift as generated } from "@databricks/sql";
import { loopbackCertificate } from "./tls.js";

/**
 * A small fake of a Databricks SQL warehouse on 127.0.0.1: HTTPS (self-signed certificate),
 * Thrift binary protocol over HTTP POST at the warehouse's HTTP path, decoded and encoded with
 * the TCLIService code that ships in @databricks/sql, plus the workspace's OAuth token endpoint.
 * It answers OpenSession, ExecuteStatement, GetOperationStatus, GetResultSetMetadata,
 * FetchResults (column-based pages), CancelOperation, CloseOperation and CloseSession, and records
 * every call so tests can check what the SDK sent. It runs no SQL: replies come from `onStatement`.
 */

const require = createRequire(import.meta.url);

interface ThriftTransport {
  commitPosition(): void;
}
interface ThriftRuntime {
  TBufferedTransport: {
    new (buffer: undefined, onFlush: (buf: Buffer) => void): ThriftTransport;
    receiver(callback: (transport: ThriftTransport) => void): (data: Buffer) => void;
  };
  TBinaryProtocol: new (transport: ThriftTransport) => object;
}
const thriftRuntime = require("thrift") as ThriftRuntime;
const Int64 = require("node-int64") as new (value: number) => { toNumber(): number };

const T = generated.TCLIService_types;
const SUCCESS = { statusCode: T.TStatusCode.SUCCESS_STATUS };

export type CellValue = string | number | boolean | null;

export interface StatementRequest {
  statement: string;
  /** Ordinal parameters as sent: [{ ordinal, type, value }]. */
  parameters: Array<{ ordinal: number | null; name: string | null; type: string | null; value: string | null }>;
  /** Per-statement conf overlay; query tags arrive under "query_tags". */
  confOverlay: Record<string, string>;
}

export type StatementReply =
  | { rows: Array<Record<string, CellValue>> }
  | { affected: number }
  | { error: { message: string; sqlState: string } }
  | { runUntilCancelled: true };

export interface ThriftCall {
  method: string;
  authorization: string | undefined;
}

export interface HttpFailure {
  /** Thrift method whose next `times` calls get this HTTP status. */
  method: string;
  status: number;
  times: number;
}

export interface DatabricksFake {
  host: string;
  port: number;
  httpPath: string;
  caCertPath: string;
  calls: ThriftCall[];
  sessions: Array<{ catalog: string | null; schema: string | null; configuration: Record<string, string> }>;
  statements: StatementRequest[];
  fetches: number[];
  cancelled: number;
  tokenRequests: Array<{ authorization: string | undefined; body: string }>;
  failNext(failure: HttpFailure): void;
  close(): Promise<void>;
}

interface OperationState {
  reply: StatementReply;
  cancelled: boolean;
  columns: string[];
  rows: CellValue[][];
  offset: number;
}

export async function startDatabricksFake(options: {
  onStatement: (request: StatementRequest) => StatementReply;
  /** Access token the OAuth endpoint issues for the accepted client id/secret. */
  oauth?: { clientId: string; clientSecret: string; accessToken: string; expiresIn?: number };
}): Promise<DatabricksFake> {
  const httpPath = "/sql/1.0/warehouses/fake123";
  const certificate = loopbackCertificate();
  const operations = new Map<string, OperationState>();
  const failures: HttpFailure[] = [];
  const fake = {
    calls: [] as ThriftCall[],
    sessions: [] as DatabricksFake["sessions"],
    statements: [] as StatementRequest[],
    fetches: [] as number[],
    cancelled: 0,
    tokenRequests: [] as DatabricksFake["tokenRequests"],
  };

  const handle = (id: { guid: Buffer }) => operations.get(id.guid.toString("hex"))!;
  // The SDK prints handles as UUIDs and rejects bytes that are not a valid one.
  const newHandle = () => ({ guid: Buffer.from(randomUUID().replace(/-/g, ""), "hex"), secret: randomBytes(16) });

  const handler = {
    OpenSession(req: { initialNamespace?: { catalogName?: string; schemaName?: string } | null; configuration?: Record<string, string> | null }) {
      fake.sessions.push({
        catalog: req.initialNamespace?.catalogName ?? null,
        schema: req.initialNamespace?.schemaName ?? null,
        configuration: req.configuration ?? {},
      });
      return new T.TOpenSessionResp({
        status: SUCCESS,
        serverProtocolVersion: T.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8,
        sessionHandle: { sessionId: newHandle() },
      });
    },
    ExecuteStatement(req: { statement: string; parameters?: Array<{ ordinal?: number | null; name?: string | null; type?: string | null; value?: { stringValue?: string | null } | null }> | null; confOverlay?: Record<string, string> | null }) {
      const request: StatementRequest = {
        statement: req.statement,
        parameters: (req.parameters ?? []).map((p) => ({ ordinal: p.ordinal ?? null, name: p.name ?? null, type: p.type ?? null, value: p.value?.stringValue ?? null })),
        confOverlay: req.confOverlay ?? {},
      };
      fake.statements.push(request);
      const reply = options.onStatement(request);
      const id = newHandle();
      const table = "rows" in reply ? reply.rows : "affected" in reply ? [{ num_affected_rows: reply.affected, num_inserted_rows: reply.affected }] : [];
      const columns = table.length ? Object.keys(table[0]) : [];
      operations.set(id.guid.toString("hex"), { reply, cancelled: false, columns, rows: table.map((row) => columns.map((c) => row[c])), offset: 0 });
      return new T.TExecuteStatementResp({
        status: SUCCESS,
        operationHandle: { operationId: id, operationType: T.TOperationType.EXECUTE_STATEMENT, hasResultSet: columns.length > 0 },
      });
    },
    GetOperationStatus(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      const op = handle(req.operationHandle.operationId);
      if ("error" in op.reply) {
        return new T.TGetOperationStatusResp({
          status: SUCCESS,
          operationState: T.TOperationState.ERROR_STATE,
          sqlState: op.reply.error.sqlState,
          errorMessage: op.reply.error.message,
          displayMessage: op.reply.error.message,
        });
      }
      const state = op.cancelled
        ? T.TOperationState.CANCELED_STATE
        : "runUntilCancelled" in op.reply
          ? T.TOperationState.RUNNING_STATE
          : T.TOperationState.FINISHED_STATE;
      return new T.TGetOperationStatusResp({ status: SUCCESS, operationState: state, hasResultSet: op.columns.length > 0 });
    },
    GetResultSetMetadata(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      const op = handle(req.operationHandle.operationId);
      return new T.TGetResultSetMetadataResp({
        status: SUCCESS,
        // Databricks-specific: the SDK picks its result decoder by this field.
        resultFormat: T.TSparkRowSetType.COLUMN_BASED_SET,
        schema: {
          columns: op.columns.map((name, i) => ({
            columnName: name,
            position: i + 1,
            typeDesc: { types: [{ primitiveEntry: { type: typeOf(op.rows[0]?.[i]) } }] },
          })),
        },
      });
    },
    FetchResults(req: { operationHandle: { operationId: { guid: Buffer } }; maxRows: { toNumber(): number } }) {
      const op = handle(req.operationHandle.operationId);
      const maxRows = req.maxRows.toNumber();
      fake.fetches.push(maxRows);
      const page = op.rows.slice(op.offset, op.offset + maxRows);
      const start = op.offset;
      op.offset += page.length;
      return new T.TFetchResultsResp({
        status: SUCCESS,
        hasMoreRows: op.offset < op.rows.length,
        results: { startRowOffset: new Int64(start), rows: [], columns: op.columns.map((_, i) => column(page.map((row) => row[i]), typeOf(op.rows[0]?.[i]))) },
      });
    },
    CancelOperation(req: { operationHandle: { operationId: { guid: Buffer } } }) {
      handle(req.operationHandle.operationId).cancelled = true;
      fake.cancelled++;
      return new T.TCancelOperationResp({ status: SUCCESS });
    },
    // Every handler takes exactly one argument: the generated Processor then treats its return
    // value as the reply (with two, it would wait for a callback).
    CloseOperation(_req: unknown) {
      return new T.TCloseOperationResp({ status: SUCCESS });
    },
    CloseSession(_req: unknown) {
      return new T.TCloseSessionResp({ status: SUCCESS });
    },
  };
  const processor = new generated.TCLIService.Processor(handler as never);

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts);
    const path = new URL(req.url ?? "/", "https://127.0.0.1").pathname;

    if (path === "/oidc/v1/token" && req.method === "POST") {
      fake.tokenRequests.push({ authorization: req.headers.authorization, body: body.toString("utf8") });
      const expected = options.oauth && `Basic ${Buffer.from(`${options.oauth.clientId}:${options.oauth.clientSecret}`).toString("base64")}`;
      if (!expected || req.headers.authorization !== expected) return void res.writeHead(401).end('{"error":"invalid_client"}');
      res.writeHead(200, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ access_token: options.oauth!.accessToken, token_type: "Bearer", expires_in: options.oauth!.expiresIn ?? 3600 }));
    }
    if (path !== httpPath || req.method !== "POST") return void res.writeHead(404).end();

    const method = thriftMethod(body);
    fake.calls.push({ method, authorization: header(req.headers, "authorization") });
    const failure = failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times--;
      return void res.writeHead(failure.status).end();
    }
    thriftRuntime.TBufferedTransport.receiver((input) => {
      const output = new thriftRuntime.TBufferedTransport(undefined, (buf) => {
        res.writeHead(200, { "Content-Type": "application/x-thrift" });
        res.end(buf);
      });
      (processor as unknown as { process(i: object, o: object): void }).process(
        new thriftRuntime.TBinaryProtocol(input),
        new thriftRuntime.TBinaryProtocol(output),
      );
      input.commitPosition();
    })(body);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(fake, {
    host: "127.0.0.1",
    port,
    httpPath,
    caCertPath: certificate.certPath,
    failNext: (failure: HttpFailure) => void failures.push({ ...failure }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** The method name from a strict TBinaryProtocol message header: version, name length, name. */
function thriftMethod(body: Buffer): string {
  if (body.length < 8) return "";
  const length = body.readInt32BE(4);
  return body.subarray(8, 8 + length).toString("utf8");
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function typeOf(value: CellValue | undefined): number {
  if (typeof value === "number") return Number.isInteger(value) ? T.TTypeId.BIGINT_TYPE : T.TTypeId.DOUBLE_TYPE;
  if (typeof value === "boolean") return T.TTypeId.BOOLEAN_TYPE;
  return T.TTypeId.STRING_TYPE;
}

/** A Thrift column: values plus a null bitmap (bit i set = row i is NULL). */
function column(values: CellValue[], type: number) {
  const nulls = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null || v === undefined) nulls[i >> 3] |= 1 << (i & 7);
  });
  if (type === T.TTypeId.BIGINT_TYPE) return { i64Val: { values: values.map((v) => new Int64(typeof v === "number" ? v : 0)), nulls } };
  if (type === T.TTypeId.DOUBLE_TYPE) return { doubleVal: { values: values.map((v) => (typeof v === "number" ? v : 0)), nulls } };
  if (type === T.TTypeId.BOOLEAN_TYPE) return { boolVal: { values: values.map((v) => v === true), nulls } };
  return { stringVal: { values: values.map((v) => (v === null ? "" : String(v))), nulls } };
}
