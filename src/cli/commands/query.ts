import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";
import { connectTarget } from "../../engines/registry.js";
import { formatTable } from "../table.js";
import { SluiceError } from "../../errors.js";
import { wholeNumber } from "../usage.js";

interface QueryOptions extends ProjectOptions {
  target?: string;
  limit: number;
  json?: boolean;
}

/** `sluice query`: run one read-only SQL statement on a target, so users can look at tables without another client. */
export function registerQueryCommand(program: Command): void {
  addProjectOptions(
    program
      .command("query")
      .description("run a SQL query on one engine target and print the rows")
      .argument("<sql>", "the query, e.g. \"SELECT * FROM gold.hourly_sensor_aggregates LIMIT 5\"")
      .option("--target <name>", "engine target from dataform.json (default: the default target)")
      .option("--limit <n>", "print at most n rows", wholeNumber(0), 50)
      .option("--json", "print rows as JSON lines")
      .addHelpText(
        "after",
        `\nExamples:\n  sluice query "SELECT count(*) FROM bronze.sensor_data"\n  sluice query --target warehouse "SELECT * FROM bi.open_anomalies"`,
      ),
  ).action(async (sql: string, options: QueryOptions) => {
    const context = contextFrom(options);
    const targetName = options.target ?? context.config.defaultTarget;
    const target = context.profile.targets[targetName];
    if (!target) {
      throw new SluiceError({
        code: "unknown-target",
        message: `no target "${targetName}"`,
        hint: `targets: ${Object.keys(context.profile.targets).join(", ")}`,
      });
    }
    // A query opens what exists: it never creates a database file (a mistyped --data-dir, say).
    const adapter = await connectTarget(target, { redact: context.redact, existingOnly: true });
    try {
      const rows = await adapter.queryAll(sql);
      const printed = rows.slice(0, options.limit);
      if (options.json) for (const row of printed) process.stdout.write(JSON.stringify(row) + "\n");
      else process.stdout.write(formatTable(printed) + "\n");
      if (rows.length > printed.length) process.stdout.write(`(${rows.length - printed.length} more rows; use --limit)\n`);
    } finally {
      await adapter.close();
    }
  });
}
