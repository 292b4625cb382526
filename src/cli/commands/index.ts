import type { Command } from "commander";

/** Each command lives in its own module; this list is the only place that knows them all. */
export function registerCommands(program: Command): void {
  void program;
}
