import type { Action } from "../graph/schema.js";
import type { ActionState } from "../execute/strategy.js";
import type { ActionPlan, UpstreamChanges } from "./changes.js";

/**
 * Knowing what changed upstream across runs, not only within one. If `run --select orders`
 * brings new rows into orders, a later plain run must still rebuild the tables that read orders,
 * though orders itself has nothing new by then. So each action's state remembers two versions
 * (the id of the run that last changed them) in ActionState.extra:
 *   definitionVersion — last rebuilt because a definition (its own or upstream) changed;
 *   outputVersion     — last changed its rows at all;
 * and the versions of each dependency it read when it last succeeded (inputVersions).
 * A dependency whose versions differ from the recorded ones has changed since.
 */
export interface DataVersions {
  definitionVersion?: string;
  outputVersion?: string;
  inputVersions?: Record<string, { definition?: string; output?: string }>;
}

export function dataVersions(state: ActionState | undefined): DataVersions {
  const extra = state?.extra ?? {};
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const inputs: DataVersions["inputVersions"] = {};
  const raw = extra.inputVersions;
  if (raw && typeof raw === "object") {
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      const entry = (value ?? {}) as Record<string, unknown>;
      inputs[id] = { definition: text(entry.definition), output: text(entry.output) };
    }
  }
  return { definitionVersion: text(extra.definitionVersion), outputVersion: text(extra.outputVersion), inputVersions: raw ? inputs : undefined };
}

/**
 * What changed upstream of `action` since it last succeeded, from the current state of its
 * dependencies (already updated by this run for dependencies that ran before it).
 * A dependency without versions (a declaration) is unchanged when it was versionless before too.
 */
export function upstreamChangesFromState(action: Action, previous: ActionState | undefined, stateOf: (actionId: string) => ActionState | undefined): UpstreamChanges {
  const recorded = dataVersions(previous).inputVersions;
  const changes: UpstreamChanges = { definitionChanged: [], dataChanged: [] };
  for (const dep of action.dependencies) {
    const now = dataVersions(stateOf(dep));
    if (!recorded) {
      // State from before versions were kept: new rows may have come, but nothing says the logic changed.
      if (now.outputVersion) changes.dataChanged.push(dep);
      continue;
    }
    const then = recorded[dep];
    if (now.definitionVersion !== then?.definition) changes.definitionChanged.push(dep);
    else if (now.outputVersion !== then?.output) changes.dataChanged.push(dep);
  }
  return changes;
}

/**
 * The version fields to store in ActionState.extra after `action` succeeded in run `runId`.
 * `outputChanged`: rebuilt, or an incremental run that wrote rows (rowsAffected > 0, or unknown).
 */
export function versionsAfterSuccess(
  action: Action,
  plan: ActionPlan,
  previous: ActionState | undefined,
  stateOf: (actionId: string) => ActionState | undefined,
  runId: string,
  outputChanged: boolean,
): DataVersions {
  const before = dataVersions(previous);
  const inputVersions: NonNullable<DataVersions["inputVersions"]> = {};
  for (const dep of action.dependencies) {
    const now = dataVersions(stateOf(dep));
    inputVersions[dep] = { definition: now.definitionVersion, output: now.outputVersion };
  }
  const definitionVersion = plan.cause === "definition" || !before.definitionVersion ? runId : before.definitionVersion;
  const outputVersion = outputChanged || !before.outputVersion ? runId : before.outputVersion;
  return { definitionVersion, outputVersion, inputVersions };
}
