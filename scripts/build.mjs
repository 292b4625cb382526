// Bundles the CLI into dist/ so `sluice` starts without a TypeScript loader.
// bin/sluice.mjs calls buildCli() itself when the bundle is missing or older than the sources.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export async function buildCli(root, logLevel = "warning") {
  const { build } = await import("esbuild");
  await build({
    entryPoints: [join(root, "src", "cli", "main.ts")],
    outdir: join(root, "dist"),
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
    logLevel,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli(join(fileURLToPath(import.meta.url), "..", ".."));
}
