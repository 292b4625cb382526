import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolvedProfile, ResolvedTarget } from "../../src/config/profiles.js";
import type { EngineAdapter, Row } from "../../src/engines/adapter.js";
import { connectDuckDB } from "../../src/engines/duckdb/adapter.js";
import { ActionSchema, type Action, type CompiledGraph, type IngestSpec } from "../../src/graph/schema.js";
import type { ActionState, ExecutionStrategy, StateStore, StrategyContext, StrategyOutcome } from "../../src/execute/strategy.js";

/** A temp data dir with the three zones and two DuckDB targets (lakehouse, warehouse). */
export function makeProfile(): ResolvedProfile {
  const dataDir = mkdtempSync(join(tmpdir(), "sluice-ingest-"));
  const target = (name: string): ResolvedTarget => ({
    name,
    engine: "duckdb",
    database: name,
    settings: { engine: "duckdb", database: name, path: join(dataDir, `${name}.duckdb`) },
    missingEnv: [],
  });
  return {
    name: "test",
    projectDir: dataDir,
    dataDir,
    zones: { raw: join(dataDir, "raw"), processed: join(dataDir, "processed"), archive: join(dataDir, "archive") },
    targets: { lakehouse: target("lakehouse"), warehouse: target("warehouse") },
    retry: { attempts: 1, backoffMs: 0 },
    secrets: [],
  };
}

export function connect(profile: ResolvedProfile, targetName = "lakehouse"): Promise<EngineAdapter> {
  return connectDuckDB(profile.targets[targetName], { redact: (t) => t });
}

export const SENSOR_SPEC: IngestSpec = {
  path: "sensor_readings/**/*.ndjson",
  format: "json",
  columns: { sensor_id: "VARCHAR", equipment_id: "VARCHAR", ts: "VARCHAR", metric: "VARCHAR", value: "DOUBLE", unit: "VARCHAR", status: "VARCHAR" },
  rescuedDataColumn: "_rescued_data",
  quarantine: { schema: "audit", name: "sensor_data_quarantine" },
};

export const LOGS_SPEC: IngestSpec = {
  path: "equipment_logs/**/*.csv",
  format: "csv",
  columns: { equipment_id: "VARCHAR", ts: "VARCHAR", event: "VARCHAR", code: "VARCHAR", message: "VARCHAR" },
  rescuedDataColumn: "_rescued_data",
  quarantine: { schema: "audit", name: "equipment_logs_quarantine" },
};

export const ENV_SPEC: IngestSpec = {
  path: "environmental/**/*.ndjson",
  format: "json",
  columns: { plant: "VARCHAR", zone: "VARCHAR", ts: "VARCHAR", temperature: "DOUBLE", humidity: "DOUBLE", pressure: "DOUBLE" },
  rescuedDataColumn: "_rescued_data",
  quarantine: { schema: "audit", name: "environmental_data_quarantine" },
};

export const QUALITY_SPEC: IngestSpec = {
  path: "quality_metrics/**/*.csv",
  format: "csv",
  columns: {
    lot_id: "VARCHAR",
    equipment_id: "VARCHAR",
    ts: "VARCHAR",
    characteristic: "VARCHAR",
    measured: "DOUBLE",
    lower_tolerance: "DOUBLE",
    upper_tolerance: "DOUBLE",
    result: "VARCHAR",
  },
  rescuedDataColumn: "_rescued_data",
  quarantine: { schema: "audit", name: "quality_metrics_quarantine" },
};

export function ingestAction(name: string, spec: IngestSpec): Action {
  return ActionSchema.parse({
    id: `lakehouse.bronze.${name}`,
    type: "ingest",
    target: { database: "lakehouse", schema: "bronze", name },
    targetName: "lakehouse",
    engine: "duckdb",
    fileName: `definitions/bronze/${name}.sqlx`,
    ingest: spec,
    fingerprint: { data: "d", metadata: "m" },
  });
}

export class MemoryStateStore implements StateStore {
  readonly states = new Map<string, ActionState>();
  async get(actionId: string) {
    return this.states.get(actionId);
  }
  async put(state: ActionState) {
    this.states.set(state.actionId, state);
  }
  /** Tests here never retry an attempt, so there is nothing provisional to forget. */
  async discard() {}
}

let runCounter = 0;

export interface TestRun {
  context: StrategyContext;
  statements: string[];
}

export function makeContext(
  action: Action,
  profile: ResolvedProfile,
  adapters: Record<string, EngineAdapter>,
  options: { state?: StateStore; fullRefresh?: boolean; runId?: string } = {},
): TestRun {
  const adapter = adapters[action.targetName];
  const statements: string[] = [];
  const graph: CompiledGraph = {
    sluiceVersion: "test",
    profile: profile.name,
    projectConfig: { defaultSchema: "bronze", assertionSchema: "audit", vars: {} },
    targets: { lakehouse: { engine: "duckdb", database: "lakehouse" }, warehouse: { engine: "duckdb", database: "warehouse" } },
    actions: [action],
    tests: [],
  };
  const context: StrategyContext = {
    action,
    graph,
    profile,
    adapter,
    adapterFor: async (name) => adapters[name],
    state: options.state ?? new MemoryStateStore(),
    runId: options.runId ?? `run-${++runCounter}-${Date.now()}`,
    fullRefresh: options.fullRefresh ?? false,
    dryRun: false,
    signal: new AbortController().signal,
    run: (sql, o) => {
      statements.push(sql);
      return adapter.execute(sql, o);
    },
    query: (sql, o) => adapter.queryAll(sql, o),
    log: () => {},
  };
  return { context, statements };
}

/** Runs a strategy and stores its state like the runner does after success. */
export async function runStrategy(strategy: ExecutionStrategy, run: TestRun): Promise<StrategyOutcome> {
  const outcome = await strategy.execute(run.context);
  if (outcome.state) await run.context.state.put({ actionId: run.context.action.id, ...outcome.state });
  return outcome;
}

export async function scalar(adapter: EngineAdapter, sql: string): Promise<number> {
  const rows: Row[] = await adapter.queryAll(sql);
  return Number(Object.values(rows[0])[0]);
}
