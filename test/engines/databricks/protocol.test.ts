import { afterEach, describe, expect, it } from "vitest";
import type { ResolvedTarget } from "../../../src/config/profiles.js";
import type { EngineAdapter } from "../../../src/engines/adapter.js";
import { connectDatabricks } from "../../../src/engines/databricks/adapter.js";
import { DatabricksQueryError } from "../../../src/engines/databricks/errors.js";
import { startDatabricksFake, type DatabricksFake, type StatementReply, type StatementRequest } from "../../fakes/databricks-thrift.js";

/**
 * Protocol tests: the real @databricks/sql, driven by the Databricks adapter, talks HTTPS +
 * Thrift to a small fake SQL warehouse on 127.0.0.1 that trusts nothing but a throwaway
 * certificate. They check what the adapter sends and how it handles replies; they run no SQL
 * and say nothing about Databricks' own behaviour.
 */

let fake: DatabricksFake | undefined;
let adapter: EngineAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

const ok = (): StatementReply => ({ affected: 0 });

function target(f: DatabricksFake, settings: Record<string, unknown>): ResolvedTarget {
  return {
    name: "lakehouse",
    engine: "databricks",
    database: "manufacturing",
    missingEnv: [],
    settings: {
      engine: "databricks",
      database: "manufacturing",
      host: f.host,
      port: f.port,
      httpPath: f.httpPath,
      caCertPath: f.caCertPath,
      retryDelayMinMs: 10,
      retryMaxAttempts: 3,
      ...settings,
    },
  };
}

async function connect(
  onStatement: (request: StatementRequest) => StatementReply,
  settings: Record<string, unknown> = { token: "dapi-not-a-real-token" },
  oauth?: { clientId: string; clientSecret: string; accessToken: string; expiresIn?: number },
) {
  fake = await startDatabricksFake({ onStatement, oauth });
  adapter = await connectDatabricks(target(fake, settings), { redact: (t) => t, runId: "run-42" });
  return { fake, adapter };
}

describe("Databricks adapter protocol (@databricks/sql against a local HTTPS Thrift fake)", () => {
  it("opens a session on the configured catalog and schema with the run's query tag, sending the token as a bearer", async () => {
    const { fake, adapter } = await connect(ok, { token: "dapi-not-a-real-token", schema: "staging" });
    await adapter.execute("SELECT 1");
    expect(fake.sessions).toHaveLength(1);
    expect(fake.sessions[0].catalog).toBe("manufacturing");
    expect(fake.sessions[0].schema).toBe("staging");
    expect(fake.sessions[0].configuration.QUERY_TAGS).toContain("sluice_run:run-42");
    expect(fake.calls.length).toBeGreaterThan(0);
    expect(fake.calls.every((c) => c.authorization === "Bearer dapi-not-a-real-token")).toBe(true);
  });

  it("OAuth M2M: fetches a token with the client credentials and uses it as the bearer", async () => {
    const { fake, adapter } = await connect(ok, { clientId: "sp-client-id", clientSecret: "sp-secret-value" }, {
      clientId: "sp-client-id",
      clientSecret: "sp-secret-value",
      accessToken: "m2m-access-token",
    });
    await adapter.execute("SELECT 1");
    expect(fake.tokenRequests).toHaveLength(1);
    expect(fake.tokenRequests[0].body).toContain("grant_type=client_credentials");
    expect(fake.tokenRequests[0].body).toContain("scope=all-apis");
    expect(fake.calls.every((c) => c.authorization === "Bearer m2m-access-token")).toBe(true);
  });

  it("OAuth M2M: asks for a new token when the current one is close to expiry", async () => {
    // The SDK renews a token within 5 minutes of its expiry; a 60-second token is always renewed.
    const { fake, adapter } = await connect(ok, { clientId: "sp-client-id", clientSecret: "sp-secret-value" }, {
      clientId: "sp-client-id",
      clientSecret: "sp-secret-value",
      accessToken: "short-lived-token",
      expiresIn: 60,
    });
    const before = fake.tokenRequests.length;
    await adapter.execute("SELECT 1");
    await adapter.execute("SELECT 2");
    expect(fake.tokenRequests.length).toBeGreaterThan(before);
  });

  it("sends SQL text, ordinal parameters and the action's query tag", async () => {
    const { fake, adapter } = await connect(ok);
    await adapter.execute("DELETE FROM t WHERE a = ? AND b = ? AND c = ?", { params: [7, "x'y", true], queryTag: "manufacturing.marts.t" });
    const sent = fake.statements.at(-1)!;
    expect(sent.statement).toBe("DELETE FROM t WHERE a = ? AND b = ? AND c = ?");
    // Ordinal parameters travel as TSparkParameter in marker order (no name, no ordinal field).
    expect(sent.parameters.map((p) => [p.name, p.type, p.value])).toEqual([
      [null, "INTEGER", "7"],
      [null, "STRING", "x'y"],
      [null, "BOOLEAN", "TRUE"],
    ]);
    expect(sent.confOverlay.query_tags).toBe("sluice_action:manufacturing.marts.t");
  });

  it("reports num_affected_rows of DML", async () => {
    const { adapter } = await connect((r) => (r.statement.startsWith("MERGE") ? { affected: 12 } : ok()));
    expect((await adapter.execute("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE")).rowsAffected).toBe(12);
  });

  it("fetches rows in chunks of chunkRows, one FetchResults round trip each", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: i, name: i % 5 === 0 ? null : `n${i}` }));
    const { fake, adapter } = await connect((r) => (r.statement.startsWith("SELECT") ? { rows } : ok()), {
      token: "dapi-not-a-real-token",
      chunkRows: 10,
    });
    const sizes: number[] = [];
    const seen: unknown[] = [];
    for await (const chunk of adapter.queryChunks("SELECT id, name FROM big")) {
      sizes.push(chunk.length);
      seen.push(...chunk);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(rows);
    // The SDK confirms the end of a column-based result with one more, empty, round trip.
    expect(fake.fetches).toEqual([10, 10, 10, 10]);
  });

  it("a SQL error is thrown once with its SQLSTATE, not retried, and is not transient", async () => {
    const { fake, adapter } = await connect((r) =>
      r.statement.startsWith("SELEC ") ? { error: { message: "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'", sqlState: "42601" } } : ok(),
    );
    const error = await adapter.execute("SELEC 1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabricksQueryError);
    expect((error as DatabricksQueryError).message).toContain("PARSE_SYNTAX_ERROR");
    expect((error as DatabricksQueryError).sqlState).toBe("42601");
    expect(adapter.isTransientError(error)).toBe(false);
    expect(fake.statements.filter((s) => s.statement === "SELEC 1")).toHaveLength(1);
  });

  it("a Delta concurrent-write conflict is transient (the runner retries it)", async () => {
    const { adapter } = await connect((r) =>
      r.statement.startsWith("MERGE")
        ? { error: { message: "[DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added to the root of the table by a concurrent update.", sqlState: "2D521" } }
        : ok(),
    );
    const error = await adapter.execute("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE").catch((e: unknown) => e);
    expect(adapter.isTransientError(error)).toBe(true);
  });

  it("HTTP 503 on a status poll is retried by the SDK; on ExecuteStatement it surfaces as transient without a resend", async () => {
    const { fake, adapter } = await connect((r) => (r.statement === "SELECT 1" ? { rows: [{ v: 1 }] } : ok()));
    fake.failNext({ method: "GetOperationStatus", status: 503, times: 1 });
    expect(await adapter.queryAll("SELECT 1")).toEqual([{ v: 1 }]);
    expect(fake.calls.filter((c) => c.method === "GetOperationStatus").length).toBeGreaterThanOrEqual(2);

    fake.failNext({ method: "ExecuteStatement", status: 503, times: 1 });
    const before = fake.calls.filter((c) => c.method === "ExecuteStatement").length;
    const error = await adapter.execute("INSERT INTO t SELECT 1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabricksQueryError);
    expect(adapter.isTransientError(error)).toBe(true);
    expect(fake.calls.filter((c) => c.method === "ExecuteStatement").length).toBe(before + 1);
  });

  it("cancel() sends CancelOperation for the statement in flight", async () => {
    const { fake, adapter } = await connect((r) => (r.statement.startsWith("OPTIMIZE") ? { runUntilCancelled: true } : ok()));
    const pending = adapter.execute("OPTIMIZE t ZORDER BY (a)").catch((e: unknown) => e);
    await waitFor(() => fake.calls.some((c) => c.method === "GetOperationStatus"));
    await adapter.cancel();
    const error = await pending;
    expect(fake.cancelled).toBe(1);
    expect(error).toBeInstanceOf(DatabricksQueryError);
    expect((error as DatabricksQueryError).cancelled).toBe(true);
    expect(adapter.isTransientError(error)).toBe(false);
  });

  it("transaction() runs the work without BEGIN/COMMIT (Delta has none) and empty statements are not sent", async () => {
    const { fake, adapter } = await connect(ok);
    await adapter.transaction(async () => {
      await adapter.execute(adapter.dialect.beginTransaction());
      await adapter.execute("INSERT INTO t SELECT 1");
      await adapter.execute(adapter.dialect.commit());
    });
    expect(fake.statements.map((s) => s.statement)).toEqual(["INSERT INTO t SELECT 1"]);
  });

  it("describes a relation from information_schema", async () => {
    const { adapter } = await connect((r) =>
      r.statement.includes("information_schema.tables")
        ? { rows: [{ table_type: "MANAGED", column_name: "id", full_data_type: "bigint" }, { table_type: "MANAGED", column_name: "name", full_data_type: "string" }] }
        : ok(),
    );
    expect(await adapter.describeRelation({ database: "manufacturing", schema: "marts", name: "t" })).toEqual({
      kind: "table",
      columns: [{ name: "id", type: "BIGINT" }, { name: "name", type: "STRING" }],
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
