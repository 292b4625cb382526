import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";
import { runQualityChecks } from "../../quality/run-tests.js";

interface TestCommandOptions extends ProjectOptions {
  assertions?: boolean;
}

/** `sluice test`: the models' unit tests (no data needed), and with --assertions the data assertions too. */
export function registerTestCommand(program: Command): void {
  const command = program
    .command("test")
    .description("Run the models' unit tests on an in-memory DuckDB; --assertions also checks the current tables")
    .option("--assertions", "also run the data assertions against the profile's current tables");
  addProjectOptions(command).action(async (options: TestCommandOptions) => {
    const context = contextFrom(options);
    const graph = context.compile();
    const outcome = await runQualityChecks(
      { graph, profile: context.profile, redact: context.redact },
      { assertions: options.assertions, write: (text) => process.stdout.write(context.redact(text)) },
    );
    process.exitCode = outcome.exitCode;
  });
}
