import type { Command } from "commander";
import { addProjectOptions, addSelectionOptions, contextFrom, selectFromOptions, type ProjectOptions, type SelectionCliOptions } from "../options.js";

export function registerLsCommand(program: Command): void {
  addSelectionOptions(
    addProjectOptions(
      program
        .command("ls")
        .description("list the compiled actions: id, type, engine target and tags")
        .option("--type <type>", "only actions of this type (table, view, incremental, assertion, ingest, transfer, …)")
        .option("--tag <tag>", "only actions with this tag"),
    ),
  )
    .addHelpText(
      "after",
      `
Examples:
  sluice ls                   every action
  sluice ls --type assertion  only assertions
  sluice ls --tag sensors     actions tagged sensors
  sluice ls --select +gold.hourly_sensor_aggregates   what a selection resolves to`,
    )
    .action(async (options: ProjectOptions & Partial<SelectionCliOptions> & { type?: string; tag?: string }) => {
      const context = contextFrom(options);
      const graph = context.compile();
      const ids = await selectFromOptions(context, graph, options, { includeDisabled: true, indirectAssertions: "none" });
      const byId = new Map(graph.actions.map((a) => [a.id, a]));
      const listed = ids ? ids.map((id) => byId.get(id)!) : graph.actions;
      const rows = listed
        .filter((a) => !options.type || a.type === options.type)
        .filter((a) => !options.tag || a.tags.includes(options.tag))
        .map((a) => [a.id, a.type, `${a.targetName}/${a.engine}`, a.tags.join(",")]);
      const header = ["ID", "TYPE", "TARGET/ENGINE", "TAGS"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd();
      process.stdout.write([format(header), ...rows.map(format)].join("\n") + "\n");
    });
}
