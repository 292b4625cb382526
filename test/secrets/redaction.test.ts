import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadProfile, makeRedactor, type ResolvedTarget } from "../../src/config/profiles.js";
import { connectDatabricks } from "../../src/engines/databricks/adapter.js";
import { connectSnowflake } from "../../src/engines/snowflake/adapter.js";
import { startDatabricksFake } from "../fakes/databricks-thrift.js";
import { startSnowflakeFake } from "../fakes/snowflake-rest.js";

/**
 * Secrets planted through the environment must not appear in anything the engine adapters
 * throw or log: SDK errors that echo a credential, server messages that quote SQL holding one,
 * failed logins and config errors. (The lead extends this to run_results.json and --dry-run.)
 */
const PLANTED = {
  DATABRICKS_TOKEN: "dapi-PLANTED-token-7f3a9c",
  DATABRICKS_CLIENT_SECRET: "PLANTED-client-secret-51be",
  SNOWFLAKE_PASSWORD: "PLANTED-password-c0ffee",
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: "PLANTED-passphrase-88d1",
  SNOWFLAKE_OAUTH_TOKEN: "PLANTED-oauth-token-42aa",
};
const env = {
  ...PLANTED,
  DATABRICKS_HOST: "127.0.0.1",
  DATABRICKS_HTTP_PATH: "/sql/1.0/warehouses/fake123",
  SNOWFLAKE_ACCOUNT: "acme-dev",
  SNOWFLAKE_USER: "SLUICE_SVC",
  SNOWFLAKE_AUTHENTICATOR: "SNOWFLAKE",
};

let stderr: string[] = [];
const originalWrite = process.stderr.write.bind(process.stderr);
beforeEach(() => {
  stderr = [];
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  }) as typeof process.stderr.write;
});
afterEach(() => {
  process.stderr.write = originalWrite;
});

function profile() {
  const resolved = loadProfile(process.cwd(), ["lakehouse", "warehouse"], { profile: "dev", env });
  return { resolved, redact: makeRedactor(resolved.secrets) };
}

function expectNoSecret(...outputs: unknown[]) {
  const text = [...outputs.map((o) => (o instanceof Error ? `${o.message}\n${o.stack}\n${JSON.stringify(o)}` : String(o))), ...stderr].join("\n");
  for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret);
}

const withSettings = (target: ResolvedTarget, settings: Record<string, unknown>): ResolvedTarget => ({
  ...target,
  settings: { ...target.settings, ...settings },
});

describe("secrets never leave the engine adapters", () => {
  it("the profile marks every planted secret for redaction", () => {
    const { resolved } = profile();
    for (const secret of Object.values(PLANTED)) expect(resolved.secrets).toContain(secret);
  });

  it("Snowflake: a server error quoting SQL that holds a secret is redacted", async () => {
    const { resolved, redact } = profile();
    const fake = await startSnowflakeFake((q) =>
      q.sqlText.startsWith("CREATE STAGE") ? { error: { code: "002003", message: `SQL compilation error near '${q.sqlText}'`, sqlState: "42000" } } : { ddl: true },
    );
    const adapter = await connectSnowflake(withSettings(resolved.targets.warehouse, { accessUrl: fake.url }), { redact, runId: "r1" });
    try {
      const error = await adapter.execute(`CREATE STAGE s CREDENTIALS = (AWS_SECRET_KEY = '${PLANTED.SNOWFLAKE_PASSWORD}')`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toContain("***");
      expectNoSecret(error);
    } finally {
      await adapter.close();
      await fake.close();
    }
  });

  it("Snowflake: a rejected login whose message echoes the password is redacted", async () => {
    const { resolved, redact } = profile();
    const fake = await startSnowflakeFake(() => ({ ddl: true }), {
      rejectLogin: (data) => ({ code: "390100", message: `Incorrect username or password was specified (got ${String(data.PASSWORD)}).` }),
    });
    try {
      const error = await connectSnowflake(withSettings(resolved.targets.warehouse, { accessUrl: fake.url }), { redact }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toContain("Incorrect username or password");
      expectNoSecret(error);
    } finally {
      await fake.close();
    }
  });

  it("Databricks: a server error quoting the token is redacted, in errors and in SDK log lines", async () => {
    const { resolved, redact } = profile();
    const fake = await startDatabricksFake({
      onStatement: (r) => (r.statement.startsWith("SET") ? { error: { message: `Cannot set ${r.statement}`, sqlState: "42K0I" } } : { affected: 0 }),
    });
    const adapter = await connectDatabricks(
      withSettings(resolved.targets.lakehouse, { port: fake.port, caCertPath: fake.caCertPath, clientId: "", clientSecret: "" }),
      { redact, runId: "r1" },
    );
    try {
      const error = await adapter.execute(`SET my.token = '${PLANTED.DATABRICKS_TOKEN}'`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toContain("***");
      expectNoSecret(error);
    } finally {
      await adapter.close();
      await fake.close();
    }
  });

  it("Databricks: a rejected OAuth client does not echo the client secret", async () => {
    const { resolved, redact } = profile();
    const fake = await startDatabricksFake({ onStatement: () => ({ affected: 0 }), oauth: { clientId: "other", clientSecret: "other", accessToken: "x" } });
    const error = await connectDatabricks(
      withSettings(resolved.targets.lakehouse, { port: fake.port, caCertPath: fake.caCertPath, clientId: "sp-id", retryMaxAttempts: 1 }),
      { redact },
    ).catch((e: unknown) => e);
    await fake.close();
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(error);
  });

  it("config errors name the missing keys and variables, not the values", async () => {
    const { resolved, redact } = profile();
    const broken = withSettings(resolved.targets.warehouse, { account: "" });
    const noKey = withSettings(resolved.targets.warehouse, { authenticator: "SNOWFLAKE_JWT", privateKeyPath: "" });
    const keyError = await connectSnowflake(noKey, { redact }).catch((e: unknown) => e);
    expect(String((keyError as Error).message)).toMatch(/privateKeyPath is required for key-pair/);
    const error = await connectSnowflake(broken, { redact }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/account is required/);
    const dbx = await connectDatabricks(withSettings(resolved.targets.lakehouse, { httpPath: "" }), { redact }).catch((e: unknown) => e);
    expect(String((dbx as Error).message)).toMatch(/httpPath is required/);
    expectNoSecret(error, keyError, dbx);
  });
});
