import picomatch from "picomatch";
import { ActionTypeSchema, EngineKindSchema, type Action, type CompiledGraph } from "../graph/schema.js";
import { SluiceError } from "../errors.js";
import type { ActionState } from "../execute/strategy.js";
import { suggestionHint } from "./did-you-mean.js";
import { GraphIndex } from "./graph-index.js";
import { isModified, stateLookup, type PreviousState } from "./changes.js";
import { parseSelectors, type SelectorAtom, type SelectorExpression } from "./syntax.js";

export interface SelectOptions {
  /** --select values; none (or only empty strings) selects every action. */
  select?: readonly string[];
  /** --exclude values, removed after selection. */
  exclude?: readonly string[];
  /** The last run's per-action state; required only by state: selectors. */
  state?: PreviousState;
  /**
   * "cautious" also selects each assertion whose dependencies are all selected, so
   * `run --select orders` checks orders too (dbt's indirect selection); "none" selects exactly
   * what the expression says. Excluded assertions stay excluded.
   */
  indirectAssertions?: "none" | "cautious";
  /** Disabled actions never run, so they are left out unless asked for (e.g. by `ls`). Graph operators still walk through them. */
  includeDisabled?: boolean;
}

/** Resolves --select/--exclude to action ids in dependency order. Throws SluiceError on syntax errors and unknown values. */
export function selectActions(graph: CompiledGraph, options: SelectOptions = {}): string[] {
  // Parse both first so a typo in --exclude fails before anything else is read.
  const include = parseSelectors(options.select ?? []);
  const exclude = parseSelectors(options.exclude ?? []);
  const index = new GraphIndex(graph);
  const evaluator = new SelectorEvaluator(index, options.state);

  let selected = include.length === 0 ? new Set(index.ids) : evaluator.evaluate(include);
  const excluded = evaluator.evaluate(exclude);
  if (options.indirectAssertions === "cautious") {
    for (const action of graph.actions) {
      if (action.type !== "assertion" || selected.has(action.id)) continue;
      const deps = index.upstream.get(action.id)!;
      if (deps.length > 0 && deps.every((dep) => selected.has(dep))) selected.add(action.id);
    }
  }
  selected = new Set([...selected].filter((id) => !excluded.has(id) && (options.includeDisabled || !index.byId.get(id)!.disabled)));
  return index.sort(selected);
}

class SelectorEvaluator {
  private readonly lookup: ((actionId: string) => ActionState | undefined) | undefined;

  constructor(
    private readonly index: GraphIndex,
    state: PreviousState | undefined,
  ) {
    this.lookup = state ? stateLookup(state) : undefined;
  }

  evaluate(expression: SelectorExpression): Set<string> {
    const union = new Set<string>();
    for (const term of expression) {
      let intersection: Set<string> | undefined;
      for (const atom of term) {
        const matched = this.expand(atom, this.match(atom));
        intersection = intersection ? new Set([...intersection].filter((id) => matched.has(id))) : matched;
      }
      for (const id of intersection ?? []) union.add(id);
    }
    return union;
  }

  /** Applies the graph operators of an atom to the actions its method matched. */
  private expand(atom: SelectorAtom, seeds: Set<string>): Set<string> {
    const result = new Set(seeds);
    if (atom.childrenWithParents) {
      const downstream = this.index.walk(seeds, "downstream");
      for (const id of downstream) result.add(id);
      for (const id of this.index.walk(result, "upstream")) result.add(id);
      return result;
    }
    if (atom.parents > 0) for (const id of this.index.walk(seeds, "upstream", atom.parents)) result.add(id);
    if (atom.children > 0) for (const id of this.index.walk(seeds, "downstream", atom.children)) result.add(id);
    return result;
  }

  private match(atom: SelectorAtom): Set<string> {
    const actions = this.index.graph.actions;
    const pick = (predicate: (action: Action) => boolean) => new Set(actions.filter(predicate).map((action) => action.id));
    const value = atom.value;
    switch (atom.method) {
      case "name":
        return this.nonEmpty(atom, pick(nameMatcher(value)), actions.flatMap((action) => [action.target.name, action.id]));
      case "tag": {
        const matches = globOrEqual(value);
        return this.nonEmpty(atom, pick((action) => action.tags.some(matches)), actions.flatMap((action) => action.tags));
      }
      case "path": {
        const matches = pathMatcher(value);
        return this.nonEmpty(atom, pick((action) => matches(action.fileName)), actions.flatMap((action) => pathAndFolders(action.fileName)));
      }
      case "type":
        checkEnum(atom, ActionTypeSchema.options);
        return pick((action) => action.type === value);
      case "engine":
        checkEnum(atom, EngineKindSchema.options);
        return pick((action) => action.engine === value);
      case "target":
        checkEnum(atom, Object.keys(this.index.graph.targets));
        return pick((action) => action.targetName === value);
      case "state":
        return this.matchState(atom);
    }
  }

  private matchState(atom: SelectorAtom): Set<string> {
    checkEnum(atom, ["modified", "new"]);
    const lookup = this.lookup;
    if (!lookup) {
      throw new SluiceError({
        message: `"${atom.raw}" needs the state of the previous run, and none was given`,
        hint: "state is recorded by `sluice run`; run once before selecting by state",
        code: "selector-no-state",
      });
    }
    const actions = this.index.graph.actions;
    const predicate =
      atom.value === "new"
        ? (action: Action) => action.type !== "declaration" && !lookup(action.id)?.lastSuccessAt
        : (action: Action) => isModified(action, lookup(action.id));
    return new Set(actions.filter(predicate).map((action) => action.id));
  }

  /** A name, tag or path that matches nothing is almost always a typo: say so rather than run nothing. */
  private nonEmpty(atom: SelectorAtom, matched: Set<string>, known: string[]): Set<string> {
    if (matched.size > 0) return matched;
    const what = atom.method === "name" ? "action" : atom.method;
    throw new SluiceError({
      message: `selector "${atom.raw}": no ${what} matches "${atom.value}"`,
      hint: suggestionHint(atom.value, known) ?? "`sluice ls` lists the actions, their tags and files",
      code: "selector-unknown",
    });
  }
}

/** A bare name is the action's own name, its full id, or schema.name; globs match any of them. */
function nameMatcher(value: string): (action: Action) => boolean {
  const matches = globOrEqual(value);
  return (action) => matches(action.target.name) || matches(action.id) || matches(`${action.target.schema}.${action.target.name}`);
}

function globOrEqual(pattern: string): (candidate: string) => boolean {
  if (!picomatch.scan(pattern).isGlob) return (candidate) => candidate === pattern;
  const isMatch = picomatch(pattern);
  return (candidate) => isMatch(candidate);
}

/** `path:definitions/gold` selects the folder and everything under it; a glob matches as written. */
function pathMatcher(value: string): (fileName: string) => boolean {
  const pattern = value.replace(/^\.\//, "").replace(/\/+$/, "");
  if (picomatch.scan(pattern).isGlob) {
    const isMatch = picomatch(pattern);
    return (fileName) => isMatch(normalisePath(fileName));
  }
  return (fileName) => {
    const file = normalisePath(fileName);
    return file === pattern || file.startsWith(`${pattern}/`);
  };
}

/** A file and each folder above it, as suggestions for a mistyped path. */
function pathAndFolders(fileName: string): string[] {
  const parts = normalisePath(fileName).split("/");
  return parts.map((_, index) => parts.slice(0, index + 1).join("/"));
}

function normalisePath(fileName: string): string {
  return fileName.replace(/\\/g, "/").replace(/^\.\//, "");
}

function checkEnum(atom: SelectorAtom, allowed: readonly string[]): void {
  if (allowed.includes(atom.value)) return;
  throw new SluiceError({
    message: `selector "${atom.raw}": unknown ${atom.method} "${atom.value}"`,
    hint: suggestionHint(atom.value, allowed) ?? `${atom.method} is one of: ${allowed.join(", ")}`,
    code: "selector-unknown",
  });
}
