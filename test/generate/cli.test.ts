import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { generateRawZone } from "../../src/generate/generate.js";
import { SluiceError } from "../../src/errors.js";

/** `sluice generate` through the CLI: options are all checked before a file is touched, and --force removes only what the manifest lists. */
let dir: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sluice-cli-generate-"));
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ defaultDatabase: "lakehouse", defaultSchema: "silver", targets: { lakehouse: {} } }));
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const SMALL = ["--plants", "1", "--interval", "3600", "--days", "1"];
const raw = () => join(dir, "data", "raw");

async function sluice(...args: string[]): Promise<number> {
  const code = await main([...args, "--project", dir]);
  process.exitCode = undefined;
  return code;
}

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : out.push(relative(root, join(d, e.name)).split("\\").join("/"));
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

describe("sluice generate", () => {
  it("rejects a bad option with exit 2 before deleting anything, even with --force", async () => {
    expect(await sluice("generate", ...SMALL)).toBe(0);
    const before = files(raw());
    expect(before.length).toBeGreaterThan(5);
    for (const bad of [
      ["--start-date", "2024-13-45"],
      ["--start-date", "2024-02-30"],
      ["--start-date", "01/02/2024"],
      ["--days", "abc"],
      ["--days", "0"],
      ["--rates", "foo=1"],
      ["--rates", "nulls=2"],
      ["--plants", "x"],
    ]) {
      stderr = "";
      expect(await sluice("generate", "--force", "--plants", "1", "--interval", "3600", ...bad), bad.join(" ")).toBe(2);
      expect(files(raw()), bad.join(" ")).toEqual(before);
    }
    stderr = "";
    await sluice("generate", "--force", "--start-date", "2024-02-30");
    expect(stderr).toContain("--start-date");
    expect(stderr).toContain("YYYY-MM-DD");
  });

  it("an impossible start date is an error in the generator too, not a rolled-over day", () => {
    expect(() => generateRawZone({ rawZone: raw(), days: 1, plants: 1, intervalSeconds: 3600, startDate: "2024-02-30" })).toThrow(/--start-date/);
    expect(existsSync(raw())).toBe(false);
  });

  it("--force removes the files the manifest lists and keeps a file landed by hand", async () => {
    expect(await sluice("generate", ...SMALL)).toBe(0);
    const handFolder = join(raw(), "sensor_readings", "year=2024", "month=01", "day=01");
    mkdirSync(handFolder, { recursive: true });
    writeFileSync(join(handFolder, "landed-by-hand.ndjson"), '{"sensor_id":"x"}\n');
    writeFileSync(join(raw(), "sensor_readings", "README.txt"), "mine\n");
    expect(await sluice("generate", "--force", ...SMALL, "--start-date", "2024-03-01")).toBe(0);
    const after = files(raw());
    expect(after).toContain("sensor_readings/year=2024/month=01/day=01/landed-by-hand.ndjson");
    expect(after).toContain("sensor_readings/README.txt");
    // The old day's generated files are gone (and their emptied folders with them).
    expect(after.filter((f) => f.includes("month=01") && !f.endsWith("landed-by-hand.ndjson"))).toEqual([]);
    expect(existsSync(join(raw(), "environmental", "year=2024", "month=01"))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(raw(), "_manifest.json"), "utf8")) as { days: string[] };
    expect(manifest.days).toEqual(["2024-03-01"]);
  });

  it("--force refuses, before removing anything, when part files the manifest does not list are in the way", async () => {
    expect(await sluice("generate", ...SMALL)).toBe(0);
    rmSync(join(raw(), "_manifest.json"));
    const before = files(raw());
    expect(() => generateRawZone({ rawZone: raw(), days: 1, plants: 1, intervalSeconds: 3600, force: true })).toThrow(SluiceError);
    expect(files(raw())).toEqual(before);
  });
});
