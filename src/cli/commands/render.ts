import { resolve } from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { SluiceContext } from "../../context.js";
import {
  SCENARIO_NAMES,
  compareGolden,
  describeDifferences,
  formatScript,
  goldenFiles,
  renderContext,
  writeGolden,
  type ScenarioName,
} from "../../render/index.js";
import { addProjectOptions, parseVars, type ProjectOptions } from "../options.js";

interface RenderCommandOptions extends ProjectOptions {
  scenario?: ScenarioName;
  actions?: string[];
  write?: string;
  check?: string;
  profileDefaults?: boolean;
}

export function registerRenderCommand(program: Command): void {
  const command = program
    .command("render")
    .description("print, without connecting, the exact statements each action would send to its engine (first build and incremental run)")
    .option("--scenario <name>", `only one scenario: ${SCENARIO_NAMES.join(" or ")}`, scenarioName)
    .option("--actions <names>", "only these actions (comma-separated ids or names)", collectList)
    .option("--write <dir>", "write golden files <dir>/<engine>/<action id>.sql (both scenarios) and remove stale ones")
    .option("--check <dir>", "compare with the golden files in <dir>; exit 1 when they differ")
    .option("--profile-defaults", "ignore environment variables: profiles.yaml defaults only (implied by --write and --check)");
  addProjectOptions(command).addHelpText(
    "after",
    `
Examples:
  sluice render --profile prod                           every action's statements on Databricks and Snowflake
  sluice render --profile prod --actions fct_sensor_hourly --scenario incremental
  sluice render --profile prod --write test/golden       update the golden SQL (on purpose)
  sluice render --profile prod --check test/golden       fail when the SQL changed`,
  );
  command.action(async (options: RenderCommandOptions) => {
    const golden = options.write ?? options.check;
    if (golden && (options.scenario || options.actions?.length)) {
      command.error("error: --write and --check cover every action and scenario; drop --scenario and --actions", { exitCode: 2 });
    }
    // Golden files must not depend on who renders them: only the profile file's defaults count.
    const context = SluiceContext.load({
      projectDir: options.project,
      profile: options.profile,
      vars: parseVars(options.vars),
      dataDir: options.dataDir,
      ...(golden || options.profileDefaults ? { env: {} } : {}),
    });
    const rendered = await renderContext(context, {
      ...(options.actions ? { actions: options.actions } : {}),
      ...(options.scenario ? { scenarios: [options.scenario] } : {}),
    });
    if (!golden) {
      process.stdout.write(formatScript(rendered));
      return;
    }
    const files = goldenFiles(rendered);
    const statements = rendered.flatMap((a) => a.scenarios).reduce((n, s) => n + s.statements.length, 0);
    const failed = rendered.filter((a) => a.scenarios.some((s) => s.status === "failed")).map((a) => a.id);
    const failedNote = failed.length ? `; ${failed.length} action(s) failed to render (their files say why): ${failed.join(", ")}` : "";
    if (options.check) {
      const differences = compareGolden(resolve(options.check), files);
      if (differences.length) {
        const update = ["sluice render", ...(options.project ? ["--project", options.project] : []), "--profile", context.profile.name, "--write", options.check];
        process.stderr.write(describeDifferences(differences, update.join(" ")) + "\n");
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${files.size} golden file(s) match (${statements} statements)${failedNote}.\n`);
      return;
    }
    const { written, unchanged, removed } = writeGolden(resolve(options.write!), files);
    process.stdout.write(
      `Golden SQL for profile ${context.profile.name} (profile defaults, no environment): ${files.size} file(s), ${statements} statements; ` +
        `${written} written, ${unchanged} unchanged, ${removed} removed${failedNote}.\n`,
    );
  });
}

function scenarioName(value: string): ScenarioName {
  const found = SCENARIO_NAMES.find((name) => name === value);
  if (!found) throw new InvalidArgumentError(`expects ${SCENARIO_NAMES.join(" or ")}`);
  return found;
}

// No default list: an empty selection picks nothing, an absent one picks every action.
function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}
