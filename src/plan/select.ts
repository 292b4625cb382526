import type { Action, CompiledGraph } from "../graph/schema.js";
import { selectActions as selectByLanguage } from "../select/select.js";

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

/**
 * The runner's list-style options are spelled in the selector language (src/select), so names,
 * tags and graph walks resolve one way everywhere: `--actions a --include-deps` is `+a`.
 */
export function selectActions(graph: CompiledGraph, selection: Selection = {}): Action[] {
  const enabled = graph.actions.filter((a) => !a.disabled);
  if (selectsEverything(selection)) return enabled;
  const up = selection.includeDeps ? "+" : "";
  const down = selection.includeDependents ? "+" : "";
  const selectors = [
    ...(selection.ids ?? []),
    ...(selection.actions ?? []).map((name) => name.trim()).filter(Boolean),
    ...(selection.tags ?? []).map((tag) => tag.trim()).filter(Boolean).map((tag) => `tag:${tag}`),
  ].map((selector) => `${up}${selector}${down}`);
  if (!selectors.length) return [];
  const chosen = new Set(selectByLanguage(graph, { select: selectors, indirectAssertions: "none" }));
  return enabled.filter((a) => chosen.has(a.id));
}
