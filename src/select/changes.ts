import type { Action, CompiledGraph } from "../graph/schema.js";
import type { ActionState, StateStore } from "../execute/strategy.js";
import { GraphIndex } from "./graph-index.js";
import { upstreamChangesFromState } from "./data-versions.js";

/**
 * Change detection from fingerprints. An action's data fingerprint covers what changes its output
 * (normalised SQL and output-changing config); its metadata fingerprint covers docs and tags.
 * Only the data fingerprint is compared here, so a description, tag or whitespace edit (which the
 * compiler normalises away) never marks anything modified.
 */

/** Previous per-action state: a preloaded map or a lookup. Sync because selection is sync. */
export type PreviousState = ReadonlyMap<string, ActionState> | ((actionId: string) => ActionState | undefined);

export function stateLookup(state: PreviousState): (actionId: string) => ActionState | undefined {
  return typeof state === "function" ? state : (actionId) => state.get(actionId);
}

/** Reads every action's state from the store up front, so selection and planning stay synchronous. */
export async function loadPreviousState(store: StateStore, actionIds: Iterable<string>): Promise<Map<string, ActionState>> {
  const states = new Map<string, ActionState>();
  for (const id of actionIds) {
    const state = await store.get(id);
    if (state) states.set(id, state);
  }
  return states;
}

/** Declarations name data that already exists: there is nothing of ours to rebuild. */
function isBuildable(action: Action): boolean {
  return action.type !== "declaration";
}

/** Never built successfully, or built from a different definition than the current one. */
export function isModified(action: Action, previous: ActionState | undefined): boolean {
  if (!isBuildable(action)) return false;
  if (!previous?.lastSuccessAt || previous.dataFingerprint === undefined) return true;
  return previous.dataFingerprint !== action.fingerprint.data;
}

/** Ids of the actions whose own data fingerprint differs from the last successful run, in graph order. */
export function modifiedActions(graph: CompiledGraph, state: PreviousState): string[] {
  const lookup = stateLookup(state);
  return graph.actions.filter((action) => isModified(action, lookup(action.id))).map((action) => action.id);
}

export type RebuildDecision = "rebuild" | "incremental" | "up_to_date";

/**
 * Why an action's output may differ from last time, which downstream actions look at:
 * "definition" — its logic (or logic upstream) changed, so previously processed rows are stale;
 * "data" — only new input arrived; "none" — its output is the same as last run.
 */
export type ChangeCause = "definition" | "data" | "none";

export interface ActionPlan {
  actionId: string;
  decision: RebuildDecision;
  /** What this action's run means for its downstream. */
  cause: ChangeCause;
  reason: string;
}

/** What the dependencies of one action did in this run. */
export interface UpstreamChanges {
  /** Dependencies rebuilt because a definition changed (theirs or further up). */
  definitionChanged: string[];
  /** Dependencies that produced new or different rows. */
  dataChanged: string[];
}

/**
 * One action's decision given its previous state and what its dependencies did in this run.
 * The runner calls this as it reaches each action, passing what the dependencies actually did
 * (an incremental model that found no new rows counts as unchanged); planRebuild calls it with
 * estimates for a preview.
 *
 * - ingest and transfers always run: they are how new data enters, and they keep their own watermark
 *   (a watermarked transfer reloads whole when it or its source's definition changed);
 * - incremental models run incrementally, unless their definition or an upstream definition
 *   changed, or they were never built: then the rows already processed are stale and they rebuild;
 * - operations always run (their side effects are not fingerprinted data), but invalidate their
 *   downstream only when they or their inputs changed;
 * - tables, views and assertions rebuild when their fingerprint changed, they never succeeded,
 *   or an upstream produced different data; otherwise they are up to date.
 */
export function decideAction(action: Action, previous: ActionState | undefined, upstream: UpstreamChanges, fullRefresh = false): ActionPlan {
  const plan = (decision: RebuildDecision, cause: ChangeCause, reason: string): ActionPlan => ({ actionId: action.id, decision, cause, reason });
  const modified = isModified(action, previous);
  const neverBuilt = !previous?.lastSuccessAt;
  const upstreamDefinition = upstream.definitionChanged.length > 0;
  const upstreamData = upstream.dataChanged.length > 0;

  switch (action.type) {
    case "declaration":
      return plan("up_to_date", "none", "declaration: data managed outside the project");
    case "transfer":
      // A transfer without a watermark copies the whole source: like a table, it is up to date
      // while the source is; one with a watermark moves only newer rows, so it always runs.
      if (!action.transfer?.watermarkColumn) return decideTableLike(action, modified, neverBuilt, upstream, fullRefresh, plan);
      // A source rebuilt under a new definition keeps its watermark values (rows are rewritten,
      // not newer), so only a full reload carries the rewritten rows across.
      if (fullRefresh) return plan("rebuild", "definition", "full refresh");
      if (modified) return plan("rebuild", "definition", "definition changed: full reload");
      if (upstreamDefinition) return plan("rebuild", "definition", `upstream definition changed: full reload (${upstream.definitionChanged.join(", ")})`);
      return plan("incremental", "data", "watermarked transfers always run to pick up new rows");
    case "ingest":
      return plan("incremental", modified ? "definition" : "data", "ingest always runs to pick up new files");
    case "operations":
      // They run every time, but an unchanged one with unchanged inputs does not invalidate its downstream.
      return plan("rebuild", modified || neverBuilt || upstreamDefinition ? "definition" : upstreamData ? "data" : "none", "operations always run");
    case "incremental":
      if (fullRefresh) return plan("rebuild", "definition", "full refresh");
      if (neverBuilt) return plan("rebuild", "definition", "never built");
      if (modified) return plan("rebuild", "definition", "definition changed: full rebuild");
      if (upstreamDefinition) return plan("rebuild", "definition", `upstream definition changed: ${upstream.definitionChanged.join(", ")}`);
      return plan("incremental", "data", "processes new data only");
    default:
      return decideTableLike(action, modified, neverBuilt, upstream, fullRefresh, plan);
  }
}

function decideTableLike(
  _action: Action,
  modified: boolean,
  neverBuilt: boolean,
  upstream: UpstreamChanges,
  fullRefresh: boolean,
  plan: (decision: RebuildDecision, cause: ChangeCause, reason: string) => ActionPlan,
): ActionPlan {
  if (fullRefresh) return plan("rebuild", "definition", "full refresh");
  if (neverBuilt) return plan("rebuild", "definition", "never built");
  if (modified) return plan("rebuild", "definition", "definition changed");
  if (upstream.definitionChanged.length) return plan("rebuild", "definition", `upstream definition changed: ${upstream.definitionChanged.join(", ")}`);
  if (upstream.dataChanged.length) return plan("rebuild", "data", `upstream data changed: ${upstream.dataChanged.join(", ")}`);
  return plan("up_to_date", "none", "fingerprint and upstream data unchanged");
}

export interface PlanRebuildOptions {
  fullRefresh?: boolean;
}

/**
 * A whole-graph preview of decideAction. Whether an action that runs incrementally actually
 * finds new data is known only at run time; `upstreamDataChanged(id)` answers it when the caller
 * knows (e.g. an ingest found no new files). When it is not given, actions that run incrementally
 * are assumed to bring new data (so downstream tables rebuild: never stale) and declarations
 * are assumed unchanged (nothing tells us otherwise; use --full-refresh or a selection).
 */
export function planRebuild(
  graph: CompiledGraph,
  state: PreviousState,
  upstreamDataChanged?: (actionId: string) => boolean,
  options: PlanRebuildOptions = {},
): Map<string, ActionPlan> {
  const index = new GraphIndex(graph);
  const lookup = stateLookup(state);
  const plans = new Map<string, ActionPlan>();
  for (const id of index.order) {
    const action = index.byId.get(id)!;
    // Changes since this action last succeeded (earlier runs), then what this run will do upstream.
    const since = upstreamChangesFromState(action, lookup(id), lookup);
    const upstream: UpstreamChanges = { definitionChanged: [], dataChanged: [] };
    for (const dep of index.upstream.get(id)!) {
      const effect = outputEffect(index.byId.get(dep)!, plans.get(dep)!, upstreamDataChanged);
      if (effect === "definition" || since.definitionChanged.includes(dep)) upstream.definitionChanged.push(dep);
      else if (effect === "data" || since.dataChanged.includes(dep)) upstream.dataChanged.push(dep);
    }
    plans.set(id, decideAction(action, lookup(id), upstream, options.fullRefresh));
  }
  return plans;
}

/** How an upstream action's planned run changes what its downstream reads. */
function outputEffect(action: Action, plan: ActionPlan, upstreamDataChanged: ((actionId: string) => boolean) | undefined): ChangeCause {
  if (plan.cause === "definition") return "definition";
  const known = upstreamDataChanged?.(action.id);
  if (action.type === "declaration") return known ? "data" : "none";
  if (plan.decision === "up_to_date") return "none";
  if (plan.decision === "incremental") return (known ?? true) ? "data" : "none";
  if (action.type === "operations") return plan.cause;
  return "data";
}
