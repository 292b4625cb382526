import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { addProjectOptions, addSelectionOptions, contextFrom, type ProjectOptions, type SelectionCliOptions } from "../options.js";
import type { CompiledGraph } from "../../graph/schema.js";
import { selectActions } from "../../select/select.js";
import { airflowDag } from "../../schedule/export/airflow.js";
import { databricksJob } from "../../schedule/export/databricks-jobs.js";

const FORMATS = ["airflow", "databricks-jobs"] as const;
type ExportFormat = (typeof FORMATS)[number];

interface ExportScheduleOptions extends ProjectOptions, SelectionCliOptions {
  format: ExportFormat;
  cron?: string;
  timezone?: string;
  output?: string;
  name?: string;
  deployDir?: string;
  sluiceCommand?: string;
  launcher?: string;
  maxActiveTasks?: number;
}

/**
 * `sluice export-schedule`: for teams that schedule elsewhere, write the graph as an Airflow DAG
 * or a Databricks Jobs definition: one task per action, each `sluice run --select <id>`, edges as
 * in the graph. Output is deterministic, so it can be committed and diffed.
 */
export function registerExportScheduleCommand(program: Command): void {
  const command = program
    .command("export-schedule")
    .description("write an Airflow DAG file or a Databricks Jobs definition that runs the project")
    .requiredOption("--format <format>", `${FORMATS.join(" or ")}`, parseFormat)
    .option("--cron <pattern>", 'schedule, e.g. "0 * * * *" (default: none, triggered by hand)')
    .option("--timezone <zone>", "databricks-jobs: time zone of the schedule", "UTC")
    .option("--output <file>", "write here instead of stdout")
    .option("--name <name>", "DAG id or job name", "sluice")
    .option("--deploy-dir <dir>", "airflow: the project folder on the workers (SLUICE_PROJECT_DIR overrides it)", ".")
    .option("--sluice-command <cmd>", "airflow: how the workers start Sluice", "npx sluice")
    .option("--launcher <file>", "databricks-jobs: the Python file each task runs to start Sluice", "sluice_launcher.py")
    .option("--max-active-tasks <n>", "airflow: tasks at once (default 1: each run takes the project's run lock)", positiveInt)
    .addHelpText("after", `\nExamples:\n  sluice export-schedule --format airflow --cron "*/30 * * * *" --output dags/sluice.py\n  sluice export-schedule --format databricks-jobs --cron "0 2 * * *" --output job.json`);
  addProjectOptions(addSelectionOptions(command)).action((options: ExportScheduleOptions) => {
    const context = contextFrom(options);
    const graph = selectedGraph(context.compile(), options);
    const text =
      options.format === "airflow"
        ? airflowDag(graph, { dagId: options.name, cron: options.cron, projectDir: options.deployDir, sluiceCommand: options.sluiceCommand, maxActiveTasks: options.maxActiveTasks })
        : JSON.stringify(databricksJob(graph, { name: options.name, cron: options.cron, timezone: options.timezone, launcher: options.launcher }), null, 2) + "\n";
    if (options.output) {
      const file = resolve(options.output);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      process.stderr.write(`wrote ${file}\n`);
    } else {
      process.stdout.write(text);
    }
  });
}

/** The graph restricted to the selection; state: selectors are not offered here (nothing has run in the exported schedule yet). */
function selectedGraph(graph: CompiledGraph, options: SelectionCliOptions): CompiledGraph {
  if (options.select.length === 0 && options.exclude.length === 0) return graph;
  const keep = new Set(selectActions(graph, { select: options.select, exclude: options.exclude, indirectAssertions: "cautious" }));
  return { ...graph, actions: graph.actions.filter((action) => keep.has(action.id)) };
}

function parseFormat(value: string): ExportFormat {
  if ((FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new InvalidArgumentError(`expects ${FORMATS.join(" or ")}`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expects a whole number of 1 or more");
  return n;
}
