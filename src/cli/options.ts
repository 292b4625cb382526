import type { Command } from "commander";
import { SluiceContext } from "../context.js";
import type { CompiledGraph } from "../graph/schema.js";
import { SELECTOR_HELP } from "../select/help.js";
import { readPreviousState, selectorsNeedState } from "../select/load-state.js";
import { selectActions } from "../select/select.js";
import { usageError } from "./usage.js";

/** Options every project command shares. */
export interface ProjectOptions {
  project?: string;
  profile?: string;
  vars?: string[];
  dataDir?: string;
}

export function addProjectOptions(command: Command): Command {
  return command
    .option("--project <dir>", "project directory (default: the current directory)")
    .option("--profile <name>", "connection profile from profiles.yaml (default: its `default`, usually local)")
    .option("--vars <k=v...>", "override dataform.json vars, e.g. --vars start_date=2024-01-01")
    .option("--data-dir <dir>", "override the profile's local data folder");
}

export function parseVars(pairs: string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    for (const item of pair.split(",")) {
      const eq = item.indexOf("=");
      if (eq <= 0) throw usageError(`--vars expects key=value, got "${item}"`, "e.g. --vars start_date=2024-01-01 (several: --vars a=1,b=2)");
      vars[item.slice(0, eq)] = item.slice(eq + 1);
    }
  }
  return vars;
}

export function contextFrom(options: ProjectOptions): SluiceContext {
  return SluiceContext.load({
    projectDir: options.project,
    profile: options.profile,
    vars: parseVars(options.vars),
    dataDir: options.dataDir,
  });
}

/** --select/--exclude as commander collects them. */
export interface SelectionCliOptions {
  select: string[];
  exclude: string[];
}

/** --select/--exclude, repeatable; each value may hold several space-separated selectors. Shared by run, test, retry, schedule, ls and compile. */
export function addSelectionOptions(command: Command): Command {
  return command
    .option("-s, --select <selectors>", "only these actions (see selectors below); repeatable", collect, [])
    .option("--exclude <selectors>", "leave these actions out; repeatable", collect, [])
    .addHelpText("after", `\n${SELECTOR_HELP}`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Whether the command line narrows the graph at all. */
export function hasSelection(options: Partial<SelectionCliOptions>): boolean {
  return (options.select ?? []).length > 0 || (options.exclude ?? []).length > 0;
}

export interface SelectFromOptionsSettings {
  /**
   * "cautious" (default) also selects each assertion whose inputs are all selected, so
   * `--select orders` checks orders too; "none" selects exactly what the selectors say.
   */
  indirectAssertions?: "none" | "cautious";
  /** Keep disabled actions (listing); runs leave them out. */
  includeDisabled?: boolean;
}

/**
 * Resolves --select/--exclude to action ids in dependency order, or undefined when neither was
 * given (the whole graph). The previous run's state is read from the engines only when a
 * `state:` selector needs it. An empty array means the selection matched nothing.
 */
export async function selectFromOptions(
  context: SluiceContext,
  graph: CompiledGraph,
  options: Partial<SelectionCliOptions>,
  settings: SelectFromOptionsSettings = {},
): Promise<string[] | undefined> {
  if (!hasSelection(options)) return undefined;
  const { select = [], exclude = [] } = options;
  const state = selectorsNeedState(select, exclude) ? await readPreviousState(graph, context.profile, context.redact) : undefined;
  return selectActions(graph, {
    select,
    exclude,
    state,
    indirectAssertions: settings.indirectAssertions ?? "cautious",
    includeDisabled: settings.includeDisabled,
  });
}
