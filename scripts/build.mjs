// Bundles the CLI into dist/ so `sluice` starts without a TypeScript loader.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist",
  entryNames: "sluice",
  // Engine SDKs load only when a command connects: dynamic imports become their own chunks.
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  outExtension: { ".js": ".mjs" },
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
