import { existsSync, readFileSync } from "node:fs";

/**
 * Critical-path priorities for the scheduler. An action's priority is its own expected duration
 * plus the longest expected path through everything that waits for it, so when slots are scarce
 * the long chain (e.g. the big ingest → its silver model → that model's checks → gold → marts)
 * starts first and short branches fill the other slots, instead of whichever came first in the
 * plan. Durations come from the previous run; an action never timed counts as the median of
 * those that were (1 ms when none were), so without history the priority is the chain's length.
 */
export function criticalPathPriorities(
  ids: string[],
  waitsFor: Map<string, string[]>,
  previousMs: Map<string, number> = new Map(),
): Map<string, number> {
  const known = ids.map((id) => previousMs.get(id)).filter((ms): ms is number => ms !== undefined && Number.isFinite(ms) && ms >= 0);
  const fallback = known.length ? median(known) : 1;
  const estimate = (id: string) => Math.max(previousMs.get(id) ?? fallback, 1);

  const selected = new Set(ids);
  const dependents = new Map<string, string[]>();
  for (const id of ids) {
    for (const upstream of waitsFor.get(id) ?? []) {
      if (selected.has(upstream) && upstream !== id) dependents.set(upstream, [...(dependents.get(upstream) ?? []), id]);
    }
  }

  // Post-order walk with an explicit stack (a chain of thousands of actions would overflow the
  // call stack if recursed): an action is weighed once everything after it is.
  const priority = new Map<string, number>();
  const onPath = new Set<string>();
  for (const root of ids) {
    if (priority.has(root)) continue;
    const stack: Array<{ id: string; expanded: boolean }> = [{ id: root, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (priority.has(top.id)) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        onPath.add(top.id);
        // A cycle never reaches the scheduler's start; an action met again on its own path counts as 0 after it.
        for (const next of dependents.get(top.id) ?? []) if (!priority.has(next) && !onPath.has(next)) stack.push({ id: next, expanded: false });
        continue;
      }
      stack.pop();
      onPath.delete(top.id);
      let longestAfter = 0;
      for (const next of dependents.get(top.id) ?? []) longestAfter = Math.max(longestAfter, priority.get(next) ?? 0);
      priority.set(top.id, estimate(top.id) + longestAfter);
    }
  }
  return priority;
}

/** Action durations (ms) of a previous run_results.json; empty when there is none or it does not parse. */
export function previousDurations(resultsPath: string | false): Map<string, number> {
  const durations = new Map<string, number>();
  if (!resultsPath || !existsSync(resultsPath)) return durations;
  try {
    const parsed: unknown = JSON.parse(readFileSync(resultsPath, "utf8"));
    const actions = (parsed as { actions?: unknown }).actions;
    if (!Array.isArray(actions)) return durations;
    for (const action of actions as Array<{ id?: unknown; durationMs?: unknown; status?: unknown }>) {
      // A skipped action did no work: its 0 ms says nothing about its cost.
      if (typeof action.id === "string" && typeof action.durationMs === "number" && action.status !== "skipped") {
        durations.set(action.id, action.durationMs);
      }
    }
  } catch {
    // Only a hint for ordering: a damaged file means no history, never a failed run.
  }
  return durations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
