/**
 * The sample-data generator's public surface: `npm start` generates when the raw zone is empty,
 * benchmarks size it up, tests read the manifest to account for every landed record.
 */
export { generateRawZone, RECORD_SOURCES, type GenerateOptions, type GenerateResult } from "./generate.js";
export { readManifest, MANIFEST_FILE, type Manifest, type ManifestFile } from "./manifest.js";
export { parseRates, FaultRatesSchema, type FaultRates } from "./options.js";
export { MASTER_SOURCES } from "./masters.js";
export type { SourceStats } from "./source.js";
