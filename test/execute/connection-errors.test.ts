import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/config/profiles.js";
import { isTransientDuckDBError } from "../../src/engines/duckdb/errors.js";
import { runGraph, type RunEvent } from "../../src/execute/run.js";
import { SluiceError } from "../../src/errors.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

let project: TestProject | undefined;
let holder: ChildProcess | undefined;
let dirs: string[] = [];
afterEach(() => {
  holder?.kill();
  holder = undefined;
  project?.cleanup();
  project = undefined;
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

async function rejectionOf(promise: Promise<unknown>): Promise<SluiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SluiceError);
  return error as SluiceError;
}

const roots = () => graphOf([action({ name: "a", query: "SELECT 1 AS x" }), action({ name: "b", query: "SELECT 2 AS x" }), action({ name: "c", query: "SELECT 3 AS x" })]);

describe("connection errors fail the run once, before any action", () => {
  it("a target without its credentials names the unset variables, the target and its line in profiles.yaml", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-conn-errors-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "profiles.yaml"),
      [
        "# Connection profiles.",
        "default: local",
        "profiles:",
        "  local:",
        "    targets:",
        "      lakehouse: { engine: duckdb, database: lakehouse, path: lakehouse.duckdb }",
        "  prod:",
        "    targets:",
        "      lakehouse:",
        "        engine: databricks",
        "        database: ${env:DATABRICKS_CATALOG:-manufacturing}",
        "        host: ${env:DATABRICKS_HOST}",
        "        httpPath: ${env:DATABRICKS_HTTP_PATH}",
        "        token: ${env:DATABRICKS_TOKEN}",
        "        clientId: ${env:DATABRICKS_CLIENT_ID}",
        "        clientSecret: ${env:DATABRICKS_CLIENT_SECRET}",
        "",
      ].join("\n"),
    );
    const profile = loadProfile(dir, ["lakehouse"], { profile: "prod", env: {} });
    const events: RunEvent[] = [];
    const error = await rejectionOf(runGraph({ graph: roots(), profile }, { onEvent: (e) => events.push(e), resultsPath: false }));
    expect(events.filter((e) => e.kind === "start" || e.kind === "finish")).toEqual([]);
    expect(error.diagnostics).toHaveLength(1);
    const [diagnostic] = error.diagnostics;
    expect(diagnostic.location).toEqual({ file: "profiles.yaml", line: 9, column: 7 });
    expect(diagnostic.message).toMatch(/target "lakehouse" \(databricks\) of profile "prod" cannot connect/);
    expect(diagnostic.message).toMatch(/DATABRICKS_HOST, DATABRICKS_HTTP_PATH and DATABRICKS_TOKEN are not set/);
    expect(diagnostic.hint).toMatch(/export DATABRICKS_HOST/);
    expect(diagnostic.hint).toMatch(/--profile local/);
  });

  it("a DuckDB file locked by another process is the target's error, naming the file and the process", async () => {
    project = makeProject({ targets: ["lakehouse"] });
    const file = join(project.profile.dataDir, "lakehouse.duckdb");
    mkdirSync(project.profile.dataDir, { recursive: true });
    const script = `
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const db = await DuckDBInstance.create(${JSON.stringify(file)});
      const connection = await db.connect();
      await connection.run("CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS a");
      process.stdout.write("held\\n");
      setTimeout(() => { connection.closeSync(); db.closeSync(); process.exit(0); }, 60000);`;
    holder = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      holder!.stdout!.once("data", () => resolve());
      holder!.once("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    const events: RunEvent[] = [];
    const error = await rejectionOf(
      runGraph({ graph: graphOf(roots().actions.map((a) => a), ["lakehouse"]), profile: project.profile }, { onEvent: (e) => events.push(e), resultsPath: false }),
    );
    expect(events.filter((e) => e.kind === "start" || e.kind === "finish")).toEqual([]);
    expect(error.diagnostics).toHaveLength(1);
    const [diagnostic] = error.diagnostics;
    expect(diagnostic.code).toBe("target-locked");
    expect(diagnostic.message).toContain(`target "lakehouse" (duckdb)`);
    expect(diagnostic.message).toContain(file);
    expect(diagnostic.message).toContain(`process ${holder.pid}`);
    expect(diagnostic.location?.file ?? "").not.toMatch(/\.sqlx$/);
    expect(diagnostic.hint).toMatch(/stop the other process/);
    expect(diagnostic.hint).toMatch(/sluice query/);
    // Still a lock conflict that heals by itself.
    expect(isTransientDuckDBError(error)).toBe(true);
  });
});
