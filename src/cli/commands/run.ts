import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { addProjectOptions, contextFrom, parseVars, type ProjectOptions } from "../options.js";
import { runGraph } from "../../execute/run.js";
import { RunProgress, formatDryRun } from "../../execute/progress.js";
import { runSucceeded } from "../../execute/results.js";

interface RunCommandOptions extends ProjectOptions {
  fullRefresh?: boolean;
  actions?: string[];
  tags?: string[];
  includeDeps?: boolean;
  includeDependents?: boolean;
  dryRun?: boolean;
  concurrency?: number;
  lockTimeout?: number;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command("run")
    .description("Run the compiled graph on the profile's engines: tables, views, incremental models, operations, assertions")
    .option("--full-refresh", "rebuild incremental models from scratch")
    .option("--actions <names>", "only these actions (comma-separated ids or names)", collectList, [])
    .option("--tags <tags>", "only actions with one of these tags (comma-separated)", collectList, [])
    .option("--include-deps", "also run what the selected actions depend on")
    .option("--include-dependents", "also run what depends on the selected actions")
    .option("--dry-run", "print the statements per engine target; run and change nothing")
    .option("--concurrency <n>", "actions at once (default: the core count)", positiveInt)
    .option("--lock-timeout <seconds>", "wait this long for another run of the same project and profile (default 0: stop at once)", nonNegativeNumber, 0);
  addProjectOptions(command).action(async (options: RunCommandOptions) => {
    const context = contextFrom(options);
    const progress = new RunProgress(process.stderr, Boolean(process.stderr.isTTY) && !process.env.CI);
    const controller = new AbortController();
    const onSigint = () => {
      process.stderr.write("\ninterrupted: stopping running statements, starting nothing new\n");
      controller.abort();
    };
    process.once("SIGINT", onSigint);
    try {
      const results = await runGraph(context, {
        fullRefresh: options.fullRefresh,
        actions: options.actions,
        tags: options.tags,
        includeDeps: options.includeDeps,
        includeDependents: options.includeDependents,
        dryRun: options.dryRun,
        concurrency: options.concurrency,
        lockTimeoutSeconds: options.lockTimeout,
        args: { vars: parseVars(options.vars) },
        signal: controller.signal,
        onEvent: progress.onEvent,
      });
      progress.finish(results);
      if (options.dryRun) process.stdout.write(context.redact(formatDryRun(results)));
      process.exitCode = runSucceeded(results) ? 0 : 1;
    } finally {
      process.off("SIGINT", onSigint);
    }
  });
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
