import type { Command } from "commander";
import { addProjectOptions, addSelectionOptions, contextFrom, selectFromOptions, type ProjectOptions, type SelectionCliOptions } from "../options.js";
import type { CompiledGraph } from "../../graph/schema.js";
import { runQualityChecks } from "../../quality/run-tests.js";

interface TestCommandOptions extends ProjectOptions, SelectionCliOptions {
  assertions?: boolean;
}

/** `sluice test`: the models' unit tests (no data needed), and with --assertions the data assertions too. */
export function registerTestCommand(program: Command): void {
  const command = program
    .command("test")
    .description("run the models' unit tests on an in-memory DuckDB; --assertions also checks the current tables")
    .option("--assertions", "also run the data assertions against the profile's current tables")
    .addHelpText(
      "after",
      `\nWith --select/--exclude, only the unit tests of selected models run, and only the selected assertions
(selecting a model selects the assertions on it).\n\nExamples:\n  sluice test --select daily_equipment_summary\n  sluice test --assertions --select "tag:gold"`,
    );
  addProjectOptions(addSelectionOptions(command)).action(async (options: TestCommandOptions) => {
    const context = contextFrom(options);
    const graph = context.compile();
    const ids = await selectFromOptions(context, graph, options);
    const outcome = await runQualityChecks(
      { graph: ids ? selectedForTests(graph, new Set(ids)) : graph, profile: context.profile, redact: context.redact },
      { assertions: options.assertions, write: (text) => process.stdout.write(context.redact(text)) },
    );
    process.exitCode = outcome.exitCode;
  });
}

/**
 * The graph as the quality checks see it under a selection: unit tests of selected models only,
 * and only the selected assertions. Every other action stays, since unit tests and assertions read
 * the models they check.
 */
export function selectedForTests(graph: CompiledGraph, selected: ReadonlySet<string>): CompiledGraph {
  return {
    ...graph,
    actions: graph.actions.filter((action) => action.type !== "assertion" || selected.has(action.id)),
    tests: graph.tests.filter((test) => selected.has(test.dataset)),
  };
}
