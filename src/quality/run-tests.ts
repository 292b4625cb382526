import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineAdapter } from "../engines/adapter.js";
import type { ActionResult, RunResults } from "../execute/results.js";
import type { CompiledGraph } from "../graph/schema.js";
import { formatUnitTestReport, runUnitTests, type UnitTestResult } from "./unit-tests.js";

/**
 * What `sluice test` does, callable in-process: every unit test on its own in-memory DuckDB, then
 * (with `assertions`) the graph's assertion actions against the current tables through the runner.
 * The exit code is 0 only when every unit test passed and no error-severity assertion failed.
 */
export interface QualityRunInput {
  graph: CompiledGraph;
  profile: ResolvedProfile;
  redact?: (text: string) => string;
}

export interface QualityRunOptions {
  /** Also run the data assertions against the profile's current tables. */
  assertions?: boolean;
  write: (text: string) => void;
  openSandbox?: () => Promise<EngineAdapter>;
  /** Where the assertion run's results go; default false: a test run does not replace the last run's results file. */
  resultsPath?: string | false;
}

export interface QualityRunOutcome {
  exitCode: number;
  unitTests: UnitTestResult[];
  assertions?: RunResults;
}

export async function runQualityChecks(input: QualityRunInput, options: QualityRunOptions): Promise<QualityRunOutcome> {
  const unitTests = await runUnitTests(input.graph, { openSandbox: options.openSandbox });
  options.write(`unit tests\n${formatUnitTestReport(unitTests)}\n`);
  let passed = unitTests.every((t) => t.passed);
  if (!options.assertions) return { exitCode: passed ? 0 : 1, unitTests };

  const assertionIds = input.graph.actions.filter((a) => a.type === "assertion" && !a.disabled).map((a) => a.id);
  if (!assertionIds.length) {
    // An empty selection would mean "everything" to the runner: never start it with none.
    options.write(`\nassertions\nno assertions defined\n`);
    return { exitCode: passed ? 0 : 1, unitTests };
  }
  // Loaded only when asked for, so plain `sluice test` stays quick and needs no engine connection.
  const { runGraph } = await import("../execute/run.js");
  const assertions = await runGraph(input, { actions: assertionIds, resultsPath: options.resultsPath ?? false });
  options.write(`\nassertions\n${formatAssertionReport(assertions.actions)}\n`);
  passed &&= assertions.actions.every((a) => a.status === "success" || a.status === "up_to_date");
  return { exitCode: passed ? 0 : 1, unitTests, assertions };
}

export function formatAssertionReport(results: ActionResult[]): string {
  const lines = results.map((r) => {
    const violations = r.assertion?.violations ?? 0;
    const label = r.status === "success" ? (violations > 0 ? "WARN" : "PASS") : r.status === "failed" ? "FAIL" : r.status.toUpperCase();
    let line = `${label.padEnd(4)}  ${r.id}`;
    if (violations > 0) line += `  (${violations} violating row${violations === 1 ? "" : "s"})`;
    if (r.error) line += `\n    ${r.error.message}`;
    else if (r.message && label !== "PASS") line += `\n    ${r.message}`;
    return line;
  });
  const failed = results.filter((r) => r.status !== "success" && r.status !== "up_to_date").length;
  lines.push(`${results.length - failed} passed, ${failed} failed (${results.length} assertion${results.length === 1 ? "" : "s"})`);
  return lines.join("\n");
}
