import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** `sluice render` on a small fixture project: printing, --write, --check, stale files. */
const bin = resolve(import.meta.dirname, "..", "..", "bin", "sluice.mjs");
const project = resolve(import.meta.dirname, "..", "fixtures", "projects", "multi-engine");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, "render", "--project", project, "--profile", "prod", ...args], { encoding: "utf8" });
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("sluice render", () => {
  it("prints one scenario of the chosen actions, with the engine's SQL", () => {
    const result = run("--profile-defaults", "--scenario", "incremental", "--actions", "clean_readings");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^-- main\.silver\.clean_readings: incremental on target lakehouse \(databricks\)/);
    expect(result.stdout).toContain("-- ==== incremental:");
    expect(result.stdout).not.toContain("-- ==== first-build:");
    expect(result.stdout).toContain("MERGE INTO `main`.`silver`.`clean_readings` AS t");
  });

  it("writes golden files, finds them matching, then reports a changed and a stale file and removes the stale one", () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-golden-"));
    dirs.push(dir);
    const written = run("--write", dir);
    expect(written.status).toBe(0);
    expect(written.stdout).toMatch(/file\(s\), \d+ statements; \d+ written, 0 unchanged, 0 removed/);
    const engines = readdirSync(dir).sort();
    expect(engines.length).toBeGreaterThan(0);
    expect(run("--check", dir).status).toBe(0);

    const file = join(dir, engines[0], readdirSync(join(dir, engines[0]))[0]);
    writeFileSync(file, readFileSync(file, "utf8").replace("-- status: success", "-- status: changed"));
    writeFileSync(join(dir, engines[0], "gone.sql"), "-- an action that no longer exists\n");
    const checked = run("--check", dir);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain("2 golden file(s) differ from the rendered SQL:");
    expect(checked.stderr).toContain(`${engines[0]}/gone.sql: golden file for an action that no longer renders`);
    expect(checked.stderr).toContain(`If the change is intended, update them with: sluice render --project ${project} --profile prod --write ${dir}`);

    const rewritten = run("--write", dir);
    expect(rewritten.stdout).toMatch(/; 1 written, \d+ unchanged, 1 removed/);
    expect(existsSync(join(dir, engines[0], "gone.sql"))).toBe(false);
  });

  it("refuses to write golden files for part of the graph", () => {
    const result = run("--write", join(tmpdir(), "never-written"), "--scenario", "first-build");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--write and --check cover every action and scenario");
  });
});
