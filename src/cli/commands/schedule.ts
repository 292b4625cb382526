import type { Command } from "commander";
import { addProjectOptions, addSelectionOptions, contextFrom, hasSelection, type ProjectOptions, type SelectionCliOptions } from "../options.js";
import { runGraph } from "../../execute/run.js";
import { runSucceeded } from "../../execute/results.js";
import { readPreviousState, selectorsNeedState } from "../../select/load-state.js";
import { selectActions } from "../../select/select.js";
import { scheduleUntilSignal } from "../../schedule/scheduler.js";
import { cronTicker } from "../../schedule/ticker.js";

interface ScheduleOptions extends ProjectOptions, SelectionCliOptions {
  cron: string;
  timezone?: string;
  runNow?: boolean;
}

/**
 * `sluice schedule`: incremental runs in this process on a cron schedule. Each tick reloads and
 * recompiles the project (so edits are picked up) and calls the runner, which takes the run
 * lock; a tick that finds the previous run still going, or another process holding the lock,
 * is logged as skipped. SIGINT/SIGTERM: no new runs; the running one is told to stop after the
 * action in progress; then the process exits with that run's code.
 */
export function registerScheduleCommand(program: Command): void {
  const command = program
    .command("schedule")
    .description("run the project on a cron schedule, one run at a time, until SIGINT/SIGTERM")
    .requiredOption("--cron <pattern>", 'cron pattern, e.g. "*/5 * * * *" (a sixth leading field gives seconds)')
    .option("--timezone <zone>", "IANA time zone the pattern is read in (default: the machine's)")
    .option("--run-now", "also run once at start, without waiting for the first tick")
    .addHelpText("after", `\nExamples:\n  sluice schedule --cron "*/5 * * * *"\n  sluice schedule --cron "0 * * * *" --select "tag:sensors+"`);
  addProjectOptions(addSelectionOptions(command)).action(async (options: ScheduleOptions) => {
    const log = (message: string) => process.stderr.write(`[${new Date().toISOString()}] ${message}\n`);
    const ticker = cronTicker(options.cron, { timezone: options.timezone });
    // Fail on a broken project or selector now, not at the first tick minutes from now.
    await scheduledRun(options, undefined, log, true);
    log(`scheduling "${options.cron}"${options.timezone ? ` (${options.timezone})` : ""}; Ctrl-C stops after the running action`);
    process.exitCode = await scheduleUntilSignal({
      ticker,
      runOnce: (signal) => scheduledRun(options, signal, log, false),
      log,
      startNow: options.runNow,
    });
  });
}

/** One tick: load, compile, select, run. With checkOnly, stops after selecting (no engine is opened). */
async function scheduledRun(options: ScheduleOptions, signal: AbortSignal | undefined, log: (message: string) => void, checkOnly: boolean): Promise<number> {
  const context = contextFrom(options);
  const graph = context.compile();
  let actions: string[] | undefined;
  if (hasSelection(options)) {
    const needsState = selectorsNeedState(options.select, options.exclude);
    // At start, an empty state stands in for the real one: syntax and names are checked without opening an engine.
    const state = !needsState ? undefined : checkOnly ? new Map() : await readPreviousState(graph, context.profile, context.redact);
    actions = selectActions(graph, { select: options.select, exclude: options.exclude, state, indirectAssertions: "cautious" });
    if (checkOnly) return 0;
    // The runner would run nothing for an empty list; say so rather than log an empty run.
    if (actions.length === 0) {
      log("nothing selected: no run");
      return 0;
    }
  }
  if (checkOnly) return 0;
  // A scheduled run does only the necessary work: new data in, and what it (or an edit) changed.
  const results = await runGraph(context, { ids: actions, changedOnly: true, signal, lockTimeoutSeconds: 0, args: { schedule: options.cron } });
  const t = results.totals;
  log(`${t.success} built, ${t.up_to_date} up to date, ${t.failed} failed, ${t.skipped} skipped`);
  return runSucceeded(results) ? 0 : 1;
}
