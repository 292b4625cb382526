import { createHash, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ResolvedTarget } from "../../../src/config/profiles.js";
import type { EngineAdapter } from "../../../src/engines/adapter.js";
import { connectSnowflake } from "../../../src/engines/snowflake/adapter.js";
import { SnowflakeQueryError } from "../../../src/engines/snowflake/errors.js";
import { startSnowflakeFake, type QueryReply, type QueryRequest, type SnowflakeFake } from "../../fakes/snowflake-rest.js";

/**
 * Protocol tests: the real snowflake-sdk, driven by the Snowflake adapter, talks to a small fake
 * of Snowflake's REST protocol on 127.0.0.1. They check what the adapter sends and how it
 * handles replies; they run no SQL and say nothing about Snowflake's own behaviour.
 */

let fake: SnowflakeFake | undefined;
let adapter: EngineAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

function target(fakeUrl: string, settings: Record<string, unknown>): ResolvedTarget {
  return {
    name: "warehouse",
    engine: "snowflake",
    database: "MANUFACTURING",
    missingEnv: [],
    settings: {
      engine: "snowflake",
      database: "MANUFACTURING",
      account: "acme-prod",
      username: "SLUICE_SVC",
      warehouse: "TRANSFORMING",
      role: "SLUICE_TRANSFORMER",
      accessUrl: fakeUrl,
      ...settings,
    },
  };
}

const plainRedact = (text: string) => text;

async function connect(
  onQuery: (query: QueryRequest) => QueryReply,
  settings: Record<string, unknown> = { authenticator: "SNOWFLAKE", password: "pw-not-a-real-one" },
  runId = "run-42",
) {
  fake = await startSnowflakeFake(onQuery);
  adapter = await connectSnowflake(target(fake.url, settings), { redact: plainRedact, runId });
  return { fake, adapter };
}

const ok = (): QueryReply => ({ ddl: true });

function loginBody(f: SnowflakeFake): Record<string, unknown> {
  const login = f.requests.find((r) => r.path === "/session/v1/login-request");
  expect(login).toBeDefined();
  return (login!.body as { data: Record<string, unknown> }).data;
}

function decodeJwt(jwt: string) {
  const [header, payload, signature] = jwt.split(".");
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  return { header: decode(header), payload: decode(payload), signed: `${header}.${payload}`, signature: Buffer.from(signature, "base64url") };
}

describe("Snowflake adapter protocol (snowflake-sdk against a local REST fake)", () => {
  it("password login sends account, user, password, warehouse, database and role; queries carry the session token", async () => {
    const { fake, adapter } = await connect(ok);
    const data = loginBody(fake);
    expect(data.ACCOUNT_NAME).toBe("acme-prod");
    expect(data.LOGIN_NAME).toBe("SLUICE_SVC");
    expect(data.PASSWORD).toBe("pw-not-a-real-one");
    const login = fake.requests.find((r) => r.path === "/session/v1/login-request")!;
    expect(login.query.get("warehouse")).toBe("TRANSFORMING");
    expect(login.query.get("databaseName")).toBe("MANUFACTURING");
    expect(login.query.get("roleName")).toBe("SLUICE_TRANSFORMER");
    await adapter.execute("SELECT 1");
    expect(fake.queries.every((q) => q.authorization === 'Snowflake Token="fake-session-token"')).toBe(true);
  });

  it("key-pair login sends a JWT signed by the private key with Snowflake's iss/sub claims", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-sf-key-"));
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const keyPath = join(dir, "rsa_key.p8");
    writeFileSync(keyPath, privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "key-passphrase-1" }));
    const { fake } = await connect(ok, { authenticator: "SNOWFLAKE_JWT", privateKeyPath: keyPath, privateKeyPassphrase: "key-passphrase-1" });
    const data = loginBody(fake);
    expect(data.AUTHENTICATOR).toBe("SNOWFLAKE_JWT");
    expect(data.PASSWORD).toBeUndefined();
    const jwt = decodeJwt(String(data.TOKEN));
    expect(jwt.header.alg).toBe("RS256");
    const fingerprint = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("base64");
    expect(jwt.payload.iss).toBe(`ACME-PROD.SLUICE_SVC.SHA256:${fingerprint}`);
    expect(jwt.payload.sub).toBe("ACME-PROD.SLUICE_SVC");
    expect(jwt.payload.exp).toBeGreaterThan(jwt.payload.iat);
    expect(verify("sha256", Buffer.from(jwt.signed), publicKey, jwt.signature)).toBe(true);
  });

  it("OAuth login sends the token with the OAUTH authenticator", async () => {
    const { fake } = await connect(ok, { authenticator: "OAUTH", token: "oauth-access-token-1" });
    const data = loginBody(fake);
    expect(data.AUTHENTICATOR).toBe("OAUTH");
    expect(data.TOKEN).toBe("oauth-access-token-1");
    expect(data.PASSWORD).toBeUndefined();
  });

  it("a rejected login fails connect (snowflake-sdk's connectAsync would resolve here)", async () => {
    fake = await startSnowflakeFake(ok, { rejectLogin: () => ({ code: "390100", message: "Incorrect username or password was specified." }) });
    const error = await connectSnowflake(target(fake.url, { authenticator: "SNOWFLAKE", password: "wrong-password" }), { redact: plainRedact }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnowflakeQueryError);
    expect((error as SnowflakeQueryError).code).toBe("390100");
    expect((error as SnowflakeQueryError).transient).toBe(false);
    expect(fake.queries).toHaveLength(0);
  });

  it("sets QUERY_TAG per run at connect and per action only when the action changes", async () => {
    const { fake, adapter } = await connect(ok);
    await adapter.execute("INSERT INTO a SELECT 1", { queryTag: "db.s.a" });
    await adapter.execute("INSERT INTO a SELECT 2", { queryTag: "db.s.a" });
    await adapter.execute("INSERT INTO b SELECT 1", { queryTag: "db.s.b" });
    expect(fake.queries.map((q) => q.sqlText)).toEqual([
      `ALTER SESSION SET QUERY_TAG = '{"app":"sluice","run":"run-42"}'`,
      `ALTER SESSION SET QUERY_TAG = '{"app":"sluice","run":"run-42","action":"db.s.a"}'`,
      "INSERT INTO a SELECT 1",
      "INSERT INTO a SELECT 2",
      `ALTER SESSION SET QUERY_TAG = '{"app":"sluice","run":"run-42","action":"db.s.b"}'`,
      "INSERT INTO b SELECT 1",
    ]);
  });

  it("sends positional parameters as typed binds and reports DML row counts", async () => {
    const { fake, adapter } = await connect((q) => (q.sqlText.startsWith("DELETE") ? { updated: 3, kind: "delete" } : ok()));
    const result = await adapter.execute("DELETE FROM t WHERE a = ? AND b = ? AND c IS NOT DISTINCT FROM ? AND d = ?", {
      params: [7, "x'y", null, true],
    });
    expect(result.rowsAffected).toBe(3);
    expect(fake.queries.at(-1)!.bindings).toEqual({
      "1": { type: "FIXED", value: "7" },
      "2": { type: "TEXT", value: "x'y" },
      "3": { type: "TEXT", value: null },
      "4": { type: "BOOLEAN", value: "true" },
    });
  });

  it("runs the statements of a multi-statement template (`;;` lines) one by one", async () => {
    const { fake, adapter } = await connect((q) => (q.sqlText.startsWith("DELETE") ? { updated: 2, kind: "delete" } : q.sqlText.startsWith("INSERT") ? { updated: 5 } : ok()));
    const [del, ins] = adapter.dialect.partitionOverwrite({
      target: { database: "M", schema: "S", name: "T" },
      source: { database: "M", schema: "S", name: "T_NEW" },
      partitionBy: ["day"],
      columns: ["day", "v"],
    });
    const result = await adapter.execute(`${del}\n;;\n${ins}`);
    expect(fake.queries.slice(-2).map((q) => q.sqlText)).toEqual([del, ins]);
    expect(result.rowsAffected).toBe(7);
  });

  it("streams rows from inline rows and downloaded result chunks, in chunks of chunkRows", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: i, name: `n${i}` }));
    const { fake, adapter } = await connect(
      (q) => (q.sqlText.startsWith("SELECT") ? { rows, inlineRows: 5, chunkRows: 10 } : ok()),
      { authenticator: "SNOWFLAKE", password: "pw-not-a-real-one", chunkRows: 7 },
    );
    const sizes: number[] = [];
    const seen: unknown[] = [];
    for await (const chunk of adapter.queryChunks("SELECT id, name FROM big")) {
      sizes.push(chunk.length);
      seen.push(...chunk.map((r) => r.id));
    }
    expect(sizes).toEqual([7, 7, 7, 4]);
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(fake.requests.filter((r) => r.path.startsWith("/chunks/")).length).toBe(2);
  });

  it("returns all rows of a small result and describes a relation from INFORMATION_SCHEMA", async () => {
    const { fake, adapter } = await connect((q) =>
      q.sqlText.includes("INFORMATION_SCHEMA.TABLES")
        ? {
            rows: [
              { table_type: "BASE TABLE", column_name: "ID", data_type: "NUMBER" },
              { table_type: "BASE TABLE", column_name: "NAME", data_type: "TEXT" },
            ],
          }
        : ok(),
    );
    const info = await adapter.describeRelation({ database: "MANUFACTURING", schema: "MARTS", name: "T" });
    expect(info).toEqual({ kind: "table", columns: [{ name: "ID", type: "NUMBER" }, { name: "NAME", type: "TEXT" }] });
    expect(fake.queries.at(-1)!.bindings).toEqual({ "1": { type: "TEXT", value: "MARTS" }, "2": { type: "TEXT", value: "T" } });
  });

  it("hands back unquoted (upper-case) column names in lower case, as engine-neutral code reads them", async () => {
    const { adapter } = await connect((q) => (q.sqlText.startsWith("SELECT count") ? { rows: [{ N: 3, "MixedCase": 1, "lower": 2 }] } : ok()));
    expect(await adapter.queryAll("SELECT count(*) AS n, 1 AS \"MixedCase\", 2 AS \"lower\" FROM t")).toEqual([{ n: 3, MixedCase: 1, lower: 2 }]);
  });

  it("looks a lower-case project name up as the upper-case name Snowflake stores for it", async () => {
    const { fake, adapter } = await connect(() => ok());
    await adapter.describeRelation({ database: "MANUFACTURING", schema: "staging", name: "hourly_sensor_aggregates" });
    expect(fake.queries.at(-1)!.bindings).toEqual({
      "1": { type: "TEXT", value: "STAGING" },
      "2": { type: "TEXT", value: "HOURLY_SENSOR_AGGREGATES" },
    });
    expect(fake.queries.at(-1)!.sqlText).toContain('"MANUFACTURING".INFORMATION_SCHEMA.TABLES');
  });

  it("a SQL error is thrown once, not retried, and is not transient", async () => {
    const { fake, adapter } = await connect((q) =>
      q.sqlText.startsWith("SELEC ") ? { error: { code: "001003", message: "SQL compilation error: syntax error", sqlState: "42000" } } : ok(),
    );
    const error = await adapter.execute("SELEC 1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnowflakeQueryError);
    expect((error as SnowflakeQueryError).message).toContain("SQL compilation error");
    expect((error as SnowflakeQueryError).sqlState).toBe("42000");
    expect(adapter.isTransientError(error)).toBe(false);
    expect(fake.requests.filter((r) => r.path === "/queries/v1/query-request" && r.body?.sqlText === "SELEC 1").length).toBe(1);
  });

  it("an HTTP 503 is retried by the SDK with the same request id and then succeeds", async () => {
    const { fake, adapter } = await connect((q) => (q.sqlText === "SELECT 503" ? { httpStatus: 503, times: 1, then: { rows: [{ v: 1 }] } } : ok()));
    const rows = await adapter.queryAll("SELECT 503");
    expect(rows).toEqual([{ v: 1 }]);
    const attempts = fake.requests.filter((r) => r.path === "/queries/v1/query-request" && r.body?.sqlText === "SELECT 503");
    expect(attempts.length).toBe(2);
    expect(attempts[0].query.get("requestId")).toBe(attempts[1].query.get("requestId"));
  });

  it("lock-wait overflow is classified transient (the runner retries it)", async () => {
    const { adapter } = await connect((q) =>
      q.sqlText.startsWith("MERGE") ? { error: { code: "000625", message: "Statement was aborted because the number of waiters for this lock exceeds the 20 statements limit", sqlState: "57014" } } : ok(),
    );
    const error = await adapter.execute("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE").catch((e: unknown) => e);
    expect(adapter.isTransientError(error)).toBe(true);
  });

  it("cancel() aborts the statement in flight", async () => {
    const { fake, adapter } = await connect((q) => (q.sqlText.startsWith("SELECT SYSTEM$WAIT") ? { runUntilAborted: true } : ok()));
    const pending = adapter.execute("SELECT SYSTEM$WAIT(600)").catch((e: unknown) => e);
    await waitFor(() => fake.requests.some((r) => /\/queries\/.+\/result$/.test(r.path)));
    await adapter.cancel();
    const error = await pending;
    expect(fake.aborted.length).toBe(1);
    expect(error).toBeInstanceOf(SnowflakeQueryError);
    expect((error as SnowflakeQueryError).cancelled).toBe(true);
    expect(adapter.isTransientError(error)).toBe(false);
  });

  it("transaction() wraps work in BEGIN … COMMIT and rolls back on failure", async () => {
    const { fake, adapter } = await connect((q) =>
      q.sqlText === "INSERT bad" ? { error: { code: "100038", message: "Numeric value 'x' is not recognized", sqlState: "22018" } } : ok(),
    );
    await adapter.transaction(async () => {
      await adapter.execute("DELETE FROM t");
      await adapter.execute("INSERT good");
    });
    await expect(adapter.transaction(() => adapter.execute("INSERT bad"))).rejects.toThrow(/not recognized/);
    const statements = fake.queries.map((q) => q.sqlText).filter((s) => !s.startsWith("ALTER SESSION"));
    expect(statements).toEqual(["BEGIN TRANSACTION", "DELETE FROM t", "INSERT good", "COMMIT", "BEGIN TRANSACTION", "INSERT bad", "ROLLBACK"]);
  });

  it("actions sharing the session never interleave with another action's transaction", async () => {
    const { fake, adapter } = await connect(() => ok());
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    // Two actions at once: A's transaction must finish before B's statements reach the session,
    // or B would run inside A's transaction (and B's DDL would commit it half way).
    await Promise.all([
      adapter.transaction(async () => {
        await adapter.execute("INSERT a1");
        await pause();
        await adapter.execute("INSERT a2");
      }),
      (async () => {
        await pause();
        await adapter.execute("CREATE TABLE b AS SELECT 1");
        await adapter.transaction(() => adapter.execute("INSERT b1"));
      })(),
    ]);
    const statements = fake.queries.map((q) => q.sqlText).filter((s) => !s.startsWith("ALTER SESSION"));
    expect(statements).toEqual(["BEGIN TRANSACTION", "INSERT a1", "INSERT a2", "COMMIT", "CREATE TABLE b AS SELECT 1", "BEGIN TRANSACTION", "INSERT b1", "COMMIT"]);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
