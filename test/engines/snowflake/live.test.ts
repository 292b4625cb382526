import { describe, expect, it } from "vitest";
import { loadProfile, makeRedactor } from "../../../src/config/profiles.js";
import { connectSnowflake } from "../../../src/engines/snowflake/adapter.js";

/**
 * Live test against a real Snowflake account. It runs only when SNOWFLAKE_ACCOUNT and SNOWFLAKE_USER
 * (plus one credential) are set, and is reported as skipped otherwise: it never passes by default.
 */
const hasCredentials =
  Boolean(process.env.SNOWFLAKE_ACCOUNT && process.env.SNOWFLAKE_USER) &&
  Boolean(process.env.SNOWFLAKE_PRIVATE_KEY_PATH || process.env.SNOWFLAKE_OAUTH_TOKEN || process.env.SNOWFLAKE_PASSWORD);

describe("Snowflake live (real account)", () => {
  it.skipIf(!hasCredentials)("live: connects with the dev profile, tags the session and round-trips a query", async () => {
    const profile = loadProfile(process.cwd(), ["lakehouse", "warehouse"], { profile: process.env.SLUICE_PROFILE ?? "dev" });
    const adapter = await connectSnowflake(profile.targets.warehouse, { redact: makeRedactor(profile.secrets), runId: `live-${Date.now()}` });
    try {
      const rows = await adapter.queryAll("SELECT CURRENT_VERSION() AS \"version\", ? AS \"echo\"", { params: ["sluice"], queryTag: "live-test" });
      expect(rows[0].echo).toBe("sluice");
      const tag = await adapter.queryAll(`SELECT CURRENT_QUERY_TAG() AS "tag"`);
      expect(String(tag[0].tag)).toContain("live-test");
      const chunks: number[] = [];
      for await (const chunk of adapter.queryChunks("SELECT SEQ4() AS \"n\" FROM TABLE(GENERATOR(ROWCOUNT => 25000))")) chunks.push(chunk.length);
      expect(chunks.reduce((a, b) => a + b, 0)).toBe(25000);
    } finally {
      await adapter.close();
    }
  });
});
