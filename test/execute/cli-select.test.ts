import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { RunResultsSchema, type RunResults } from "../../src/execute/results.js";

/** --select/--exclude on run and test, `sluice retry`, and --changed-only through the CLI, on a small SQLX project. */
const FILES: Record<string, string> = {
  "definitions/base.sqlx": `config { type: "table", tags: ["nightly"] }\nSELECT range AS id FROM range(5)`,
  "definitions/broken.sqlx": `config { type: "table" }\nSELECT id FROM \${ref("base")} WHERE id < 3`,
  "definitions/after_broken.sqlx": `config { type: "view" }\nSELECT count(*) AS n FROM \${ref("broken")}`,
  "definitions/other.sqlx": `config { type: "table" }\nSELECT id * 2 AS twice FROM \${ref("base")}`,
  "definitions/other_check.sqlx": `config { type: "assertion" }\nSELECT * FROM \${ref("other")} WHERE twice < 0`,
  "definitions/tests/other_test.sqlx": `config { type: "test", dataset: "other" }
input "base" { SELECT 1 AS id }
SELECT 2 AS twice`,
  "definitions/tests/broken_test.sqlx": `config { type: "test", dataset: "broken" }
input "base" { SELECT 1 AS id }
SELECT 1 AS id`,
};

let dir: string;
let stderr: string;
let stdout: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sluice-cli-select-"));
  write("dataform.json", JSON.stringify({ defaultDatabase: "lakehouse", defaultSchema: "silver", assertionSchema: "audit", targets: { lakehouse: {} } }));
  for (const [path, text] of Object.entries(FILES)) write(path, text);
  stderr = "";
  stdout = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

async function sluice(...args: string[]): Promise<number> {
  const code = await main([...args, "--project", dir]);
  process.exitCode = undefined;
  return code;
}

function lastResults(): RunResults {
  return RunResultsSchema.parse(JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")));
}

function statuses(): Record<string, string> {
  return Object.fromEntries(lastResults().actions.map((a) => [a.id.split(".").pop()!, a.status]));
}

describe("sluice run --select / --exclude", () => {
  it("runs what the selectors resolve to, with the assertions on selected models", async () => {
    expect(await sluice("run", "--select", "+other")).toBe(0);
    expect(statuses()).toEqual({ base: "success", other: "success", other_check: "success" });
    expect(await sluice("run", "--select", "base+", "--exclude", "broken+")).toBe(0);
    expect(statuses()).toEqual({ base: "success", other: "success", other_check: "success" });
  });

  it("keeps --actions/--tags/--include-dependents working as selectors", async () => {
    expect(await sluice("run", "--tags", "nightly", "--include-dependents", "--exclude", "broken+")).toBe(0);
    expect(statuses()).toEqual({ base: "success", other: "success", other_check: "success" });
    expect(await sluice("run", "--actions", "base")).toBe(0);
    expect(statuses()).toEqual({ base: "success" });
  });

  it("an empty selection runs nothing and exits 0", async () => {
    expect(await sluice("run", "--select", "base", "--exclude", "base")).toBe(0);
    expect(stderr).toContain("nothing selected");
    expect(() => readFileSync(join(dir, "target", "run_results.json"))).toThrow();
  });

  it("a mistyped selector fails with a suggestion", async () => {
    expect(await sluice("run", "--select", "bsae")).toBe(1);
    expect(stderr).toContain("did you mean `base`");
  });

  it("state:modified+ with --changed-only runs the edited model and its downstream", async () => {
    write("definitions/broken.sqlx", `config { type: "table" }\nSELECT id FROM \${ref("base")}`);
    expect(await sluice("run")).toBe(0);
    write("definitions/other.sqlx", `config { type: "table" }\nSELECT id * 3 AS twice FROM \${ref("base")}`);
    expect(await sluice("run", "--select", "state:modified+", "--changed-only")).toBe(0);
    expect(statuses()).toEqual({ other: "success", other_check: "success" });
    expect(await sluice("run", "--changed-only")).toBe(0);
    expect(statuses()).toEqual({ base: "up_to_date", broken: "up_to_date", after_broken: "up_to_date", other: "up_to_date", other_check: "up_to_date" });
  });
});

describe("sluice retry", () => {
  it("reruns only the failed and skipped actions of the last run", async () => {
    write("definitions/broken.sqlx", `config { type: "table" }\nSELECT no_such_column FROM \${ref("base")}`);
    expect(await sluice("run")).toBe(1);
    expect(statuses()).toEqual({ base: "success", broken: "failed", after_broken: "skipped", other: "success", other_check: "success" });

    write("definitions/broken.sqlx", `config { type: "table" }\nSELECT id FROM \${ref("base")} WHERE id < 3`);
    expect(await sluice("retry")).toBe(0);
    expect(stderr).toContain("retrying 2 action(s)");
    expect(statuses()).toEqual({ broken: "success", after_broken: "success" });

    expect(await sluice("retry")).toBe(0);
    expect(stderr).toContain("nothing to retry");
  });

  it("says what to do when there is no previous run", async () => {
    expect(await sluice("retry")).toBe(1);
    expect(stderr).toContain("no previous run results");
  });
});

describe("sluice test --select", () => {
  it("runs only the unit tests of selected models", async () => {
    expect(await sluice("test", "--select", "other")).toBe(0);
    expect(stdout).toContain("other_test");
    expect(stdout).not.toContain("broken_test");
    expect(stdout).toContain("(1 unit test)");
  });

  it("with --assertions, runs only the selected assertions", async () => {
    expect(await sluice("run")).toBe(0);
    stdout = "";
    expect(await sluice("test", "--assertions", "--select", "base")).toBe(0);
    expect(stdout).toContain("no assertions defined");
    stdout = "";
    expect(await sluice("test", "--assertions", "--select", "other")).toBe(0);
    expect(stdout).toContain("other_check");
  });
});
