import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** Builds the CLI bundle once, so tests that spawn `bin/sluice.mjs` in parallel never race to build it. */
export default async function setup(): Promise<void> {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const { buildCli } = (await import(join(root, "scripts", "build.mjs"))) as { buildCli: (root: string, level?: string) => Promise<void> };
  await buildCli(root, "error");
}
