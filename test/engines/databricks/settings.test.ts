import { describe, expect, it } from "vitest";
import { parseDatabricksSettings } from "../../../src/engines/databricks/settings.js";
import { parseSnowflakeSettings } from "../../../src/engines/snowflake/settings.js";

const dbx = (settings: Record<string, unknown>) => ({ name: "lakehouse", engine: "databricks" as const, settings, missingEnv: [] as string[] });
const sf = (settings: Record<string, unknown>) => ({ name: "warehouse", engine: "snowflake" as const, settings, missingEnv: [] as string[] });

describe("production connection settings (zod)", () => {
  it("Databricks: token or OAuth M2M, host normalised, empty env values count as unset", () => {
    const s = parseDatabricksSettings(dbx({ host: "https://dbc-1.cloud.databricks.com/", httpPath: "/sql/1.0/warehouses/x", database: "m", token: "t0ken", clientId: "", clientSecret: "" }));
    expect(s.host).toBe("dbc-1.cloud.databricks.com");
    expect(s.port).toBe(443);
    expect(s.clientId).toBeUndefined();
    expect(() => parseDatabricksSettings(dbx({ host: "h", httpPath: "/p", database: "m", token: "" }))).toThrow(/token is required unless clientId and clientSecret/);
    expect(() => parseDatabricksSettings(dbx({ host: "h", httpPath: "/p", database: "m", clientId: "id" }))).toThrow(/clientSecret is required for OAuth M2M/);
  });

  it("Snowflake: the authenticator decides which credential is required", () => {
    const base = { account: "a", username: "u", database: "D", warehouse: "W" };
    expect(parseSnowflakeSettings(sf({ ...base, authenticator: "", privateKeyPath: "/k.p8" })).authenticator).toBe("SNOWFLAKE_JWT");
    expect(() => parseSnowflakeSettings(sf({ ...base, authenticator: "oauth" }))).toThrow(/token is required for OAuth/);
    expect(() => parseSnowflakeSettings(sf({ ...base, authenticator: "SNOWFLAKE" }))).toThrow(/password is required/);
    expect(() => parseSnowflakeSettings(sf({ ...base, authenticator: "EXTERNALBROWSER" }))).toThrow(/authenticator/);
  });

  it("names unset environment variables in the hint", () => {
    const target = { ...sf({ account: "", username: "u", database: "D", warehouse: "W", password: "p" }), missingEnv: ["SNOWFLAKE_ACCOUNT"] };
    expect(() => parseSnowflakeSettings(target)).toThrow(/unset environment variables: SNOWFLAKE_ACCOUNT/);
  });
});
