import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SluiceContext } from "../../src/context.js";
import type { EngineKind } from "../../src/graph/schema.js";
import {
  PROJECT_PLACEHOLDER,
  compareGolden,
  describeDifferences,
  goldenFiles,
  pinTimestamps,
  renderContext,
  UNDOCUMENTED_TYPE,
  type RenderedAction,
} from "../../src/render/index.js";

import { parseErrors } from "../fakes/parse-sql.js";
import { Dialect, parse } from "@polyglot-sql/sdk";
import { KNOWN_RENDER_FAILURES, KNOWN_UNFIT_STATEMENTS, PARSER_ALLOW_LIST } from "./allow-list.js";

/**
 * Golden SQL: the statements every action of the manufacturing pipeline would send to
 * Databricks and Snowflake under the prod profile, rendered offline (the real runner and
 * strategies in dry-run mode on adapters with no connection), compared with test/golden/<engine>/*.sql
 * and parsed statement by statement by an independent parser for the engine's dialect.
 */
const projectDir = fileURLToPath(new URL("../..", import.meta.url));
const goldenDir = fileURLToPath(new URL(".", import.meta.url));
const UPDATE_COMMAND = "node bin/sluice.mjs render --profile prod --write test/golden";

let rendered: RenderedAction[];
const counts = new Map<EngineKind, { statements: number; parsed: number; allowListed: number }>();

beforeAll(async () => {
  // Profile defaults only, as `render --write` uses: the golden files do not depend on who runs the test.
  const context = SluiceContext.load({ projectDir, profile: "prod", env: {} });
  rendered = await renderContext(context);
});

afterAll(() => {
  const summary = [...counts].map(([engine, c]) => `${engine}: ${c.statements} statements, ${c.parsed} parsed, ${c.allowListed} allow-listed`);
  if (summary.length) console.info(`golden SQL: ${summary.join("; ")}`);
});

describe("golden SQL (prod profile: Databricks and Snowflake)", () => {
  it("renders every action of the pipeline on the production engines, in both scenarios", () => {
    expect(rendered.length).toBeGreaterThan(0);
    expect(new Set(rendered.map((a) => a.engine))).toEqual(new Set(["databricks", "snowflake"]));
    for (const action of rendered) expect(action.scenarios.map((s) => s.scenario)).toEqual(["first-build", "incremental"]);
  });

  it("matches the golden files", () => {
    const differences = compareGolden(goldenDir, goldenFiles(rendered));
    expect(differences, describeDifferences(differences, UPDATE_COMMAND)).toEqual([]);
  });

  it("sends nothing to an engine during the dry run (every statement is recorded by the runner)", () => {
    const direct = rendered.flatMap((a) => a.scenarios.flatMap((s) => s.statements.filter((st) => st.direct).map((st) => `${a.id} (${s.scenario}): ${st.sql}`)));
    expect(direct).toEqual([]);
  });

  it("fails to render only where a gap is known and listed", () => {
    const unexpected: string[] = [];
    const used = new Set<number>();
    for (const action of rendered) {
      for (const scenario of action.scenarios) {
        if (scenario.status !== "failed") continue;
        const known = KNOWN_RENDER_FAILURES.findIndex((k) => k.type === action.type && k.engine === action.engine && k.error.test(scenario.error ?? ""));
        if (known < 0) unexpected.push(`${action.id} (${scenario.scenario}): ${scenario.error ?? scenario.message ?? "failed"}`);
        else used.add(known);
      }
    }
    expect(unexpected, "actions that failed to render").toEqual([]);
    const unused = KNOWN_RENDER_FAILURES.filter((_, i) => !used.has(i)).map((k) => `${k.type} on ${k.engine}: ${k.reason}`);
    expect(unused, "known render failures that no longer happen: remove them from test/golden/allow-list.ts").toEqual([]);
  });

  it("every golden statement parses with an independent parser for its engine's dialect", async () => {
    const failures: string[] = [];
    const used = new Set<number>();
    const verdicts = new Map<string, string | null>();
    for (const action of rendered) {
      for (const scenario of action.scenarios) {
        for (const { engine, sql } of scenario.statements) {
          if (engine !== "databricks" && engine !== "snowflake") {
            failures.push(`${action.id} (${scenario.scenario}): a ${engine} statement in the prod rendering`);
            continue;
          }
          const count = counts.get(engine) ?? { statements: 0, parsed: 0, allowListed: 0 };
          counts.set(engine, count);
          count.statements++;
          // Identical statements (CREATE SCHEMA, the ledger table) are parsed once.
          const key = `${engine}\u0000${sql}`;
          if (!verdicts.has(key)) verdicts.set(key, await parseErrors(sql, engine));
          const error = verdicts.get(key);
          if (!error) {
            count.parsed++;
            // The parser accepts "SELECT 1; SELECT 2": each golden statement must be exactly one.
            const statements = statementCount(sql, engine);
            if (statements !== 1) failures.push(`${action.id} (${scenario.scenario}) on ${engine}: ${statements} statements in one\n${excerpt(sql)}`);
            continue;
          }
          const allowed = PARSER_ALLOW_LIST.findIndex((a) => a.engine === engine && a.statement.test(sql));
          if (allowed >= 0) {
            used.add(allowed);
            count.allowListed++;
          } else {
            failures.push(`${action.id} (${scenario.scenario}) on ${engine}: ${error}\n${excerpt(sql)}`);
          }
        }
      }
    }
    expect(failures, `${failures.length} statement(s) the ${"parser"} rejects`).toEqual([]);
    const unused = PARSER_ALLOW_LIST.filter((_, i) => !used.has(i)).map((a) => `${a.engine} ${a.statement}: ${a.reason}`);
    expect(unused, "allow-list entries that match no failing statement: remove them").toEqual([]);
  });
  it("holds no unresolved profile reference, local path or invented column type, except the known bugs listed", () => {
    const unfit: string[] = [];
    const used = new Set<number>();
    for (const action of rendered) {
      for (const scenario of action.scenarios) {
        for (const { engine, sql } of scenario.statements) {
          if (!sql.includes("${env:") && !sql.includes(PROJECT_PLACEHOLDER) && !sql.includes(UNDOCUMENTED_TYPE)) continue;
          const known = KNOWN_UNFIT_STATEMENTS.findIndex((k) => k.engine === engine && k.statement.test(sql));
          if (known >= 0) used.add(known);
          else unfit.push(`${action.id} (${scenario.scenario}) on ${engine}:\n${excerpt(sql)}`);
        }
      }
    }
    expect(unfit).toEqual([]);
    const unused = KNOWN_UNFIT_STATEMENTS.filter((_, i) => !used.has(i)).map((k) => `${k.engine} ${k.statement}: ${k.reason}`);
    expect(unused, "known unfit statements that no longer occur: remove them from test/golden/allow-list.ts").toEqual([]);
  });
});

describe("pinTimestamps", () => {
  const window = { from: Date.parse("2026-11-26T07:00:00.000Z"), to: Date.parse("2026-11-26T07:00:00.040Z") };

  it("pins timestamps stamped during the rendering, keeping their shape", () => {
    expect(pinTimestamps("TIMESTAMP '2026-11-26 07:00:00.017' AS x", window)).toBe("TIMESTAMP '2026-01-01 00:00:00.000' AS x");
    expect(pinTimestamps("at 2026-11-26T07:00:00.040Z", window)).toBe("at 2026-01-01T00:00:00.000Z");
  });

  it("keeps every other timestamp, such as literals in the project's SQL", () => {
    const sql = "WHERE ts > TIMESTAMP '2026-11-26 06:59:59.000' AND day = '2024-01-01'";
    expect(pinTimestamps(sql, window)).toBe(sql);
  });
});

function statementCount(sql: string, engine: "databricks" | "snowflake"): number {
  // parseErrors (above) has initialised the parser already.
  const result = parse(sql, engine === "databricks" ? Dialect.Databricks : Dialect.Snowflake);
  return result.success ? result.ast.length : 0;
}

function excerpt(sql: string): string {
  return sql.length > 600 ? `${sql.slice(0, 600)}…` : sql;
}
