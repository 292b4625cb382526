import type { CompiledGraph } from "../graph/schema.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineAdapter } from "../engines/adapter.js";
import type { ActionState } from "../execute/strategy.js";
import { connectTarget } from "../engines/registry.js";
import { EngineStateStore } from "../state/store.js";
import { loadPreviousState } from "./changes.js";
import { parseSelectors } from "./syntax.js";

/** Whether any selector reads the previous state, so callers connect to engines only when needed. */
export function selectorsNeedState(...lists: Array<readonly string[] | undefined>): boolean {
  return lists.some((list) => parseSelectors(list ?? []).some((term) => term.some((atom) => atom.method === "state")));
}

/**
 * Reads every action's last recorded state from the engines (read-only; `_sluice.action_state`
 * is kept per target by the runner). Connections are closed before returning so the run that
 * follows can open the same DuckDB file.
 */
export async function readPreviousState(graph: CompiledGraph, profile: ResolvedProfile, redact: (text: string) => string = (text) => text): Promise<Map<string, ActionState>> {
  const connections = new Map<string, Promise<EngineAdapter>>();
  const adapterFor = (targetName: string): Promise<EngineAdapter> => {
    let pending = connections.get(targetName);
    if (!pending) {
      const target = profile.targets[targetName];
      pending = target ? connectTarget(target, { redact, runId: "select" }) : Promise.reject(new Error(`profile "${profile.name}" has no target "${targetName}"`));
      connections.set(targetName, pending);
    }
    return pending;
  };
  const store = new EngineStateStore(graph.actions, adapterFor, "select", true);
  try {
    return await loadPreviousState(store, graph.actions.filter((action) => action.type !== "declaration").map((action) => action.id));
  } finally {
    for (const pending of connections.values()) {
      try {
        await (await pending).close();
      } catch {
        // a target that never connected has nothing to close
      }
    }
  }
}
