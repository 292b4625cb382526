import type { CompiledGraph } from "../../graph/schema.js";
import { GraphIndex } from "../../select/graph-index.js";

/**
 * What an external scheduler runs: one task per action that does work, each `sluice run --select
 * <id>`, with the graph's edges. Per-action tasks (rather than one task per layer) give the
 * external scheduler per-model retries, timing and alerting, while state, fingerprints and
 * incremental logic stay in Sluice. Declarations and disabled actions do no work, so they are not
 * tasks; edges through them are bridged so ordering is never lost.
 */
export interface ScheduledTask {
  /** Sanitised, unique, stable key for the external scheduler. */
  key: string;
  actionId: string;
  type: string;
  /** Keys of the tasks this one waits for, sorted. */
  upstream: string[];
}

export interface TaskKeyRules {
  /** Characters outside this class become "_". */
  allowed: RegExp;
  maxLength: number;
}

export function scheduledTasks(graph: CompiledGraph, rules: TaskKeyRules): ScheduledTask[] {
  const index = new GraphIndex(graph);
  const isTask = (id: string) => {
    const action = index.byId.get(id)!;
    return action.type !== "declaration" && !action.disabled;
  };
  const keys = new Map<string, string>();
  const used = new Set<string>();
  for (const id of index.order) {
    if (!isTask(id)) continue;
    keys.set(id, uniqueKey(taskKey(id, rules), used, rules.maxLength));
  }
  // Nearest task ancestors: walk up through non-task actions.
  const nearest = new Map<string, Set<string>>();
  for (const id of index.order) {
    const found = new Set<string>();
    for (const dep of index.upstream.get(id)!) {
      if (isTask(dep)) found.add(dep);
      else for (const through of nearest.get(dep)!) found.add(through);
    }
    nearest.set(id, found);
  }
  return index.order.filter(isTask).map((id) => ({
    key: keys.get(id)!,
    actionId: id,
    type: index.byId.get(id)!.type,
    upstream: [...nearest.get(id)!].map((dep) => keys.get(dep)!).sort(),
  }));
}

function taskKey(actionId: string, rules: TaskKeyRules): string {
  let key = "";
  for (const char of actionId.replace(/\./g, "__")) key += rules.allowed.test(char) ? char : "_";
  return key.slice(0, rules.maxLength);
}

/** Two ids that sanitise alike (a.b_c and a_b.c) get numbered suffixes, in graph order. */
function uniqueKey(key: string, used: Set<string>, maxLength: number): string {
  let candidate = key;
  for (let n = 2; used.has(candidate); n++) {
    const suffix = `_${n}`;
    candidate = key.slice(0, maxLength - suffix.length) + suffix;
  }
  used.add(candidate);
  return candidate;
}
