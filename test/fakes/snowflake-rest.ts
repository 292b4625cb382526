import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * A small fake of Snowflake's REST protocol on 127.0.0.1, enough for snowflake-sdk pointed at it
 * through `accessUrl`: login, query-request (inline rows, rows in downloadable chunks, DML
 * counts, SQL errors, HTTP failures, queries still running), abort-request, logout.
 * It records every request so tests can check what the SDK sent. It runs no SQL: each query's
 * reply comes from the test's `onQuery`.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown> | undefined;
}

export interface QueryRequest {
  sqlText: string;
  /** Bindings as the SDK sends them: { "1": { type, value }, … }. */
  bindings?: Record<string, { type: string; value: unknown }>;
  parameters?: Record<string, unknown>;
  authorization: string | undefined;
}

export type QueryReply =
  | { rows: Array<Record<string, string | number | boolean | null>>; inlineRows?: number; chunkRows?: number }
  | { updated: number; kind?: "insert" | "update" | "delete" | "merge" }
  | { ddl: true }
  | { error: { code: string; message: string; sqlState: string } }
  /** Fail `times` HTTP requests with this status, then answer the SDK's retry with `then`. */
  | { httpStatus: number; times: number; then: QueryReply }
  /** Answer "still running" until the statement is aborted. */
  | { runUntilAborted: true };

export interface SnowflakeFake {
  url: string;
  requests: RecordedRequest[];
  queries: QueryRequest[];
  aborted: string[];
  close(): Promise<void>;
}

const SESSION_TOKEN = "fake-session-token";
const DML_TYPES = { insert: 0x3100, update: 0x3200, delete: 0x3300, merge: 0x3400 } as const;

export interface SnowflakeFakeOptions {
  /** Rejects a login: the reply's code and message go back as Snowflake's error body. */
  rejectLogin?: (data: Record<string, unknown>) => { code: string; message: string } | undefined;
}

export async function startSnowflakeFake(onQuery: (query: QueryRequest) => QueryReply, options: SnowflakeFakeOptions = {}): Promise<SnowflakeFake> {
  const requests: RecordedRequest[] = [];
  const queries: QueryRequest[] = [];
  const aborted: string[] = [];
  const chunks = new Map<string, string>();
  const running = new Map<string, { aborted: boolean }>();
  /** requestId → HTTP failures still to serve and the reply after them. */
  const httpFailures = new Map<string, { left: number; then: QueryReply }>();
  let nextQuery = 1;
  let baseUrl = "";

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const body = raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : undefined;
    requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body });
    const path = url.pathname;

    if (path === "/session/v1/login-request") {
      const rejected = options.rejectLogin?.((body?.data ?? {}) as Record<string, unknown>);
      if (rejected) return json(res, { success: false, code: rejected.code, message: rejected.message, data: { nextAction: "RETRY_LOGIN" } });
      return json(res, {
        success: true,
        code: null,
        message: null,
        data: {
          token: SESSION_TOKEN,
          masterToken: "fake-master-token",
          validityInSeconds: 3600,
          masterValidityInSeconds: 14400,
          sessionId: 1001,
          parameters: [],
          sessionInfo: {
            databaseName: url.searchParams.get("databaseName"),
            schemaName: url.searchParams.get("schemaName"),
            warehouseName: url.searchParams.get("warehouse"),
            roleName: url.searchParams.get("roleName"),
          },
        },
      });
    }
    if (path === "/queries/v1/query-request") {
      const query: QueryRequest = {
        sqlText: String(body?.sqlText ?? ""),
        bindings: body?.bindings as QueryRequest["bindings"],
        parameters: body?.parameters as QueryRequest["parameters"],
        authorization: req.headers.authorization,
      };
      const requestId = url.searchParams.get("requestId") ?? "";
      // The SDK retries a failed HTTP exchange with the same requestId.
      let reply = httpFailures.get(requestId)?.then ?? onQuery(query);
      if ("httpStatus" in reply) {
        httpFailures.set(requestId, { left: reply.times, then: reply.then });
        reply = reply.then;
      }
      const failing = httpFailures.get(requestId);
      if (failing && failing.left > 0) {
        failing.left--;
        res.writeHead(503).end("service unavailable");
        return;
      }
      queries.push(query);
      if ("httpStatus" in reply) throw new Error("nested httpStatus replies are not supported");
      const queryId = `01b0-fake-${nextQuery++}`;
      if ("runUntilAborted" in reply) {
        running.set(queryId, { aborted: false });
        return json(res, inProgress(queryId));
      }
      return json(res, result(queryId, reply));
    }
    const resultPath = /^\/queries\/([^/]+)\/result$/.exec(path);
    if (resultPath) {
      const state = running.get(resultPath[1]);
      if (!state) return json(res, { success: false, code: "000709", message: "unknown query", data: null });
      if (!state.aborted) {
        // Long-poll briefly, as Snowflake does, so the SDK does not spin.
        await new Promise((resolve) => setTimeout(resolve, 50));
        return json(res, inProgress(resultPath[1]));
      }
      return json(res, result(resultPath[1], { error: { code: "000604", message: "SQL execution canceled", sqlState: "57014" } }));
    }
    const abortPath = /^\/queries\/([^/]+)\/abort-request$/.exec(path);
    if (abortPath) {
      aborted.push(abortPath[1]);
      const state = running.get(abortPath[1]);
      if (state) state.aborted = true;
      return json(res, { success: true, code: null, message: null, data: null });
    }
    if (path.startsWith("/chunks/")) {
      const chunk = chunks.get(path);
      if (chunk === undefined) return void res.writeHead(404).end();
      // Cloud storage serves chunks as opaque bytes; the SDK parses them itself.
      res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(chunk);
      return;
    }
    // Logout (/session?delete=true), telemetry and anything else the SDK sends on the side.
    return json(res, { success: true, code: null, message: null, data: null });
  });

  function inProgress(queryId: string) {
    return { success: true, code: "333333", message: null, data: { queryId, getResultUrl: `/queries/${queryId}/result` } };
  }

  function result(queryId: string, reply: Exclude<QueryReply, { httpStatus: number } | { runUntilAborted: true }>) {
    if ("error" in reply) {
      return { success: false, code: reply.error.code, message: reply.error.message, data: { queryId, sqlState: reply.error.sqlState, errorCode: reply.error.code } };
    }
    if ("updated" in reply) {
      return success(queryId, [{ name: "number of rows affected", type: "fixed" }], [[String(reply.updated)]], [], DML_TYPES[reply.kind ?? "insert"]);
    }
    if ("ddl" in reply) {
      return success(queryId, [{ name: "status", type: "text" }], [["Statement executed successfully."]], [], 0x6000);
    }
    const names = reply.rows.length ? Object.keys(reply.rows[0]) : ["value"];
    const rowtype = names.map((name) => ({
      name,
      type: typeof reply.rows[0]?.[name] === "number" ? "fixed" : typeof reply.rows[0]?.[name] === "boolean" ? "boolean" : "text",
      scale: 0,
      precision: 38,
      nullable: true,
    }));
    const rowset = reply.rows.map((row) => names.map((name) => (row[name] === null ? null : String(row[name]))));
    const inline = reply.inlineRows ?? rowset.length;
    const chunkSize = reply.chunkRows ?? Math.max(1, rowset.length - inline);
    const chunkCfgs: Array<{ url: string; rowCount: number; uncompressedSize: number; compressedSize: number }> = [];
    for (let start = inline; start < rowset.length; start += chunkSize) {
      const part = rowset.slice(start, start + chunkSize);
      const path = `/chunks/${queryId}/${chunkCfgs.length}`;
      // Snowflake's JSON chunks are rows separated by commas, without the enclosing brackets.
      const text = part.map((row) => JSON.stringify(row)).join(",");
      chunks.set(path, text);
      chunkCfgs.push({ url: `${baseUrl}${path}`, rowCount: part.length, uncompressedSize: text.length, compressedSize: text.length });
    }
    return success(queryId, rowtype, rowset.slice(0, inline), chunkCfgs, 0x1000, rowset.length);
  }

  function success(queryId: string, rowtype: object[], rowset: unknown[][], chunkCfgs: object[], statementTypeId: number, total = rowset.length) {
    return {
      success: true,
      code: null,
      message: null,
      data: {
        queryId,
        rowtype,
        rowset,
        total,
        returned: total,
        queryResultFormat: "json",
        version: 1,
        statementTypeId,
        parameters: [],
        ...(chunkCfgs.length ? { chunks: chunkCfgs, chunkHeaders: {} } : {}),
      },
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    queries,
    aborted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts);
  return req.headers["content-encoding"] === "gzip" && raw.length ? gunzipSync(raw) : raw;
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(value));
}
