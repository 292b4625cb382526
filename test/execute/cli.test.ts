import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { acquireRunLock } from "../../src/state/lock.js";
import { RunResultsSchema } from "../../src/execute/results.js";

/** A small SQLX project of every kind the runner builds, compiled by the real compiler. */
function writeProject(dir: string): void {
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ defaultDatabase: "lakehouse", defaultSchema: "silver", assertionSchema: "audit", targets: { lakehouse: {} }, vars: { n: "5" } }));
  const files: Record<string, string> = {
    "setup.sqlx": `config { type: "operations", hasOutput: false }
CREATE SCHEMA IF NOT EXISTS lakehouse.bronze
---
CREATE TABLE IF NOT EXISTS lakehouse.bronze.raw_events AS SELECT range AS id, range % 3 AS day FROM range(\${dataform.projectConfig.vars.n})`,
    "events.sqlx": `config { type: "incremental", uniqueKey: ["id"], dependencies: ["setup"] }
SELECT id, day FROM lakehouse.bronze.raw_events
\${when(incremental(), \`WHERE id > (SELECT max(id) FROM \${self()})\`)}`,
    "daily.sqlx": `config { type: "table" }
SELECT day, count(*) AS n FROM \${ref("events")} GROUP BY day`,
    "daily_v.sqlx": `config { type: "view" }
SELECT * FROM \${ref("daily")}`,
    "few_days.sqlx": `config { type: "assertion" }
SELECT * FROM \${ref("daily")} WHERE day > 2`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "definitions", name), text);
}

let dir: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sluice-cli-run-"));
  writeProject(dir);
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe("sluice run", () => {
  it("runs a project twice (the second run incremental) and exits 0", async () => {
    expect(await main(["run", "--project", dir])).toBe(0);
    process.exitCode = undefined;
    expect(await main(["run", "--project", dir, "--vars", "n=8"])).toBe(0);
    const results = RunResultsSchema.parse(JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")));
    expect(results.totals).toMatchObject({ selected: 5, success: 5 });
    const events = results.actions.find((a) => a.id.endsWith(".events"))!;
    expect(events.statements.some((s) => s.startsWith("MERGE INTO"))).toBe(true);
    expect(stderr).toMatch(/5 selected: 5 succeeded, 0 failed, 0 skipped/);
  });

  it("exits 1 when an action fails and reports the skipped ones", async () => {
    writeFileSync(join(dir, "definitions", "few_days.sqlx"), `config { type: "assertion" }\nSELECT * FROM \${ref("daily")} WHERE day >= 0`);
    writeFileSync(join(dir, "definitions", "after.sqlx"), `config { type: "table", dependencies: ["few_days"] }\nSELECT 1 AS x`);
    expect(await main(["run", "--project", dir])).toBe(1);
    expect(stderr).toMatch(/FAILED\s+lakehouse\.audit\.few_days/);
    expect(stderr).toMatch(/SKIPPED\s+lakehouse\.silver\.after/);
  });

  it("--dry-run creates no database and no results file", async () => {
    expect(await main(["run", "--project", dir, "--dry-run"])).toBe(0);
    expect(existsSync(join(dir, "data"))).toBe(false);
    expect(existsSync(join(dir, "target"))).toBe(false);
  });

  it("stops at once with a clear message while another run holds the lock", async () => {
    const held = await acquireRunLock({ dataDir: join(dir, "data"), profile: "local", runId: "other" });
    try {
      expect(await main(["run", "--project", dir])).toBe(1);
      expect(stderr).toContain(`another sluice run holds the run lock for profile "local": pid ${process.pid}`);
      expect(stderr).toContain("--lock-timeout");
    } finally {
      held.release();
    }
  });
});
