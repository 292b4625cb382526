import type { Command } from "commander";
import { addProjectOptions, contextFrom, parseVars } from "../options.js";
import { readRunResults, retrySelection } from "../../select/retry.js";
import { addRunHowOptions, runWithProgress, type RunHowOptions } from "./run.js";

/**
 * `sluice retry`: reruns only the actions the last run did not finish, its failed and skipped
 * ones, read from target/run_results.json, against the project as it is now (so a fixed model
 * runs fixed). Actions that succeeded or were up to date are not run again: what the retried
 * actions read is the data those built last time.
 */
export function registerRetryCommand(program: Command): void {
  const command = addRunHowOptions(
    program.command("retry").description("rerun only the failed and skipped actions of the last `sluice run`"),
  ).addHelpText("after", `\nExamples:\n  sluice retry                 after fixing what failed\n  sluice retry --dry-run       show what would run`);
  addProjectOptions(command).action(async (options: RunHowOptions) => {
    const context = contextFrom(options);
    const graph = context.compile();
    const ids = retrySelection(readRunResults(context.projectDir), graph);
    if (ids.length === 0) {
      process.stderr.write("nothing to retry: the last run has no failed or skipped actions\n");
      return;
    }
    process.stderr.write(`retrying ${ids.length} action(s) the last run did not finish\n`);
    process.exitCode = await runWithProgress(context, options, { ids, args: { vars: parseVars(options.vars), retry: ids } });
  });
}
