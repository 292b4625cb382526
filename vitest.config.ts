import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DuckDB work is CPU-bound and the CI machine has 2 cores.
    maxWorkers: 2,
    globalSetup: ["test/global-setup.ts"],
  },
});
