import type { EngineKind } from "../graph/schema.js";
import type { ResolvedTarget } from "../config/profiles.js";
import type { Capabilities, EngineAdapter, SqlDialect } from "./adapter.js";
import { settingsIssues, type SettingsIssue } from "../config/target-errors.js";
import { SluiceError } from "../errors.js";
import { duckdbDialect } from "./duckdb/dialect.js";
import { databricksDialect } from "./databricks/dialect.js";
import { snowflakeDialect } from "./snowflake/dialect.js";

/**
 * The only place that maps an engine name to its implementation. Dialects are pure and cheap;
 * adapters load their SDK lazily so compiling never pays for snowflake-sdk or @databricks/sql.
 */
const dialects: Record<EngineKind, SqlDialect> = {
  duckdb: duckdbDialect,
  databricks: databricksDialect,
  snowflake: snowflakeDialect,
};

export function dialectFor(engine: EngineKind): SqlDialect {
  return dialects[engine];
}

export interface ConnectContext {
  /** Redacts secrets from anything an adapter logs or throws. */
  redact: (text: string) => string;
  runId?: string;
  /** Open an existing database only: an embedded engine must not create a missing file (a query, say). */
  existingOnly?: boolean;
}

export async function connectTarget(target: ResolvedTarget, context: ConnectContext): Promise<EngineAdapter> {
  switch (target.engine) {
    case "duckdb":
      return (await import("./duckdb/adapter.js")).connectDuckDB(target, context);
    case "databricks":
      return (await import("./databricks/adapter.js")).connectDatabricks(target, context);
    case "snowflake":
      return (await import("./snowflake/adapter.js")).connectSnowflake(target, context);
  }
}

/**
 * An engine's capability flags without connecting (offline rendering of the statements a run
 * would send). Loads the engine's adapter module, never its SDK (DuckDB's adapter loads its binding).
 */
export async function capabilitiesFor(engine: EngineKind): Promise<Capabilities> {
  switch (engine) {
    case "duckdb":
      return (await import("./duckdb/adapter.js")).duckdbCapabilities;
    case "databricks":
      return (await import("./databricks/adapter.js")).databricksCapabilities;
    case "snowflake":
      return (await import("./snowflake/adapter.js")).snowflakeCapabilities;
  }
}

/** The engine's own settings schema (the one its adapter parses with when connecting); loads no SDK. */
export async function settingsCheckFor(target: ResolvedTarget): Promise<{ issues: SettingsIssue[]; engineHint?: string }> {
  switch (target.engine) {
    case "duckdb": {
      const { DuckDBSettingsSchema } = await import("./duckdb/adapter.js");
      return {
        issues: settingsIssues(target, (s) => DuckDBSettingsSchema.safeParse(s)),
        engineHint: "a duckdb target needs `path: <file>.duckdb` (relative to the profile's dataDir)",
      };
    }
    case "databricks": {
      const { DatabricksSettingsSchema, parseDatabricksSettings } = await import("./databricks/settings.js");
      return { issues: settingsIssues(target, (s) => DatabricksSettingsSchema.safeParse(s)), engineHint: hintOf(() => parseDatabricksSettings(target)) };
    }
    case "snowflake": {
      const { SnowflakeSettingsSchema, parseSnowflakeSettings } = await import("./snowflake/settings.js");
      return { issues: settingsIssues(target, (s) => SnowflakeSettingsSchema.safeParse(s)), engineHint: hintOf(() => parseSnowflakeSettings(target)) };
    }
  }
}

/** The engine's own hint for its settings (which variables it reads), without the list of unset ones. */
function hintOf(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    const hint = error instanceof SluiceError ? error.diagnostics[0]?.hint : undefined;
    return hint?.replace(/^unset environment variables: [^;]*; /, "");
  }
}
