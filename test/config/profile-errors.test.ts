import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProfile } from "../../src/config/profiles.js";
import { connectDuckDB } from "../../src/engines/duckdb/adapter.js";
import { SluiceError, formatDiagnostic } from "../../src/errors.js";

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function project(profilesYaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sluice-profile-errors-"));
  dirs.push(dir);
  writeFileSync(join(dir, "profiles.yaml"), profilesYaml);
  return dir;
}

async function errorOf(fn: () => unknown): Promise<SluiceError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SluiceError);
    return error as SluiceError;
  }
  throw new Error("expected a SluiceError");
}

describe("profiles.yaml error messages", () => {
  it("an unquoted ${env:…} in a flow map gives line and column and says to quote it", async () => {
    const dir = project(
      [
        "# comment",
        "profiles:",
        "  local:",
        "    targets:",
        "      lakehouse: { engine: duckdb, database: lakehouse, path: ${env:LAKE_PATH} }",
        "",
      ].join("\n"),
    );
    const error = await errorOf(() => loadProfile(dir, ["lakehouse"], { env: {} }));
    const [diagnostic] = error.diagnostics;
    expect(diagnostic.location).toEqual({ file: "profiles.yaml", line: 5, column: 64 });
    expect(diagnostic.message).toMatch(/^invalid YAML: /);
    expect(diagnostic.message).not.toMatch(/:\s*$/);
    expect(diagnostic.hint).toMatch(/quote values that contain \$\{…\}/);
    expect(diagnostic.hint).toContain('path: "${env:LAKE_PATH}"');
    expect(formatDiagnostic(diagnostic)).toMatch(/^profiles\.yaml:5:64: error: invalid YAML/);
  });

  it("a duckdb path read from an unset variable names the variable and the target's line", async () => {
    const dir = project(
      [
        "# comment",
        "default: local",
        "profiles:",
        "  local:",
        "    targets:",
        '      lakehouse: { engine: duckdb, database: lakehouse, path: "${env:LAKE_PATH}" }',
        "",
      ].join("\n"),
    );
    const profile = loadProfile(dir, ["lakehouse"], { env: {} });
    expect(profile.targets.lakehouse.location).toEqual({ file: "profiles.yaml", line: 6, column: 7 });
    expect(profile.targets.lakehouse.unsetEnv).toEqual({ path: ["LAKE_PATH"] });
    const error = await errorOf(() => connectDuckDB(profile.targets.lakehouse, { redact: (t) => t }));
    expect(error.diagnostics).toHaveLength(1);
    expect(error.diagnostics[0].message).toMatch(/target "lakehouse" \(duckdb\) of profile "local" cannot connect: environment variable LAKE_PATH is not set/);
    expect(error.diagnostics[0].location).toMatchObject({ file: "profiles.yaml", line: 6 });
    expect(error.diagnostics[0].hint).toMatch(/export LAKE_PATH/);
  });
});
