import type { Action } from "../graph/schema.js";
import type { ActionState, StateStore } from "../execute/strategy.js";
import { decideAction, type ActionPlan } from "./changes.js";
import { upstreamChangesFromState, versionsAfterSuccess, type DataVersions } from "./data-versions.js";

/**
 * The two calls a runner makes per action to build only what is needed:
 *   before: `const plan = await planActionFromStore(action, store, fullRefresh)`;
 *           plan.decision === "up_to_date" → report it, run nothing, write no state;
 *           "rebuild" on an incremental model → run it as a full refresh;
 *   after success: merge `await versionsFromStore(action, plan, store, runId, outputChanged(plan, rowsAffected))`
 *           into the state's `extra`.
 * Dependencies run before their dependents, so their state is already this run's when read.
 */
export async function planActionFromStore(action: Action, store: StateStore, fullRefresh = false): Promise<ActionPlan> {
  const states = await statesOf(action, store);
  return decideAction(action, states.get(action.id), upstreamChangesFromState(action, states.get(action.id), (id) => states.get(id)), fullRefresh);
}

/** `changed`: see outputChanged (rebuilt, or an incremental run that wrote rows or could not say). */
export async function versionsFromStore(action: Action, plan: ActionPlan, store: StateStore, runId: string, changed: boolean): Promise<DataVersions> {
  const states = await statesOf(action, store);
  return versionsAfterSuccess(action, plan, states.get(action.id), (id) => states.get(id), runId, changed);
}

/** Whether a successful run of this plan changed the action's rows, as downstream actions must see it. */
export function outputChanged(plan: ActionPlan, rowsAffected: number | null | undefined): boolean {
  if (plan.decision === "up_to_date") return false;
  if (plan.decision === "incremental") return rowsAffected !== 0;
  return plan.cause !== "none";
}

async function statesOf(action: Action, store: StateStore): Promise<Map<string, ActionState>> {
  const states = new Map<string, ActionState>();
  for (const id of [action.id, ...action.dependencies]) {
    const state = await store.get(id);
    if (state) states.set(id, state);
  }
  return states;
}
