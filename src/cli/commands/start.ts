import { existsSync, readdirSync } from "node:fs";
import { relative } from "node:path";
import type { Command } from "commander";
import { addProjectOptions, contextFrom, type ProjectOptions } from "../options.js";
import { generateRawZone } from "../../generate/generate.js";
import { runGraph } from "../../execute/run.js";
import { RunProgress } from "../../execute/progress.js";
import { runSucceeded } from "../../execute/results.js";
import { TargetConnections } from "../../execute/connections.js";
import { summarisePipeline, type PipelineSummary } from "../../pipeline/summary.js";
import { formatTable } from "../table.js";
import { wholeNumber } from "../usage.js";
import type { SluiceContext } from "../../context.js";

interface StartOptions extends ProjectOptions {
  days: number;
  seed: string;
}

/** `sluice start` (`npm start`): sample data if the raw zone is empty, the whole DAG, and a summary of what the tables hold. */
export function registerStartCommand(program: Command): void {
  addProjectOptions(
    program
      .command("start")
      .description("run the whole pipeline on the profile (generating sample data first if the raw zone is empty) and summarise it")
      .option("--days <n>", "days of sample data to generate when the raw zone is empty", wholeNumber(1), 3)
      .option("--seed <s>", "seed of the generated sample data", "42")
      .addHelpText(
        "after",
        "\nA second `sluice start` ingests nothing new and changes nothing.\nAdd data with `sluice generate --days 1 --append` (in this repository also `npm run generate -- --days 1 --append`),\nthen `sluice start` (or `npm start`) processes only the new files.",
      ),
  ).action(async (options: StartOptions) => {
    const context = contextFrom(options);
    const out = process.stdout;
    const rawZone = context.profile.zones.raw;
    if (isEmptyLocalFolder(rawZone)) {
      const generated = generateRawZone({ rawZone, days: options.days, seed: options.seed });
      const records = Object.values(generated.sources).reduce((n, s) => n + s.records, 0);
      out.write(`raw zone was empty: generated ${records} sample records over ${generated.days.length} day(s) into ${display(context, rawZone)}\n`);
    }
    const progress = new RunProgress(process.stderr, Boolean(process.stderr.isTTY) && !process.env.CI);
    // Only the necessary work, as a schedule runs it: a second start ingests nothing and rebuilds nothing.
    const results = await runGraph(context, { changedOnly: true, onEvent: progress.onEvent });
    progress.finish(results);

    const connections = new TargetConnections(context.profile, { redact: context.redact, dryRun: false });
    try {
      const summary = await summarisePipeline(context.compile(), results, (name) => connections.connect(name));
      out.write(context.redact(formatPipelineSummary(context, summary)));
    } finally {
      await connections.closeAll();
    }
    process.exitCode = runSucceeded(results) ? 0 : 1;
  });
}

function isEmptyLocalFolder(path: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return false;
  return !existsSync(path) || readdirSync(path).length === 0;
}

function display(context: SluiceContext, path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

export function formatPipelineSummary(context: SluiceContext, summary: PipelineSummary): string {
  const lines: string[] = ["", "Rows per layer"];
  lines.push(
    formatTable(
      summary.layers.map((l) => ({ target: l.targetName, layer: l.schema, tables: l.relations, rows: l.rows })),
    ),
  );
  lines.push("", "Quarantined records by reason");
  lines.push(
    summary.quarantine.length
      ? formatTable(summary.quarantine.map((q) => ({ table: q.relation, reason: q.reason, records: q.records })))
      : "(none)",
  );
  const a = summary.assertions;
  lines.push("", `Assertions: ${a.passed} passed, ${a.warned.length} warned, ${a.failed.length} failed, ${a.skipped} skipped`);
  for (const id of a.failed) lines.push(`  failed: ${id}`);
  for (const id of a.warned) lines.push(`  warned: ${id}`);
  lines.push("", "Databases");
  for (const target of Object.values(context.profile.targets)) {
    const where = typeof target.settings.path === "string" ? display(context, target.settings.path) : `${target.engine} (${target.database ?? "default"})`;
    lines.push(`  ${target.name.padEnd(10)} ${target.engine.padEnd(10)} ${where}`);
  }
  lines.push(
    "",
    "Query them:",
    '  npx sluice query "SELECT * FROM gold.hourly_sensor_aggregates LIMIT 10"',
    '  npx sluice query --target warehouse "SELECT * FROM bi.plant_daily_kpis"',
    "",
  );
  return lines.join("\n");
}
