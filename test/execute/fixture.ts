import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActionSchema, CompiledGraphSchema, type Action, type CompiledGraph } from "../../src/graph/schema.js";
import type { ResolvedProfile } from "../../src/config/profiles.js";
import type { EngineAdapter, Row } from "../../src/engines/adapter.js";
import { connectDuckDB } from "../../src/engines/duckdb/adapter.js";

/**
 * Builds compiled graphs and local profiles directly, so the runner is tested without the
 * compiler: a temp project folder with one DuckDB file per target.
 */
export interface TestProject {
  dir: string;
  profile: ResolvedProfile;
  /** A connection to one target's database, for setting up and checking data. */
  db(targetName?: string): Promise<EngineAdapter>;
  rows(sql: string, targetName?: string): Promise<Row[]>;
  exec(sql: string, targetName?: string): Promise<void>;
  cleanup(): void;
}

export function makeProject(options: { targets?: string[]; retry?: { attempts: number; backoffMs: number } } = {}): TestProject {
  const dir = mkdtempSync(join(tmpdir(), "sluice-run-"));
  const dataDir = join(dir, "data");
  const names = options.targets ?? ["lakehouse", "warehouse"];
  const profile: ResolvedProfile = {
    name: "local",
    projectDir: dir,
    dataDir,
    zones: { raw: join(dataDir, "raw"), processed: join(dataDir, "processed"), archive: join(dataDir, "archive") },
    targets: Object.fromEntries(
      names.map((name) => [name, { name, engine: "duckdb" as const, database: name, settings: { engine: "duckdb", database: name, path: join(dataDir, `${name}.duckdb`) }, missingEnv: [] }]),
    ),
    retry: options.retry ?? { attempts: 2, backoffMs: 10 },
    secrets: [],
  };
  const connections = new Map<string, Promise<EngineAdapter>>();
  const db = (targetName = "lakehouse") => {
    let pending = connections.get(targetName);
    if (!pending) {
      pending = connectDuckDB(profile.targets[targetName], { redact: (t) => t });
      connections.set(targetName, pending);
    }
    return pending;
  };
  return {
    dir,
    profile,
    db,
    rows: async (sql, targetName) => (await db(targetName)).queryAll(sql),
    exec: async (sql, targetName) => {
      await (await db(targetName)).execute(sql);
    },
    cleanup: () => {
      for (const pending of connections.values()) pending.then((a) => a.close()).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type ActionInput = Partial<Omit<Action, "target">> & { name: string; schema?: string; targetName?: string };

/** An action on target lakehouse (schema silver unless given), id "lakehouse.<schema>.<name>". */
export function action(input: ActionInput): Action {
  const targetName = input.targetName ?? "lakehouse";
  const schema = input.schema ?? "silver";
  const target = { database: targetName, schema, name: input.name };
  const { name: _name, schema: _schema, ...rest } = input;
  return ActionSchema.parse({
    id: `${targetName}.${schema}.${input.name}`,
    type: "table",
    targetName,
    engine: "duckdb",
    fileName: `definitions/${schema}/${input.name}.sqlx`,
    line: 1,
    fingerprint: { data: `fp-${input.name}-${input.query ?? ""}`, metadata: "m" },
    ...rest,
    target,
  });
}

export function graphOf(actions: Action[], targets: string[] = ["lakehouse", "warehouse"]): CompiledGraph {
  return CompiledGraphSchema.parse({
    sluiceVersion: "test",
    profile: "local",
    projectConfig: { defaultDatabase: "lakehouse", defaultSchema: "silver", assertionSchema: "audit", vars: {} },
    targets: Object.fromEntries(targets.map((t) => [t, { engine: "duckdb", database: t }])),
    actions,
  });
}

/** Rows as sorted plain tuples, for order-independent comparisons. */
export function sorted(rows: Row[]): unknown[][] {
  return rows.map((r) => Object.values(r)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/**
 * A DuckDB connection that behaves like an engine without transactions (Delta): every statement
 * commits on its own, transaction() just runs its function, and a statement matching `failOn`
 * (a pattern, or a function asked at each statement) fails as a crash would.
 */
export function withoutTransactions(adapter: EngineAdapter, failOn?: RegExp | (() => RegExp | undefined)): EngineAdapter {
  const crashes = (sql: string) => (typeof failOn === "function" ? failOn() : failOn)?.test(sql) ?? false;
  return Object.assign(Object.create(adapter) as EngineAdapter, {
    capabilities: { ...adapter.capabilities, transactions: false, transactionalDdl: false },
    execute: (sql: string, options?: Parameters<EngineAdapter["execute"]>[1]) => {
      if (crashes(sql)) return Promise.reject(new Error("crash"));
      return adapter.execute(sql, options);
    },
    transaction: <T>(fn: () => Promise<T>) => fn(),
  });
}
