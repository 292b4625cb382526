import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";

export function registerLsCommand(program: Command): void {
  addProjectOptions(
    program
      .command("ls")
      .description("List the compiled actions: id, type, engine target and tags.")
      .option("--type <type>", "only actions of this type (table, view, incremental, assertion, ingest, transfer, …)")
      .option("--tag <tag>", "only actions with this tag"),
  )
    .addHelpText(
      "after",
      `
Examples:
  sluice ls                   every action
  sluice ls --type assertion  only assertions
  sluice ls --tag hourly      actions tagged hourly`,
    )
    .action((options: ProjectOptions & { type?: string; tag?: string }) => {
      const graph = contextFrom(options).compile();
      const rows = graph.actions
        .filter((a) => !options.type || a.type === options.type)
        .filter((a) => !options.tag || a.tags.includes(options.tag))
        .map((a) => [a.id, a.type, `${a.targetName}/${a.engine}`, a.tags.join(",")]);
      const header = ["ID", "TYPE", "TARGET/ENGINE", "TAGS"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd();
      process.stdout.write([format(header), ...rows.map(format)].join("\n") + "\n");
    });
}
