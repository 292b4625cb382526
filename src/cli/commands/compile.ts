import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CompiledGraph } from "../../graph/schema.js";
import { addProjectOptions, addSelectionOptions, contextFrom, selectFromOptions, type ProjectOptions, type SelectionCliOptions } from "../options.js";
import { formatScript, renderContext } from "../../render/index.js";

interface CompileOptions extends ProjectOptions, Partial<SelectionCliOptions> {
  json?: boolean;
  output?: string;
  statements?: boolean;
}

export function registerCompileCommand(program: Command): void {
  addSelectionOptions(
    addProjectOptions(
      program
        .command("compile")
        .description("compile the project's SQLX/JS definitions into the validated, engine-aware graph (reads files only)")
        .option("--json", "print the compiled graph as JSON")
        .option("--output <file>", "write the compiled graph (JSON) to a file")
        .option("--statements", "print the exact statements each action would run (first build and incremental run), rendered offline"),
    ),
  )
    .addHelpText(
      "after",
      `
Examples:
  sluice compile                      summary: actions per type and target
  sluice compile --json > graph.json  the full graph, Dataform field names plus engine/targetName
  sluice compile --profile prod       render refs for the prod engines (Databricks, Snowflake)
  sluice compile --profile prod --statements --select gold.hourly_sensor_aggregates
                                      the SQL Databricks would receive, no connection needed
  sluice compile --output graph.json --project ../other-project`,
    )
    .action(async (options: CompileOptions) => {
      const context = contextFrom(options);
      const fullGraph = context.compile();
      const ids = await selectFromOptions(context, fullGraph, options, { includeDisabled: true, indirectAssertions: "none" });
      if (options.statements) {
        process.stdout.write(context.redact(formatScript(await renderContext(context, ids ? { ids } : {}))));
        return;
      }
      const keep = ids && new Set(ids);
      const graph = keep ? { ...fullGraph, actions: fullGraph.actions.filter((a) => keep.has(a.id)) } : fullGraph;
      // Indented for people, compact for pipes and files (a 5,000-model graph is ~9 MB indented).
      const json = options.json && process.stdout.isTTY ? JSON.stringify(graph, null, 2) : JSON.stringify(graph);
      if (options.output) writeFileSync(options.output, json + "\n");
      if (options.json) process.stdout.write(json + "\n");
      else process.stdout.write(summary(graph, options.output));
    });
}

function summary(graph: CompiledGraph, output: string | undefined): string {
  const byTarget = new Map<string, Map<string, number>>();
  for (const action of graph.actions) {
    const key = `${action.targetName} (${action.engine})`;
    const counts = byTarget.get(key) ?? new Map<string, number>();
    counts.set(action.type, (counts.get(action.type) ?? 0) + 1);
    byTarget.set(key, counts);
  }
  const lines = [`Compiled ${graph.actions.length} actions and ${graph.tests.length} tests (profile ${graph.profile}).`];
  for (const [target, counts] of byTarget) {
    lines.push(`  ${target}: ${[...counts].map(([type, n]) => `${n} ${type}`).join(", ")}`);
  }
  if (output) lines.push(`Graph written to ${output}.`);
  return lines.join("\n") + "\n";
}
