import type { Command } from "commander";
import { registerQueryCommand } from "./query.js";
import { registerStartCommand } from "./start.js";
import { registerRunCommand } from "./run.js";
import { registerRetryCommand } from "./retry.js";
import { registerTestCommand } from "./test.js";
import { registerScheduleCommand } from "./schedule.js";
import { registerExportScheduleCommand } from "./export-schedule.js";
import { registerGenerateCommand } from "./generate.js";
import { registerArchiveCommand } from "./archive.js";
import { registerCompileCommand } from "./compile.js";
import { registerLsCommand } from "./ls.js";
import { registerRenderCommand } from "./render.js";

/** Each command lives in its own module; this list is the only place that knows them all. */
export function registerCommands(program: Command): void {
  // In the order a user meets them in --help: build, run, check, data, operate.
  registerCompileCommand(program);
  registerLsCommand(program);
  registerRenderCommand(program);
  registerRunCommand(program);
  registerRetryCommand(program);
  registerStartCommand(program);
  registerTestCommand(program);
  registerQueryCommand(program);
  registerGenerateCommand(program);
  registerArchiveCommand(program);
  registerScheduleCommand(program);
  registerExportScheduleCommand(program);
}
