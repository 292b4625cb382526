import type { Command } from "commander";
import { SluiceContext } from "../context.js";

/** Options every project command shares. */
export interface ProjectOptions {
  project?: string;
  profile?: string;
  vars?: string[];
  dataDir?: string;
}

export function addProjectOptions(command: Command): Command {
  return command
    .option("--project <dir>", "project directory (default: the current directory)")
    .option("--profile <name>", "connection profile from profiles.yaml (default: its `default`, usually local)")
    .option("--vars <k=v...>", "override dataform.json vars, e.g. --vars start_date=2024-01-01")
    .option("--data-dir <dir>", "override the profile's local data folder");
}

export function parseVars(pairs: string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    for (const item of pair.split(",")) {
      const eq = item.indexOf("=");
      if (eq <= 0) throw new Error(`--vars expects key=value, got "${item}"`);
      vars[item.slice(0, eq)] = item.slice(eq + 1);
    }
  }
  return vars;
}

export function contextFrom(options: ProjectOptions): SluiceContext {
  return SluiceContext.load({
    projectDir: options.project,
    profile: options.profile,
    vars: parseVars(options.vars),
    dataDir: options.dataDir,
  });
}
