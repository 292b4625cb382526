import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = fileURLToPath(new URL("./check-duckdb.mjs", import.meta.url));

// The pipeline's SQL on an in-memory DuckDB through the interim evaluator (see check-duckdb.mjs):
// every model builds, incremental runs equal a full refresh, assertions and unit tests pass.
describe("pipeline SQL on DuckDB", () => {
  it("builds, stays consistent and passes its own checks", async () => {
    const { stdout } = await run(process.execPath, [script], { maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`${error.message}\n${error.stdout ?? ""}`);
    });
    expect(stdout).toMatch(/\n\d+ passed, 0 failed\n/);
  });
});
