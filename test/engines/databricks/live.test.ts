import { describe, expect, it } from "vitest";
import { loadProfile, makeRedactor } from "../../../src/config/profiles.js";
import { connectDatabricks } from "../../../src/engines/databricks/adapter.js";

/**
 * Live test against a real Databricks SQL warehouse. It runs only when DATABRICKS_HOST,
 * DATABRICKS_HTTP_PATH and a token (or client id + secret) are set, and is reported as skipped
 * otherwise: it never passes by default.
 */
const hasCredentials =
  Boolean(process.env.DATABRICKS_HOST && process.env.DATABRICKS_HTTP_PATH) &&
  Boolean(process.env.DATABRICKS_TOKEN || (process.env.DATABRICKS_CLIENT_ID && process.env.DATABRICKS_CLIENT_SECRET));

describe("Databricks live (real SQL warehouse)", () => {
  it.skipIf(!hasCredentials)("live: connects with the dev profile and round-trips a parameterised query in chunks", async () => {
    const profile = loadProfile(process.cwd(), ["lakehouse", "warehouse"], { profile: process.env.SLUICE_PROFILE ?? "dev" });
    const adapter = await connectDatabricks(profile.targets.lakehouse, { redact: makeRedactor(profile.secrets), runId: `live-${Date.now()}` });
    try {
      const rows = await adapter.queryAll("SELECT current_catalog() AS catalog, ? AS echo", { params: ["sluice"], queryTag: "live-test" });
      expect(rows[0].echo).toBe("sluice");
      let total = 0;
      for await (const chunk of adapter.queryChunks("SELECT id FROM range(25000)")) total += chunk.length;
      expect(total).toBe(25000);
    } finally {
      await adapter.close();
    }
  });
});
