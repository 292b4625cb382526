import type { CompiledGraph } from "../graph/schema.js";
import type { ActionPlan } from "./changes.js";

/** One row per selected action, for `sluice ls --select …` (print with src/cli/table.ts formatTable). */
export interface SelectionRow {
  id: string;
  type: string;
  target: string;
  tags: string;
  file: string;
  /** Present when a rebuild plan is given: what a plain run would do. */
  plan?: string;
}

export function selectionRows(graph: CompiledGraph, ids: readonly string[], plans?: ReadonlyMap<string, ActionPlan>): SelectionRow[] {
  const byId = new Map(graph.actions.map((action) => [action.id, action]));
  return ids.map((id) => {
    const action = byId.get(id)!;
    const row: SelectionRow = { id, type: action.type, target: action.targetName, tags: action.tags.join(","), file: action.fileName };
    const plan = plans?.get(id);
    if (plan) row.plan = `${plan.decision} (${plan.reason})`;
    return row;
  });
}
