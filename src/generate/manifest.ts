import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { GenerateSettingsSchema } from "./options.js";

/**
 * raw/_manifest.json: what the generator landed, per source and per file, so tests (and people)
 * can check that every landed record reached bronze or quarantine. It holds no timestamps:
 * the same seed gives a byte-identical manifest.
 */
export const MANIFEST_FILE = "_manifest.json";

const count = z.number().int().min(0);
export const SourceStatsSchema = z.object({
  files: count,
  emptyFiles: count,
  records: count,
  malformed: count,
  badNumbers: count,
  duplicates: count,
  nulls: count,
  outOfRange: count,
  late: count,
  clockSkew: count,
  mixedUnits: count,
  drift: count,
});

export const ManifestFileSchema = z.object({
  path: z.string(),
  source: z.string(),
  /** Landing date of the partition, YYYY-MM-DD. */
  day: z.string(),
  records: count,
  malformed: count,
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

export const ManifestSchema = z.object({
  version: z.literal(1),
  settings: GenerateSettingsSchema,
  /** Landing days generated so far, in order; --append continues after the last. */
  days: z.array(z.string()),
  sources: z.record(z.string(), SourceStatsSchema),
  files: z.array(ManifestFileSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function readManifest(rawZone: string): Manifest | undefined {
  const file = join(rawZone, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  return ManifestSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

export function writeManifest(rawZone: string, manifest: Manifest): void {
  const file = join(rawZone, MANIFEST_FILE);
  // Write-then-rename: a crash never leaves a half-written manifest behind.
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}
