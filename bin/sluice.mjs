#!/usr/bin/env node
// Runs the bundled CLI; builds it first when the bundle is missing or older than the sources,
// so `npx sluice` works straight after `npm install` with no separate build step.
import { existsSync, statSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "sluice.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") || entry.name.endsWith(".hbs")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const srcDir = join(root, "src");
if (existsSync(srcDir) && (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(srcDir))) {
  const { buildCli } = await import(pathToFileURL(join(root, "scripts", "build.mjs")).href);
  await buildCli(root, "error");
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
