import { ActionSchema, CompiledGraphSchema, type Action, type CompiledGraph } from "../../src/graph/schema.js";
import type { ActionState } from "../../src/execute/strategy.js";

/** A hand-written graph so selection tests do not depend on the compiler. */
export interface ActionSpec {
  name: string;
  schema?: string;
  type?: Action["type"];
  deps?: string[];
  tags?: string[];
  file?: string;
  targetName?: string;
  engine?: Action["engine"];
  data?: string;
}

export function action(spec: ActionSpec): Action {
  const schema = spec.schema ?? "analytics";
  return ActionSchema.parse({
    id: `db.${schema}.${spec.name}`,
    type: spec.type ?? "table",
    target: { database: "db", schema, name: spec.name },
    targetName: spec.targetName ?? "lakehouse",
    engine: spec.engine ?? "duckdb",
    fileName: spec.file ?? `definitions/${spec.name}.sqlx`,
    tags: spec.tags ?? [],
    dependencies: (spec.deps ?? []).map((dep) => (dep.includes(".") ? dep : `db.analytics.${dep}`)),
    fingerprint: { data: spec.data ?? `data-${spec.name}`, metadata: `meta-${spec.name}` },
  });
}

export function graphOf(actions: Action[]): CompiledGraph {
  return CompiledGraphSchema.parse({
    sluiceVersion: "test",
    profile: "local",
    projectConfig: { defaultSchema: "analytics", assertionSchema: "assertions", vars: {} },
    targets: { lakehouse: { engine: "duckdb" }, warehouse: { engine: "snowflake" } },
    actions,
  });
}

export const id = (name: string, schema = "analytics") => `db.${schema}.${name}`;

/**
 *   raw.orders ─ stg_orders ─ orders (incremental) ─┐
 *                                                   customer_orders ─ report (warehouse)
 *   raw.customers ─ stg_customers ─ customers ──────┘        └─ customer_orders_unique (assertion)
 */
export function shopGraph(): CompiledGraph {
  return graphOf([
    action({ name: "report", deps: ["customer_orders"], file: "definitions/marts/report.sqlx", targetName: "warehouse", engine: "snowflake", tags: ["bi"] }),
    action({ name: "raw_orders", schema: "raw", type: "declaration", file: "definitions/sources/raw.sqlx" }),
    action({ name: "raw_customers", schema: "raw", type: "declaration", file: "definitions/sources/raw.sqlx" }),
    action({ name: "stg_orders", type: "view", deps: [id("raw_orders", "raw")], file: "definitions/staging/stg_orders.sqlx", tags: ["staging"] }),
    action({ name: "stg_customers", type: "view", deps: [id("raw_customers", "raw")], file: "definitions/staging/stg_customers.sqlx", tags: ["staging"] }),
    action({ name: "orders", type: "incremental", deps: ["stg_orders"], file: "definitions/gold/orders.sqlx", tags: ["nightly"] }),
    action({ name: "customers", deps: ["stg_customers"], file: "definitions/gold/customers.sqlx" }),
    action({ name: "customer_orders", deps: ["orders", "customers"], file: "definitions/gold/customer_orders.sqlx", tags: ["nightly"] }),
    action({ name: "customer_orders_unique", schema: "assertions", type: "assertion", deps: ["customer_orders"], file: "definitions/gold/customer_orders.sqlx" }),
  ]);
}

/** State as if every buildable action of the graph last succeeded with its current fingerprint. */
export function builtState(graph: CompiledGraph): Map<string, ActionState> {
  const states = new Map<string, ActionState>();
  for (const a of graph.actions) {
    if (a.type === "declaration") continue;
    states.set(a.id, { actionId: a.id, lastSuccessAt: "2026-01-01T00:00:00Z", dataFingerprint: a.fingerprint.data });
  }
  return states;
}

/** The same graph with one action's fingerprints or description replaced, as a recompile would give. */
export function edit(graph: CompiledGraph, actionId: string, change: Partial<Pick<Action, "description" | "tags">> & { data?: string; metadata?: string }): CompiledGraph {
  return {
    ...graph,
    actions: graph.actions.map((a) =>
      a.id !== actionId
        ? a
        : {
            ...a,
            description: change.description ?? a.description,
            tags: change.tags ?? a.tags,
            fingerprint: { data: change.data ?? a.fingerprint.data, metadata: change.metadata ?? a.fingerprint.metadata },
          },
    ),
  };
}
