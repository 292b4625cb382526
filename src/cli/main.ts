import { Command, CommanderError } from "commander";
import { SluiceError, formatDiagnostic, errorMessage } from "../errors.js";
import { registerCommands } from "./commands/index.js";
import { VERSION } from "../version.js";
import { isUsageError } from "./usage.js";

/** Entry point; returns the process exit code so tests can call it in-process. */
export async function main(argv: string[]): Promise<number> {
  stopQuietlyWhenOutputCloses();
  const program = new Command()
    .name("sluice")
    .description("Compile Dataform-style SQLX projects into a typed DAG and run it on DuckDB, Databricks and Snowflake.")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `
Every command works on the project in the current directory or on --project DIR, and takes
--profile NAME (profiles.yaml; default local: embedded DuckDB under ./data). \`sluice <command> --help\`
shows a command's options and examples.

Getting started:
  sluice start                    sample data, the whole pipeline, a summary
  sluice ls --select +gold.hourly_sensor_aggregates
  sluice run --changed-only       only what changed since the last run
  sluice test                     the models' unit tests

Exit codes: 0 success, 1 a failed action, check or project error, 2 a wrong command line.`,
    );
  registerCommands(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

/** Exit codes as --help states them: 0 success, 1 a failed action, check or project error, 2 a wrong command line. */
function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // `sluice --help`, `sluice help`, --version: 0. Bare `sluice` prints the help too, as an error
    // (commander's exitCode 1 there): a command is missing, so it is a wrong command line.
    const help = error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help";
    return help && error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof SluiceError) {
    for (const diagnostic of error.diagnostics) process.stderr.write(formatDiagnostic(diagnostic) + "\n");
    if (error.diagnostics.length > 1) process.stderr.write(`${error.diagnostics.length} errors\n`);
    return isUsageError(error) ? 2 : 1;
  }
  process.stderr.write(`error: ${errorMessage(error)}\n`);
  if (process.env.SLUICE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("(set SLUICE_DEBUG=1 for a stack trace)\n");
  return 1;
}

/** `sluice generate | head` closes stdout early: that is the reader's choice, not an error. */
function stopQuietlyWhenOutputCloses(): void {
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
