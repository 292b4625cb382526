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
  /**
   * The `sluice run` arguments that select exactly this action. A bare `--select <id>` also
   * selects each assertion whose inputs are all selected (indirect selection), and those
   * assertions are tasks of their own: excluding them keeps every action to one task.
   */
  selection: string[];
}

/**
 * Tasks that the graph lets run side by side still take one run lock per project and profile,
 * so a task waits for the lock rather than fail at once: an hour covers the sibling tasks ahead
 * of it in a typical run. Raise it (export option) for graphs with long parallel branches.
 */
export const DEFAULT_TASK_LOCK_TIMEOUT_SECONDS = 3600;

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
    selection: exactSelection(index, id),
  }));
}

/**
 * `--select <id>` plus the --exclude that undoes indirect assertion selection (src/select/select.ts):
 * the assertions it would add are those whose dependencies are all this one action. An action that
 * is not an assertion excludes them all by type; an assertion (rarely the only input of another)
 * excludes those by id, since excluding by type would drop the assertion itself.
 */
function exactSelection(index: GraphIndex, actionId: string): string[] {
  const pulledIn = index.graph.actions.filter((action) => {
    if (action.type !== "assertion" || action.id === actionId) return false;
    const deps = index.upstream.get(action.id)!;
    return deps.length > 0 && deps.every((dep) => dep === actionId);
  });
  if (pulledIn.length === 0) return ["--select", actionId];
  if (index.byId.get(actionId)!.type !== "assertion") return ["--select", actionId, "--exclude", "type:assertion"];
  return ["--select", actionId, ...pulledIn.flatMap((assertion) => ["--exclude", assertion.id])];
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
