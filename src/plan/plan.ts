import type { Action, CompiledGraph } from "../graph/schema.js";
import { selectActions, type Selection } from "./select.js";

/**
 * The run plan: the selected actions and, for each, the selected actions it must wait for.
 * Besides its own dependencies an action waits for every error-severity assertion on the
 * models it reads (an assertion whose parentAction is one of its dependencies), so a failing
 * check keeps bad data from flowing further. Warn assertions hold nothing back, and assertions
 * never wait for each other, so every check of a model reports.
 */
export interface RunPlan {
  actions: Action[];
  waitsFor: Map<string, string[]>;
}

export function planRun(graph: CompiledGraph, selection: Selection = {}): RunPlan {
  const actions = selectActions(graph, selection);
  const selected = new Map(actions.map((a) => [a.id, a]));
  const blockingAssertions = new Map<string, Action[]>();
  for (const action of actions) {
    if (action.type !== "assertion" || action.severity === "warn" || !action.parentAction) continue;
    blockingAssertions.set(action.parentAction, [...(blockingAssertions.get(action.parentAction) ?? []), action]);
  }
  const upstream = upstreamOf(selected);
  const waitsFor = new Map<string, string[]>();
  for (const action of actions) {
    const waits = new Set(action.dependencies.filter((d) => selected.has(d)));
    if (action.type === "assertion" && action.parentAction && selected.has(action.parentAction)) waits.add(action.parentAction);
    // Checks of the same data all run: an assertion never waits for another assertion's verdict.
    if (action.type === "assertion") {
      waitsFor.set(action.id, [...waits]);
      continue;
    }
    for (const dep of [...waits]) {
      for (const assertion of blockingAssertions.get(dep) ?? []) {
        // An assertion that itself reads this action would make a cycle: it cannot guard it.
        if (assertion.id !== action.id && !upstream(assertion.id).has(action.id)) waits.add(assertion.id);
      }
    }
    waitsFor.set(action.id, [...waits]);
  }
  return { actions, waitsFor };
}

/** Transitive upstream ids within the selection, computed on demand and remembered. */
function upstreamOf(selected: Map<string, Action>): (id: string) => Set<string> {
  const memo = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const result = new Set<string>();
    memo.set(id, result);
    const stack = [...(selected.get(id)?.dependencies ?? [])];
    while (stack.length) {
      const dep = stack.pop()!;
      if (result.has(dep) || !selected.has(dep)) continue;
      result.add(dep);
      stack.push(...(selected.get(dep)?.dependencies ?? []));
    }
    return result;
  };
  return visit;
}
