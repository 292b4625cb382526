import { z } from "zod";
import type { ResolvedTarget } from "../../config/profiles.js";
import { SluiceError } from "../../errors.js";

/**
 * Connection settings of a Snowflake target, as profiles.yaml gives them after ${env:…}
 * interpolation. An unset variable interpolates to "", which counts as absent here.
 */
const optionalText = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().optional());
const requiredText = z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string({ error: "is required" }));

export const SnowflakeAuthenticatorSchema = z.enum(["SNOWFLAKE_JWT", "OAUTH", "SNOWFLAKE"]);

export const SnowflakeSettingsSchema = z
  .object({
    engine: z.literal("snowflake"),
    account: requiredText,
    username: requiredText,
    /** SNOWFLAKE_JWT = key pair, OAUTH = token, SNOWFLAKE = password. */
    authenticator: z.preprocess(
      (v) => (v === "" || v === undefined ? "SNOWFLAKE_JWT" : typeof v === "string" ? v.toUpperCase() : v),
      SnowflakeAuthenticatorSchema,
    ),
    privateKeyPath: optionalText,
    privateKeyPassphrase: optionalText,
    password: optionalText,
    token: optionalText,
    database: requiredText,
    /** Session schema for unqualified names; Sluice qualifies every relation anyway. */
    schema: optionalText,
    warehouse: requiredText,
    role: optionalText,
    /** External stage over the processed zone (cross-engine transfers load from it), best fully qualified. */
    stage: optionalText,
    /** Named file format of TYPE = PARQUET; defaults to SLUICE_PARQUET beside the stage. */
    fileFormat: optionalText,
    /** Overrides https://<account>.snowflakecomputing.com (private link, protocol tests). */
    accessUrl: optionalText,
    /** Rows per chunk handed to queryChunks. */
    chunkRows: z.coerce.number().int().positive().default(10_000),
  })
  .passthrough()
  .superRefine((s, ctx) => {
    const need = (key: "privateKeyPath" | "token" | "password", why: string) => {
      if (!s[key]) ctx.addIssue({ code: "custom", path: [key], message: `is required for ${why}` });
    };
    if (s.authenticator === "SNOWFLAKE_JWT") need("privateKeyPath", "key-pair (SNOWFLAKE_JWT) authentication");
    if (s.authenticator === "OAUTH") need("token", "OAuth authentication");
    if (s.authenticator === "SNOWFLAKE") need("password", "password authentication");
  });
export type SnowflakeSettings = z.infer<typeof SnowflakeSettingsSchema>;

const ENV_HINT =
  "set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_WAREHOUSE and one of SNOWFLAKE_PRIVATE_KEY_PATH (key pair), " +
  "SNOWFLAKE_OAUTH_TOKEN (SNOWFLAKE_AUTHENTICATOR=OAUTH) or SNOWFLAKE_PASSWORD (SNOWFLAKE_AUTHENTICATOR=SNOWFLAKE)";

/** Validates a resolved target; messages name keys and missing variables, never values. */
export function parseSnowflakeSettings(target: ResolvedTarget): SnowflakeSettings {
  const result = SnowflakeSettingsSchema.safeParse({ ...target.settings, engine: target.engine });
  if (result.success) return result.data;
  throw new SluiceError(
    result.error.issues.map((issue) => ({
      code: "config",
      message: `target "${target.name}" (snowflake): ${issue.path.join(".") || "settings"} ${issue.message}`,
      location: { file: "profiles.yaml" },
      hint: target.missingEnv.length ? `unset environment variables: ${target.missingEnv.join(", ")}; ${ENV_HINT}` : ENV_HINT,
    })),
  );
}
