import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import {
  addProjectOptions,
  addSelectionOptions,
  contextFrom,
  parseVars,
  selectFromOptions,
  type ProjectOptions,
  type SelectionCliOptions,
} from "../options.js";
import type { SluiceContext } from "../../context.js";
import { runGraph, type RunOptions } from "../../execute/run.js";
import { RunProgress, formatDryRun } from "../../execute/progress.js";
import { runSucceeded } from "../../execute/results.js";

/** What run and retry share: how to run, not what. */
export interface RunHowOptions extends ProjectOptions {
  fullRefresh?: boolean;
  changedOnly?: boolean;
  dryRun?: boolean;
  concurrency?: number;
  lockTimeout?: number;
}

interface RunCommandOptions extends RunHowOptions, SelectionCliOptions {
  actions: string[];
  tags: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
}

export function registerRunCommand(program: Command): void {
  const command = addRunHowOptions(
    program
      .command("run")
      .description("run the compiled graph on the profile's engines: tables, views, incremental models, operations, assertions"),
  )
    .option("--actions <names>", "only these actions (comma-separated ids or names; same as --select)", collectList, [])
    .option("--tags <tags>", "only actions with one of these tags (comma-separated; same as --select tag:x)", collectList, [])
    .option("--include-deps", "with --actions/--tags: also run what they depend on (as +name)")
    .option("--include-dependents", "with --actions/--tags: also run what depends on them (as name+)")
    .addHelpText(
      "after",
      `
Examples:
  sluice run                                      every action
  sluice run --changed-only                       only what changed since the last run (what a schedule runs)
  sluice run --select "+daily_equipment_summary"  daily_equipment_summary and everything it needs
  sluice run --select state:modified+ --changed-only
  sluice run --select tag:gold --exclude type:assertion`,
    );
  addProjectOptions(addSelectionOptions(command)).action(async (options: RunCommandOptions) => {
    const context = contextFrom(options);
    const graph = context.compile();
    const select = [...options.select, ...legacySelectors(options)];
    const ids = await selectFromOptions(context, graph, { select, exclude: options.exclude });
    if (ids?.length === 0) {
      process.stderr.write("nothing selected: no action matches the selection, nothing runs\n");
      return;
    }
    process.exitCode = await runWithProgress(context, options, { ids, args: { vars: parseVars(options.vars), select: options.select, exclude: options.exclude } });
  });
}

/**
 * The older flags, kept working by turning them into selectors: `--actions a,b` selects a and b,
 * `--tags x` selects tag:x, and --include-deps / --include-dependents add `+` before / after each.
 * They join --select values as a union, and --exclude applies to all of them.
 */
export function legacySelectors(options: Pick<RunCommandOptions, "actions" | "tags" | "includeDeps" | "includeDependents">): string[] {
  const widen = (selector: string) => `${options.includeDeps ? "+" : ""}${selector}${options.includeDependents ? "+" : ""}`;
  return [...options.actions, ...options.tags.map((tag) => `tag:${tag}`)].map(widen);
}

/** --full-refresh, --changed-only, --dry-run, --concurrency, --lock-timeout: shared by run and retry. */
export function addRunHowOptions(command: Command): Command {
  return command
    .option("--full-refresh", "rebuild incremental models from scratch")
    .option(
      "--changed-only",
      "only the necessary work: tables, views and assertions whose definition and inputs are unchanged since their last success are reported up to date; incremental models whose logic changed are rebuilt",
    )
    .option("--dry-run", "print the statements per engine target; run and change nothing")
    .option("--concurrency <n>", "actions at once (default: the core count)", positiveInt)
    .option("--lock-timeout <seconds>", "seconds to wait for another run of the same project and profile; 0 stops at once", nonNegativeNumber, 0);
}

/** Runs with live progress and a summary on stderr, Ctrl-C stopping cleanly; returns the exit code. */
export async function runWithProgress(context: SluiceContext, options: RunHowOptions, selection: Pick<RunOptions, "ids" | "args">): Promise<number> {
  const progress = new RunProgress(process.stderr, Boolean(process.stderr.isTTY) && !process.env.CI);
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write("\ninterrupted: stopping running statements, starting nothing new\n");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  try {
    const results = await runGraph(context, {
      ...selection,
      fullRefresh: options.fullRefresh,
      changedOnly: options.changedOnly,
      dryRun: options.dryRun,
      concurrency: options.concurrency,
      lockTimeoutSeconds: options.lockTimeout,
      signal: controller.signal,
      onEvent: progress.onEvent,
    });
    progress.finish(results);
    if (options.dryRun) process.stdout.write(context.redact(formatDryRun(results)));
    return runSucceeded(results) ? 0 : 1;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expects a whole number of 1 or more");
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expects a number of seconds, 0 or more");
  return n;
}
