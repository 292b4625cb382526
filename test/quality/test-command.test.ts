import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** `sluice test` end to end: a small project on disk, compiled, its unit tests run in memory. */
let dir: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

async function sluice(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, out };
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sluice-test-cmd-"));
  write("dataform.json", JSON.stringify({ defaultSchema: "silver", assertionSchema: "dataform_assertions" }));
  write("definitions/bronze/raw_readings.sqlx", `config { type: "table", schema: "bronze" }\nSELECT 1 AS sensor_id, 'f' AS unit, 68.0 AS value\n`);
  write(
    "definitions/silver/readings_celsius.sqlx",
    `config { type: "table" }
SELECT sensor_id,
  CASE unit WHEN 'f' THEN (value - 32) * 5 / 9 WHEN 'k' THEN value - 273.15 ELSE value END AS celsius
FROM \${ref("raw_readings")}
`,
  );
  write(
    "definitions/tests/readings_celsius_test.sqlx",
    `config { type: "test", dataset: "readings_celsius" }
input "raw_readings" {
  SELECT * FROM (VALUES (1, 'f', 212.0), (2, 'k', 273.15), (3, 'c', 21.5)) AS t(sensor_id, unit, value)
}
SELECT * FROM (VALUES (1, 100.0), (2, 0.0), (3, 21.5)) AS e(sensor_id, celsius)
`,
  );
});
afterEach(() => rmSync(join(dir, "definitions/tests/wrong_test.sqlx"), { force: true }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sluice test", () => {
  it("exits 0 when every unit test passes, without creating any database", async () => {
    const { code, out } = await sluice(["test", "--project", dir]);
    expect(out).toContain("PASS  readings_celsius_test");
    expect(out).toContain("1 passed, 0 failed (1 unit test)");
    expect(code).toBe(0);
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("exits 1 and prints the diff when a unit test fails", async () => {
    write(
      "definitions/tests/wrong_test.sqlx",
      `config { type: "test", dataset: "readings_celsius" }
input "raw_readings" {
  SELECT * FROM (VALUES (1, 'f', 212.0), (2, 'k', 300.0)) AS t(sensor_id, unit, value)
}
SELECT * FROM (VALUES (1, 99.0), (4, 0.0)) AS e(sensor_id, celsius)
`,
    );
    const { code, out } = await sluice(["test", "--project", dir]);
    expect(out).toContain("PASS  readings_celsius_test");
    expect(out).toContain("FAIL  wrong_test");
    expect(out).toContain("- {sensor_id: 4, celsius: 0}");
    expect(out).toMatch(/\+ \{sensor_id: 2, celsius: 26\.85/);
    expect(out).toContain("~ sensor_id=1: celsius: expected 99, got 100");
    expect(out).toContain("1 passed, 1 failed (2 unit tests)");
    expect(code).toBe(1);
  });
});
