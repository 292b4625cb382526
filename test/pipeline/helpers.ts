import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SluiceContext } from "../../src/context.js";
import type { EngineAdapter, Row } from "../../src/engines/adapter.js";
import { connectDuckDB } from "../../src/engines/duckdb/adapter.js";
import { runGraph } from "../../src/execute/run.js";
import type { ActionResult, RunResults } from "../../src/execute/results.js";
import { generateRawZone, readManifest, type GenerateResult, type Manifest } from "../../src/generate/index.js";

/**
 * The real project (definitions/, includes/, dataform.json, profiles.yaml) compiled and run
 * in-process on a temp data dir with small generated data: 1 plant, 15-minute readings.
 */
export const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** Bronze table per raw source of the generator. */
export const BRONZE_OF: Record<string, string> = {
  sensor_readings: "sensor_data",
  equipment_logs: "equipment_logs",
  environmental: "environmental_data",
  quality_metrics: "quality_metrics",
  equipment_master: "equipment_master",
  sensors_master: "sensors_master",
  plants_master: "plants_master",
};

export interface PipelineDir {
  dataDir: string;
  context: SluiceContext;
  generate(days: number, options?: { append?: boolean }): GenerateResult;
  manifest(): Manifest;
  run(options?: { fullRefresh?: boolean }): Promise<RunResults>;
  rows(sql: string, targetName?: "lakehouse" | "warehouse"): Promise<Row[]>;
  cleanup(): void;
}

export function makePipelineDir(prefix = "sluice-pipeline-"): PipelineDir {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const context = SluiceContext.load({ projectDir: PROJECT_DIR, dataDir, profile: "local" });
  const rawZone = context.profile.zones.raw;
  const adapters = new Map<string, Promise<EngineAdapter>>();
  const adapter = (name: string) => {
    let pending = adapters.get(name);
    if (!pending) {
      pending = connectDuckDB(context.profile.targets[name], { redact: (t) => t });
      adapters.set(name, pending);
    }
    return pending;
  };
  return {
    dataDir,
    context,
    generate: (days, options = {}) =>
      generateRawZone({ rawZone, days, append: options.append, seed: "7", plants: 1, intervalSeconds: 900, startDate: "2024-03-01" }),
    manifest: () => {
      const manifest = readManifest(rawZone);
      if (!manifest) throw new Error(`no manifest in ${rawZone}`);
      return manifest;
    },
    run: (options = {}) => runGraph(context, { fullRefresh: options.fullRefresh, resultsPath: false, concurrency: 2 }),
    rows: async (sql, targetName = "lakehouse") => (await adapter(targetName)).queryAll(sql),
    cleanup: () => {
      for (const pending of adapters.values()) pending.then((a) => a.close()).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Failed or skipped actions with their messages: empty when the whole run succeeded. */
export function problems(results: RunResults): string[] {
  return results.actions
    .filter((a) => a.status === "failed" || a.status === "skipped")
    .map((a) => `${a.status} ${a.id}: ${a.error?.message ?? a.message ?? ""}`);
}

export function resultOf(results: RunResults, id: string): ActionResult {
  const found = results.actions.find((a) => a.id === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

/** BIGINT counts arrive as bigint. */
export function num(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value);
}

/** Tables of the layers that incremental runs and a full refresh must agree on. */
export const COMPARED_SCHEMAS = { lakehouse: ["silver", "gold"], warehouse: ["staging", "marts"] } as const;

export async function tablesOf(dir: PipelineDir, targetName: "lakehouse" | "warehouse", schemas: readonly string[]): Promise<string[]> {
  const rows = await dir.rows(
    `SELECT table_schema, table_name FROM information_schema.tables
     WHERE table_catalog = '${targetName}' AND table_type = 'BASE TABLE' AND table_schema IN (${schemas.map((s) => `'${s}'`).join(", ")})
     ORDER BY 1, 2`,
    targetName,
  );
  return rows.map((r) => `${String(r.table_schema)}.${String(r.table_name)}`);
}
