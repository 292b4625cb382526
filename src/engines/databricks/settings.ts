import { z } from "zod";
import type { ResolvedTarget } from "../../config/profiles.js";
import { SluiceError } from "../../errors.js";

/**
 * Connection settings of a Databricks target (a SQL warehouse), as profiles.yaml gives them
 * after ${env:…} interpolation. An unset variable interpolates to "", which counts as absent.
 */
const optionalText = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().optional());
const requiredText = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string({ error: "is required" }));

export const DatabricksSettingsSchema = z
  .object({
    engine: z.literal("databricks"),
    /** Workspace host name, e.g. dbc-1234.cloud.databricks.com (a leading https:// is dropped). */
    host: z.preprocess(
      (v) => (typeof v === "string" && v !== "" ? v.replace(/^https:\/\//, "").replace(/\/+$/, "") : undefined),
      z.string({ error: "is required" }),
    ),
    port: z.coerce.number().int().positive().default(443),
    /** The SQL warehouse's HTTP path, e.g. /sql/1.0/warehouses/abc123. */
    httpPath: requiredText,
    /** Personal access token or service-principal token. */
    token: optionalText,
    /** OAuth machine-to-machine: a service principal's client id and secret. */
    clientId: optionalText,
    clientSecret: optionalText,
    /** Unity Catalog catalog for the session. */
    database: requiredText,
    schema: optionalText,
    /** Extra CA certificate (PEM file) for TLS-inspecting proxies; added to the built-in roots. */
    caCertPath: optionalText,
    /** Rows per FetchResults round trip (queryChunks yields one chunk per round trip). */
    chunkRows: z.coerce.number().int().positive().default(10_000),
    /** The SDK's own HTTP retries (429/503 and connection resets). */
    retryMaxAttempts: z.coerce.number().int().min(1).default(5),
    retryDelayMinMs: z.coerce.number().int().min(0).default(1_000),
  })
  .passthrough()
  .superRefine((s, ctx) => {
    const m2m = Boolean(s.clientId || s.clientSecret);
    if (!s.token && !m2m) {
      ctx.addIssue({ code: "custom", path: ["token"], message: "is required unless clientId and clientSecret are set" });
    }
    if (m2m && !(s.clientId && s.clientSecret)) {
      ctx.addIssue({ code: "custom", path: [s.clientId ? "clientSecret" : "clientId"], message: "is required for OAuth M2M" });
    }
  });
export type DatabricksSettings = z.infer<typeof DatabricksSettingsSchema>;

const ENV_HINT =
  "set DATABRICKS_HOST, DATABRICKS_HTTP_PATH and either DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET";

/** Validates a resolved target; messages name keys and missing variables, never values. */
export function parseDatabricksSettings(target: ResolvedTarget): DatabricksSettings {
  const result = DatabricksSettingsSchema.safeParse({ ...target.settings, engine: target.engine });
  if (result.success) return result.data;
  throw new SluiceError(
    result.error.issues.map((issue) => ({
      code: "config",
      message: `target "${target.name}" (databricks): ${issue.path.join(".") || "settings"} ${issue.message}`,
      location: { file: "profiles.yaml" },
      hint: target.missingEnv.length ? `unset environment variables: ${target.missingEnv.join(", ")}; ${ENV_HINT}` : ENV_HINT,
    })),
  );
}
