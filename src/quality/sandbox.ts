import { randomUUID } from "node:crypto";
import type { EngineAdapter } from "../engines/adapter.js";
import { connectTarget } from "../engines/registry.js";

/**
 * A fresh, empty in-memory DuckDB catalog for one unit test: no file, no profile, nothing shared
 * with real tables. The DuckDB adapter attaches `path` under the catalog name `database` when the
 * two differ, and ATTACH treats exactly ":memory:" as in-memory (":memory:<name>" would become a
 * file), so a unique catalog name over ":memory:" gives every call its own empty database.
 * Closing ends the connection; the empty catalog lives in the process's shared instance until exit.
 */
export async function openSandbox(): Promise<EngineAdapter> {
  const catalog = `sluice_unit_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  return connectTarget(
    {
      name: "unit_test",
      engine: "duckdb",
      database: catalog,
      settings: { engine: "duckdb", database: catalog, path: ":memory:" },
      missingEnv: [],
    },
    { redact: (text) => text },
  );
}
