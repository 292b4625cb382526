import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CompiledGraphSchema } from "../../src/graph/schema.js";
import { FIXTURES, removeDir, writeProject } from "./helpers.js";

const bin = resolve(import.meta.dirname, "..", "..", "bin", "sluice.mjs");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe("sluice compile / ls", () => {
  it("prints a graph valid against the schema with --json", () => {
    const result = run("compile", "--json", "--project", join(FIXTURES, "multi-engine"));
    expect(result.status).toBe(0);
    const graph = CompiledGraphSchema.parse(JSON.parse(result.stdout));
    expect(graph.actions.map((a) => a.id)).toContain("warehouse.staging.daily");
  });

  it("prints a summary by default and lists actions with ls", () => {
    const summary = run("compile", "--project", join(FIXTURES, "multi-engine"));
    expect(summary.stdout).toMatch(/^Compiled 17 actions and 1 tests \(profile local\)\./);
    const ls = run("ls", "--project", join(FIXTURES, "multi-engine"), "--profile", "prod");
    expect(ls.status).toBe(0);
    expect(ls.stdout.split("\n")[0]).toMatch(/^ID\s+TYPE\s+TARGET\/ENGINE\s+TAGS$/);
    expect(ls.stdout).toMatch(/ANALYTICS\.staging\.daily\s+transfer\s+warehouse\/snowflake\s+daily/);
  });

  it("exits 1 with every error at file:line:col and no stack trace", () => {
    const dir = writeProject({
      "definitions/a.sqlx": 'config { type: "table", tagz: [] }\nSELECT 1',
      "definitions/b.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("nope")}',
    });
    dirs.push(dir);
    const result = run("compile", "--project", dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('definitions/a.sqlx:1:25: error: unknown config key "tagz"\n  hint: did you mean "tags"?');
    expect(result.stderr).toContain('definitions/b.sqlx:2:17: error: unknown ref "nope"');
    expect(result.stderr).toContain("2 errors");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("writes the graph to --output", () => {
    const dir = writeProject({ "definitions/a.sqlx": 'config { type: "table" }\nSELECT 1 AS id' });
    dirs.push(dir);
    const out = join(dir, "graph.json");
    const result = run("compile", "--project", dir, "--output", out);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Graph written to ${out}.`);
    expect(CompiledGraphSchema.parse(JSON.parse(readFileSync(out, "utf8"))).actions.map((a) => a.id)).toEqual(["lake.main.a"]);
  });

  it("documents both commands with examples in --help", () => {
    expect(run("compile", "--help").stdout).toContain("Examples:");
    expect(run("ls", "--help").stdout).toContain("Examples:");
  });
});
