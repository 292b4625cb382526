import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { SluiceContext } from "../../src/context.js";
import type { CompiledGraph } from "../../src/graph/schema.js";
import { SluiceError, type Diagnostic } from "../../src/errors.js";

export const FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "projects");

export function compileFixture(name: string, profile?: string): CompiledGraph {
  return SluiceContext.load({ projectDir: join(FIXTURES, name), profile, env: {} }).compile();
}

/** Writes a throwaway project (dataform.json + profiles.yaml + the given files) and returns its dir. */
export function writeProject(files: Record<string, string>, dataform?: object): string {
  const dir = mkdtempSync(join(tmpdir(), "sluice-compile-"));
  const config = dataform ?? {
    defaultDatabase: "lake",
    defaultSchema: "main",
    assertionSchema: "audit",
    targets: { lakehouse: {}, warehouse: { paths: ["definitions/snowflake/**"] } },
    defaultTarget: "lakehouse",
  };
  writeFileSync(join(dir, "dataform.json"), JSON.stringify(config));
  writeFileSync(
    join(dir, "profiles.yaml"),
    "default: local\nprofiles:\n  local:\n    targets:\n      lakehouse: { engine: duckdb, database: lake }\n      warehouse: { engine: duckdb, database: wh }\n  prod:\n    targets:\n      lakehouse: { engine: databricks, database: lake }\n      warehouse: { engine: snowflake, database: WH }\n",
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function compileDir(dir: string, profile?: string): CompiledGraph {
  return SluiceContext.load({ projectDir: dir, profile, env: {} }).compile();
}

/** The diagnostics a failing compile throws (fails the test when it compiles). */
export function compileErrors(dir: string): Diagnostic[] {
  try {
    compileDir(dir);
  } catch (error) {
    if (error instanceof SluiceError) return error.diagnostics;
    throw error;
  }
  throw new Error("expected the project to fail to compile");
}

export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sluice-fixture-"));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
