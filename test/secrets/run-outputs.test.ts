import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A secret read from the environment into a secret-looking profile key must not appear in any
 * output of a run: stdout, stderr (progress and errors), run_results.json, or --dry-run output.
 * The project deliberately passes the secret into SQL too (through --vars), so it really is in
 * the statements and error paths that get written, and only redaction can keep it out.
 */
const SECRET = "planted-S3cr3t-9f8e7d";
const cli = join(__dirname, "..", "..", "bin", "sluice.mjs");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "sluice-secrets-"));
  mkdirSync(join(dir, "definitions"));
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ defaultSchema: "silver", targets: { lakehouse: {} } }));
  writeFileSync(
    join(dir, "profiles.yaml"),
    ["profiles:", "  local:", "    targets:", "      lakehouse: { engine: duckdb, database: lakehouse, path: lakehouse.duckdb, token: '${env:PLANTED_TOKEN}' }"].join("\n"),
  );
  writeFileSync(join(dir, "definitions", "holds_token.sqlx"), `config { type: "table" }\nSELECT '\${dataform.projectConfig.vars.token}' AS token`);
  writeFileSync(join(dir, "definitions", "fails_with_token.sqlx"), `config { type: "table" }\nSELECT '\${dataform.projectConfig.vars.token}' AS token FROM no_such_table`);
  return dir;
}

function sluice(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args, "--project", dir, "--vars", `token=${SECRET}`], {
    env: { ...process.env, PLANTED_TOKEN: SECRET, CI: "true" },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe("secrets in run outputs", () => {
  it("redacts the planted secret from run and dry-run output and from run_results.json", () => {
    const dir = project();

    const dryRun = sluice(dir, ["run", "--dry-run"]);
    expect(dryRun.output).toContain("***");
    expect(dryRun.output).not.toContain(SECRET);

    const run = sluice(dir, ["run"]);
    expect(run.status).toBe(1); // fails_with_token fails: its error and statements are written too
    expect(run.output).not.toContain(SECRET);

    const results = readFileSync(join(dir, "target", "run_results.json"), "utf8");
    expect(results).toContain("***");
    expect(results).not.toContain(SECRET);
    const parsed = JSON.parse(results) as { actions: { id: string; status: string; error?: { message: string } }[] };
    expect(parsed.actions.find((a) => a.id.endsWith("fails_with_token"))).toMatchObject({ status: "failed" });

    const compiled = sluice(dir, ["compile", "--json"]);
    expect(compiled.status).toBe(0);
  });
});
