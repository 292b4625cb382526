import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compileWithDataform, type DataformAction, type DataformTarget } from "./dataform-reference.mjs";
import { compileFixture, FIXTURES } from "./helpers.js";
import type { Action, Target } from "../../src/graph/schema.js";

/**
 * Conformance: fixture projects compiled by Sluice and by @dataform/core 3.0.62's exported main
 * (in-process) give the same actions, types, dependency targets, tags and queries, up to
 * identifier quoting and whitespace.
 */

const key = (t: DataformTarget | Target) => `${t.database ?? ""}.${t.schema ?? ""}.${t.name ?? ""}`;

/** Removes identifier quoting (backticks / double quotes) and collapses whitespace. */
function normalise(sql: string | undefined): string | undefined {
  if (sql === undefined) return undefined;
  return sql
    .replace(/\\'/g, "''") // BigQuery string escape vs. the engines' doubled quote
    .replace(/[`"]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

interface Comparable {
  type: string;
  dependencies: string[];
  tags: string[];
  query?: string;
  incrementalQuery?: string;
  queries?: string[];
  preOps: string[];
  postOps: string[];
  incrementalPreOps: string[];
  incrementalPostOps: string[];
}

const ops = (list: string[] | undefined) => (list ?? []).map((s) => normalise(s)!).filter((s) => s.length > 0);

function fromDataform(kind: string, a: DataformAction): Comparable {
  const type = kind === "tables" ? a.type! : ({ operations: "operations", assertions: "assertion", declarations: "declaration" } as Record<string, string>)[kind];
  return {
    type,
    dependencies: (a.dependencyTargets ?? []).map(key).sort(),
    tags: [...(a.tags ?? [])].sort(),
    ...(a.query !== undefined && kind !== "operations" ? { query: normalise(a.query) } : {}),
    ...(a.incrementalQuery !== undefined ? { incrementalQuery: normalise(a.incrementalQuery) } : {}),
    ...(kind === "operations" ? { queries: ops(a.queries) } : {}),
    preOps: ops(a.preOps),
    postOps: ops(a.postOps),
    incrementalPreOps: type === "incremental" ? ops(a.incrementalPreOps) : [],
    incrementalPostOps: type === "incremental" ? ops(a.incrementalPostOps) : [],
  };
}

function fromSluice(a: Action): Comparable {
  return {
    type: a.type,
    dependencies: a.dependencyTargets.map(key).sort(),
    tags: [...a.tags].sort(),
    ...(a.query !== undefined ? { query: normalise(a.query) } : {}),
    ...(a.incrementalQuery !== undefined ? { incrementalQuery: normalise(a.incrementalQuery) } : {}),
    ...(a.type === "operations" ? { queries: ops(a.queries) } : {}),
    preOps: ops(a.preOps),
    postOps: ops(a.postOps),
    incrementalPreOps: a.type === "incremental" ? ops(a.incrementalPreOps) : [],
    incrementalPostOps: a.type === "incremental" ? ops(a.incrementalPostOps) : [],
  };
}

describe.each(["bigquery-flavoured", "prefixed-chain", "workflow-settings"])("conformance with @dataform/core: %s", (fixture) => {
  const dataform = compileWithDataform(join(FIXTURES, fixture));
  const sluice = compileFixture(fixture);

  it("Dataform compiles the fixture without errors", () => {
    expect(dataform.graphErrors?.compilationErrors ?? []).toEqual([]);
  });

  it("has the same actions with the same types, dependencies, tags and SQL", () => {
    const expected: Record<string, Comparable> = {};
    for (const kind of ["tables", "operations", "assertions", "declarations"] as const) {
      for (const action of dataform[kind] ?? []) expected[key(action.target)] = fromDataform(kind, action);
    }
    const actual: Record<string, Comparable> = {};
    for (const action of sluice.actions) actual[key(action.target)] = fromSluice(action);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const id of Object.keys(expected)) expect({ id, ...actual[id] }).toEqual({ id, ...expected[id] });
  });

  it("builds the same unit tests", () => {
    const expected = (dataform.tests ?? []).map((t) => ({ name: t.name, testQuery: normalise(t.testQuery), expected: normalise(t.expectedOutputQuery) }));
    const actual = sluice.tests.map((t) => ({ name: t.name, testQuery: normalise(t.testQuery), expected: normalise(t.expectedOutputQuery) }));
    expect(actual.sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("links built-in assertions to their parent", () => {
    for (const kind of ["assertions"] as const) {
      for (const action of dataform[kind] ?? []) {
        const mine = sluice.actions.find((a) => key(a.target) === key(action.target));
        expect(mine?.parentAction).toBe(action.parentAction ? key(action.parentAction).replace(/^\./, "") : undefined);
      }
    }
  });
});
