import type { Action, CompiledGraph } from "../graph/schema.js";
import { SluiceError } from "../errors.js";

/**
 * Which actions a run covers: `ids` (exact, as resolved by the selector language in src/select),
 * `actions` and `tags` pick (any matches), --include-deps and --include-dependents widen along the
 * graph. Disabled actions never run.
 *
 * A run covers every action only when none of ids, actions and tags is given. A list that is
 * given but empty picks nothing: an empty selection must never turn into "run everything".
 */
export interface Selection {
  /** Exact action ids, e.g. the result of `selectActions` in src/select. */
  ids?: readonly string[];
  /** Action ids, "schema.name" or bare names. */
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
}

/** No list given at all: the run covers the whole graph. */
export function selectsEverything(selection: Selection): boolean {
  return selection.ids === undefined && selection.actions === undefined && selection.tags === undefined;
}

export function selectActions(graph: CompiledGraph, selection: Selection = {}): Action[] {
  const enabled = graph.actions.filter((a) => !a.disabled);
  if (selectsEverything(selection)) return enabled;
  const picksByName = selection.actions?.filter((s) => s.trim()) ?? [];
  const tags = selection.tags?.filter((t) => t.trim()) ?? [];

  const chosen = new Set<string>();
  const enabledIds = new Set(enabled.map((a) => a.id));
  for (const id of selection.ids ?? []) if (enabledIds.has(id)) chosen.add(id);
  for (const name of picksByName) for (const action of resolveName(enabled, name)) chosen.add(action.id);
  for (const action of enabled) if (action.tags.some((t) => tags.includes(t))) chosen.add(action.id);

  const byId = new Map(enabled.map((a) => [a.id, a]));
  if (selection.includeDeps) walk(chosen, (id) => byId.get(id)?.dependencies ?? []);
  if (selection.includeDependents) {
    const dependents = new Map<string, string[]>();
    for (const action of enabled) for (const dep of action.dependencies) dependents.set(dep, [...(dependents.get(dep) ?? []), action.id]);
    walk(chosen, (id) => dependents.get(id) ?? []);
  }
  return enabled.filter((a) => chosen.has(a.id));
}

function walk(set: Set<string>, next: (id: string) => string[]): void {
  const stack = [...set];
  while (stack.length) {
    for (const id of next(stack.pop()!)) {
      if (!set.has(id)) {
        set.add(id);
        stack.push(id);
      }
    }
  }
}

function resolveName(actions: Action[], name: string): Action[] {
  const wanted = name.trim().toLowerCase();
  const exact = actions.filter((a) => a.id.toLowerCase() === wanted);
  if (exact.length) return exact;
  const matches = actions.filter(
    (a) => `${a.target.schema}.${a.target.name}`.toLowerCase() === wanted || a.target.name.toLowerCase() === wanted,
  );
  if (matches.length) return matches;
  const near = actions.filter((a) => a.id.toLowerCase().includes(wanted)).slice(0, 5).map((a) => a.id);
  throw new SluiceError({
    code: "unknown-action",
    message: `--actions: no action named "${name}"`,
    hint: near.length ? `did you mean ${near.join(", ")}?` : "run `sluice compile` to list the actions",
  });
}
