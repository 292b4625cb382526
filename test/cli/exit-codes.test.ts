import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { SluiceContext } from "../../src/context.js";
import { selectActions } from "../../src/select/select.js";

/** Exit codes as `sluice --help` states them: 0 success, 1 a failed action, check or project error, 2 a wrong command line. */
const REPO = join(import.meta.dirname, "..", "..");
let dir: string;
let stderr: string;
let stdout: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sluice-cli-exit-"));
  mkdirSync(join(dir, "definitions"));
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ defaultDatabase: "lakehouse", defaultSchema: "silver", targets: { lakehouse: {} } }));
  writeFileSync(join(dir, "definitions", "daily.sqlx"), `config { type: "table" }\nSELECT 1 AS n`);
  stderr = "";
  stdout = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function sluice(...args: string[]): Promise<number> {
  const code = await main([...args, "--project", dir]);
  process.exitCode = undefined;
  return code;
}

describe("exit code 2 for a wrong command line", () => {
  it("a selector that cannot be read", async () => {
    expect(await sluice("run", "--select", "+")).toBe(2);
    expect(stderr).toContain('cannot read selector "+"');
    expect(await sluice("run", "--select", "foo:bar")).toBe(2);
    expect(stderr).toContain('unknown selector method "foo:"');
    expect(await sluice("ls", "--exclude", "@+daily")).toBe(2);
    // A well-formed name the project does not have stays a project error.
    expect(await sluice("run", "--select", "nope")).toBe(1);
  });

  it("--vars without key=value, with no stack-trace hint", async () => {
    expect(await sluice("run", "--vars", "foo")).toBe(2);
    expect(stderr).toContain('--vars expects key=value, got "foo"');
    expect(stderr).not.toContain("SLUICE_DEBUG");
  });

  it("archive --older-than that cannot be read", async () => {
    expect(await sluice("archive", "--older-than", "30x")).toBe(2);
    expect(stderr).toContain("--older-than");
  });

  it("schedule --timezone that does not exist, blamed on the zone and not the cron pattern", async () => {
    expect(await sluice("schedule", "--cron", "*/5 * * * *", "--timezone", "Mars/Olympus")).toBe(2);
    expect(stderr).toContain('unknown time zone "Mars/Olympus"');
    expect(stderr).not.toContain("invalid cron pattern");
    stderr = "";
    expect(await sluice("schedule", "--cron", "*/5 * * *  nope")).toBe(2);
    expect(stderr).toContain("invalid cron pattern");
  });

  it("bare `sluice` prints the help and exits 2; --help, `help` and --version exit 0", async () => {
    expect(await main([])).toBe(2);
    expect(stderr).toContain("Usage: sluice");
    expect(await main(["--help"])).toBe(0);
    expect(await main(["help"])).toBe(0);
    expect(await main(["help", "run"])).toBe(0);
    expect(await main(["run", "--help"])).toBe(0);
    expect(await main(["--version"])).toBe(0);
  });
});

describe("sluice query", () => {
  it("fails without creating anything when the database does not exist yet", async () => {
    const dataDir = join(dir, "mistyped-data");
    expect(await sluice("query", "SELECT 1")).toBe(1);
    expect(stderr).toMatch(/no database at .*lakehouse\.duckdb yet: run `sluice run` \(or `sluice start`\) first/);
    expect(await sluice("query", "--data-dir", dataDir, "SELECT 1")).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["dataform.json", "definitions"]);
  });

  it("rejects a --limit that is not a whole number ≥ 0 with exit 2", async () => {
    expect(await sluice("query", "--limit", "abc", "SELECT 1")).toBe(2);
    expect(await sluice("query", "--limit", "-1", "SELECT 1")).toBe(2);
  });
});

describe("--help examples", () => {
  /** Every `--select`/`--exclude`/`--tag` value in a command's examples matches actions of the shipped project. */
  it("select actions of the shipped project", async () => {
    const graph = SluiceContext.load({ projectDir: REPO }).compile();
    const tags = new Set(graph.actions.flatMap((a) => a.tags ?? []));
    const checked: string[] = [];
    for (const command of ["run", "test", "ls", "compile", "schedule", "retry", "export-schedule"]) {
      stdout = "";
      expect(await main([command, "--help"])).toBe(0);
      const examples = stdout.slice(stdout.indexOf("Examples:")).split("\n").filter((line) => line.trim().startsWith("sluice "));
      for (const line of examples) {
        const words = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
        words.forEach((word, i) => {
          const value = words[i + 1];
          if (word === "--select" || word === "-s" || word === "--exclude") {
            expect(() => selectActions(graph, { [word === "--exclude" ? "exclude" : "select"]: [value], state: new Map() }), line).not.toThrow();
            checked.push(value);
          }
          if (word === "--tag") {
            expect(tags.has(value), line).toBe(true);
            checked.push(value);
          }
        });
      }
    }
    expect(checked.length).toBeGreaterThan(5);
  });

  it("say each default once and spell commands as `sluice …`", async () => {
    stdout = "";
    await main(["run", "--help"]);
    expect(stdout).not.toMatch(/default 0.*\(default: 0\)/s);
    stdout = "";
    await main(["start", "--help"]);
    expect(stdout).toContain("sluice generate --days 1 --append");
    expect(stdout).toContain("sluice start");
  });
});
