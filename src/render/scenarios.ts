import type { CompiledGraph, Target } from "../graph/schema.js";
import type { ColumnInfo, RelationInfo } from "../engines/adapter.js";
import type { ActionState } from "../execute/strategy.js";
import { BATCH_ID_COLUMN, FAILED_RULES_COLUMN, QUARANTINED_AT_COLUMN, hasDropRule, quarantineTarget } from "../quality/expectations.js";
import { auditSchemaOf } from "../quality/strategy-hooks.js";

/**
 * What the offline renderer pretends the warehouse holds. A scenario answers the introspection a
 * strategy does (does the schema exist, what is this relation, what did the last run remember)
 * from the compiled graph alone, deterministically, so the same graph always renders the same SQL.
 */
export type ScenarioName = "first-build" | "incremental";

export const SCENARIO_NAMES: readonly ScenarioName[] = ["first-build", "incremental"];

export interface Scenario {
  readonly name: ScenarioName;
  /** One line for people: what the renderer assumed. */
  readonly assumes: string;
  readonly fullRefresh: boolean;
  schemaExists(target: Pick<Target, "database" | "schema">): boolean;
  describeRelation(target: Target): RelationInfo | null;
  state(actionId: string): ActionState | undefined;
}

/** The moment every rendered timestamp is pinned to (state rows, ingestion times). */
export const RENDER_CLOCK = "2026-01-01T00:00:00.000Z";
/** The run id of every rendering: batch ids and transfer file names carry it. */
export const RENDER_RUN_ID = "00000000-0000-0000-0000-000000000000";
/** The watermark a previous transfer is assumed to have stored. */
export const RENDER_WATERMARK = "2025-12-31 23:00:00";
/**
 * Column docs carry names, not types. A type the renderer had to invent shows up as this word,
 * so a statement that would print it stands out in review (none does today).
 */
export const UNDOCUMENTED_TYPE = "UNDOCUMENTED_TYPE";

export function scenario(name: ScenarioName, graph: CompiledGraph): Scenario {
  return name === "first-build" ? firstBuild() : incrementalRun(graph);
}

/** --full-refresh on an empty warehouse: no schema, no relation, no state. */
function firstBuild(): Scenario {
  return {
    name: "first-build",
    assumes: "full refresh; no schema, relation or state exists yet",
    fullRefresh: true,
    schemaExists: () => false,
    describeRelation: () => null,
    state: () => undefined,
  };
}

/**
 * A later run: every schema exists, every relation exists (a view where the graph builds a view,
 * a table otherwise) with the columns the graph documents (ingest targets: their hinted columns;
 * transfers: their source's; quarantine tables: their model's and the audit columns),
 * and every action succeeded before, transfers with a stored watermark; a model merging on its
 * uniqueKey merged in this run and its uniqueKey check saw the table the run before left (so the
 * check covers the merged keys only).
 */
function incrementalRun(graph: CompiledGraph): Scenario {
  const relations = new Map<string, RelationInfo>();
  const watermarked = new Set<string>();
  const byId = new Map(graph.actions.map((action) => [action.id, action]));
  // The run before this one, as far as state chains runs (see the assertion strategy).
  const previousRun = "00000000-0000-0000-0000-000000000001";
  const extras = new Map<string, Record<string, unknown>>();
  for (const action of graph.actions) {
    if (!action.mergedKeysQuery || !action.parentAction) continue;
    // The parent merged in this run and its uniqueKey check saw what the run before left.
    extras.set(action.parentAction, { mode: "incremental", strategy: "merge", changedIn: RENDER_RUN_ID, changedBefore: previousRun });
    extras.set(action.id, { violations: 0, checkedParentRun: previousRun });
  }
  for (const action of graph.actions) {
    // A transfer's destination has the columns of the table it copies.
    const documented = action.transfer ? (byId.get(action.transfer.source)?.columns ?? {}) : action.columns;
    const columns: ColumnInfo[] = Object.keys(documented).map((name) => ({ name, type: UNDOCUMENTED_TYPE }));
    const known = new Set(columns.map((c) => c.name.toLowerCase()));
    for (const [name, type] of Object.entries(action.ingest?.columns ?? {})) {
      if (!known.has(name.toLowerCase())) columns.push({ name, type: type.toUpperCase() });
    }
    relations.set(key(action.target), { kind: action.type === "view" ? "view" : "table", columns });
    // A model with drop rules has its quarantine table: the model's columns and the audit ones.
    if (hasDropRule(action.expectations)) {
      relations.set(key(quarantineTarget(action.target, auditSchemaOf(graph))), {
        kind: "table",
        columns: [...columns, { name: FAILED_RULES_COLUMN, type: "STRING" }, { name: BATCH_ID_COLUMN, type: "STRING" }, { name: QUARANTINED_AT_COLUMN, type: "TIMESTAMP" }],
      });
    }
    if (action.transfer?.watermarkColumn) watermarked.add(action.id);
  }
  return {
    name: "incremental",
    assumes: "every schema and relation exists (documented columns), every action succeeded before",
    fullRefresh: false,
    schemaExists: () => true,
    // Relations the graph does not build (declared sources, quarantine tables) exist without known columns.
    describeRelation: (target) => relations.get(key(target)) ?? { kind: "table", columns: [] },
    state: (actionId) => ({
      actionId,
      lastSuccessAt: RENDER_CLOCK,
      dataFingerprint: byId.get(actionId)?.fingerprint.data,
      ...(watermarked.has(actionId) ? { watermark: RENDER_WATERMARK } : {}),
      ...(extras.has(actionId) ? { extra: extras.get(actionId) } : {}),
    }),
  };
}

function key(target: Target): string {
  return [target.database ?? "", target.schema, target.name].join(".").toLowerCase();
}
