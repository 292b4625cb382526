import type { EngineAdapter, Row } from "../engines/adapter.js";
import type { CompiledGraph, Target, TestCase } from "../graph/schema.js";
import { errorMessage } from "../errors.js";
import { compareRows, formatRowDiff, type RowDiff, type RowSet } from "./row-diff.js";
import { openSandbox } from "./sandbox.js";

/**
 * Unit tests for models (Dataform `test` actions). The compiler has already replaced every ref of
 * the model by its fixture rows (TestCase.testQuery), so a test needs no data: each one runs on its
 * own fresh in-memory DuckDB and never sees a real table.
 *
 * Comparison: column names must match; rows compare as a multiset, except when the expected query
 * ends with a top-level ORDER BY, which asks for the order to be checked too. Floats are equal
 * within a relative 1e-9. Changed rows pair by the model's uniqueKey when it has one, else by the
 * leftmost column.
 */

export interface UnitTestResult {
  name: string;
  fileName: string;
  dataset: string;
  passed: boolean;
  /** Columns of the expected output, in order (for printing the diff). */
  columns: string[];
  diff?: RowDiff;
  /** The test could not run (SQL error, unknown table…). */
  error?: string;
  durationMs: number;
}

export interface UnitTestOptions {
  /** Opens an empty database per test; defaults to an in-memory DuckDB. */
  openSandbox?: () => Promise<EngineAdapter>;
  /** Columns that identify a row of the model's output. */
  key?: string[];
  tolerance?: number;
}

const SCRATCH_SCHEMA = "sluice_unit_test";

export async function runUnitTests(graph: CompiledGraph, options: Omit<UnitTestOptions, "key"> = {}): Promise<UnitTestResult[]> {
  const keys = new Map(graph.actions.map((a) => [a.id, a.uniqueKey]));
  const results: UnitTestResult[] = [];
  // One at a time: tests are small, and two cores are shared with whatever else runs.
  for (const test of graph.tests) results.push(await runUnitTest(test, { ...options, key: keys.get(test.dataset) }));
  return results;
}

export async function runUnitTest(test: TestCase, options: UnitTestOptions = {}): Promise<UnitTestResult> {
  const started = Date.now();
  const base = { name: test.name, fileName: test.fileName, dataset: test.dataset };
  const sandbox = await (options.openSandbox ?? openSandbox)();
  try {
    await sandbox.execute(sandbox.dialect.createSchema({ schema: SCRATCH_SCHEMA }));
    const ordered = hasTopLevelOrderBy(test.expectedOutputQuery);
    const expected = await evaluate(sandbox, test.expectedOutputQuery, "expected", ordered).catch((error: unknown) => {
      throw new Error(`expected output query failed: ${errorMessage(error)}`);
    });
    const actual = await evaluate(sandbox, test.testQuery, "actual", ordered).catch((error: unknown) => {
      throw new Error(`the model's query on the fixtures failed: ${errorMessage(error)}${hintFor(error)}`);
    });
    const diff = compareRows(expected, actual, { ordered, key: options.key, tolerance: options.tolerance });
    return { ...base, passed: diff.equal, columns: expected.columns, diff, durationMs: Date.now() - started };
  } catch (error) {
    return { ...base, passed: false, columns: [], error: errorMessage(error), durationMs: Date.now() - started };
  } finally {
    await sandbox.close();
  }
}

/** Runs a query into a scratch table to learn its column names (even with zero rows), then reads its rows. */
async function evaluate(sandbox: EngineAdapter, query: string, name: string, ordered: boolean): Promise<RowSet> {
  const sql = stripTrailingSemicolon(query);
  const scratch: Target = { schema: SCRATCH_SCHEMA, name };
  await sandbox.execute(sandbox.dialect.createTableAs({ target: scratch, query: sql, orReplace: true }));
  const described = await sandbox.describeRelation(scratch);
  const columns = described?.columns.map((c) => c.name) ?? [];
  // A table has no order, so an ordered comparison reads the query itself.
  const rows: Row[] = ordered ? await sandbox.queryAll(sql) : await sandbox.queryAll(`SELECT * FROM ${sandbox.dialect.relation(scratch)}`);
  return { columns, rows };
}

function hintFor(error: unknown): string {
  return /Catalog Error/i.test(errorMessage(error))
    ? "\n  hint: unit tests run on an empty in-memory DuckDB; give every table the model reads an input fixture"
    : "";
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, "");
}

/**
 * True when the query ends with an ORDER BY outside any parentheses (so not a window's or a
 * subquery's). String literals, quoted identifiers and comments are skipped.
 */
export function hasTopLevelOrderBy(sql: string): boolean {
  const code = sql
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  let depth = 0;
  let topLevel = "";
  for (const char of code) {
    if (char === "(") depth++;
    else if (char === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0) topLevel += char;
  }
  return /\border\s+by\b/i.test(topLevel);
}

/** One line per test, the diff or error under a failing one, and a summary line. */
export function formatUnitTestReport(results: UnitTestResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const mark = result.passed ? "PASS" : "FAIL";
    lines.push(`${mark}  ${result.name}  (${result.dataset}, ${result.fileName}, ${result.durationMs} ms)`);
    if (result.error) lines.push(`    ${result.error.replace(/\n/g, "\n    ")}`);
    else if (!result.passed && result.diff) lines.push(formatRowDiff(result.diff, result.columns));
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(
    results.length === 0 ? "no unit tests found" : `${results.length - failed} passed, ${failed} failed (${results.length} unit test${results.length === 1 ? "" : "s"})`,
  );
  return lines.join("\n");
}
