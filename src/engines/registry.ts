import type { EngineKind } from "../graph/schema.js";
import type { ResolvedTarget } from "../config/profiles.js";
import type { Capabilities, EngineAdapter, SqlDialect } from "./adapter.js";
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
