import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SluiceError } from "../errors.js";
import { isUri } from "../zones/storage.js";
import { MANIFEST_FILE, readManifest, writeManifest, type Manifest, type ManifestFile } from "./manifest.js";
import { MASTER_SOURCES, writeMasterSnapshot, type MasterSource } from "./masters.js";
import { FaultRatesSchema, GenerateSettingsSchema, type FaultRates, type GenerateSettings } from "./options.js";
import { Prng } from "./prng.js";
import { Emitter, emptyStats, type DayContext, type RecordSource, type SourceStats } from "./source.js";
import { buildTopology, type Topology } from "./topology.js";
import { PartitionWriter, partitionPath, type WrittenFile } from "./writer.js";
import { sensorReadings } from "./sensor-readings.js";
import { equipmentLogs } from "./equipment-logs.js";
import { environmental } from "./environmental.js";
import { qualityMetrics } from "./quality-metrics.js";

/**
 * Lands sample manufacturing data in the raw zone, one landing day at a time. Each (source, day)
 * draws from its own PRNG stream, so generating 3 days and appending 1 writes exactly the files
 * a 4-day run writes. Late records of day d landing on day D come from a stream of (d, D - d),
 * regenerated cheaply when day D is written.
 */
export const RECORD_SOURCES: readonly RecordSource[] = [sensorReadings, equipmentLogs, environmental, qualityMetrics];
export const MAX_LATE_DAYS = 3;
const DAY_MS = 86_400_000;

export interface GenerateOptions {
  rawZone: string;
  days: number;
  /** Continue after the days in the manifest instead of starting a new raw zone. */
  append?: boolean;
  /**
   * Replace the data an earlier run generated: the files its manifest lists, and the manifest.
   * Other files in the raw zone (say, a file landed by hand in sensor_readings/) are kept.
   */
  force?: boolean;
  seed?: string;
  plants?: number;
  startDate?: string;
  intervalSeconds?: number;
  linesPerFile?: number;
  rates?: Partial<FaultRates>;
}

export interface GenerateResult {
  manifest: Manifest;
  /** Files written by this run. */
  files: ManifestFile[];
  days: string[];
  /** Per-source totals of this run only. */
  sources: Record<string, SourceStats>;
}

export function generateRawZone(options: GenerateOptions): GenerateResult {
  const { rawZone } = options;
  if (isUri(rawZone)) {
    throw new SluiceError({ code: "generate", message: `the raw zone is ${rawZone}: the generator writes local folders only`, hint: "generate on the local profile, then upload" });
  }
  if (!Number.isInteger(options.days) || options.days < 1) throw new SluiceError({ code: "generate-option", message: "--days must be a whole number ≥ 1" });
  // Every option is checked before any file is touched: a bad value never costs the existing data.
  const existing = readExistingManifest(rawZone);
  const settings = resolveSettings(options, existing);
  const firstDay = options.append && existing ? existing.days.length : 0;
  if (!options.append || !existing) prepareEmptyZone(rawZone, options, existing);

  const topology = buildTopology(settings.seed, settings.plants, settings.intervalSeconds);
  const start = Date.parse(`${settings.startDate}T00:00:00Z`);
  const files: ManifestFile[] = [];
  const sources: Record<string, SourceStats> = {};
  const days: string[] = [];
  for (let dayIndex = firstDay; dayIndex < firstDay + options.days; dayIndex++) {
    const dayStart = start + dayIndex * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    days.push(day);
    for (const source of RECORD_SOURCES) {
      const { stats, written } = generateSourceDay(rawZone, source, settings, topology, dayIndex, dayStart);
      add(sources, source.name, stats);
      for (const f of written) files.push(manifestFile(f, source.name, day));
    }
    for (const source of Object.keys(MASTER_SOURCES) as MasterSource[]) {
      const written = writeMasterSnapshot(rawZone, partitionPath(source, new Date(dayStart)), source, settings.seed, topology, dayIndex);
      add(sources, source, { ...emptyStats(), files: written.length, records: written.reduce((n, f) => n + f.records, 0) });
      for (const f of written) files.push(manifestFile(f, source, day));
    }
  }

  const manifest: Manifest = {
    version: 1,
    settings,
    days: [...(options.append && existing ? existing.days : []), ...days],
    sources: { ...(options.append && existing ? existing.sources : {}) },
    files: [...(options.append && existing ? existing.files : []), ...files],
  };
  for (const [name, stats] of Object.entries(sources)) add(manifest.sources, name, stats);
  writeManifest(rawZone, manifest);
  return { manifest, files, days, sources };
}

function generateSourceDay(rawZone: string, source: RecordSource, settings: GenerateSettings, topology: Topology, dayIndex: number, dayStart: number) {
  const context = (index: number): DayContext => ({
    seed: settings.seed,
    dayIndex: index,
    dayStart: Date.parse(`${settings.startDate}T00:00:00Z`) + index * DAY_MS,
    topology,
    intervalSeconds: settings.intervalSeconds,
    rates: settings.rates,
  });
  const header = source.format === "csv" ? source.fields.join(",") : undefined;
  const writer = new PartitionWriter(rawZone, partitionPath(source.name, new Date(dayStart)), source.format, settings.linesPerFile, header);
  const rng = Prng.derive(settings.seed, source.name, dayIndex);
  const emitter = new Emitter(source, writer, rng, settings.rates);
  source.generateDay(context(dayIndex), rng, emitter);

  // Records of the previous days that arrive only now (landed in today's partition).
  emitter.late = true;
  const perDay = source.recordsPerDay(topology, settings.intervalSeconds);
  for (let lag = 1; lag <= MAX_LATE_DAYS && dayIndex - lag >= 0; lag++) {
    const lateRng = Prng.derive(settings.seed, source.name, "late", dayIndex - lag, lag);
    const n = Math.floor((settings.rates.late * perDay) / MAX_LATE_DAYS + lateRng.next());
    for (let i = 0; i < n; i++) source.lateRecord(context(dayIndex - lag), lateRng, emitter);
  }
  emitter.late = false;

  const emptyRng = Prng.derive(settings.seed, source.name, "empty", dayIndex);
  const forced = dayIndex === 0 && source === sensorReadings && settings.rates.emptyFile > 0;
  if (emptyRng.chance(settings.rates.emptyFile) || forced) {
    writer.writeEmptyFile();
    emitter.stats.emptyFiles++;
  }
  writer.close();
  emitter.stats.files = writer.files.length;
  return { stats: emitter.stats, written: writer.files };
}

function resolveSettings(options: GenerateOptions, existing: Manifest | undefined): GenerateSettings {
  if (options.append && existing) {
    const base = existing.settings;
    const conflicts = (
      [
        ["seed", options.seed, base.seed],
        ["plants", options.plants, base.plants],
        ["start-date", options.startDate, base.startDate],
        ["interval", options.intervalSeconds, base.intervalSeconds],
      ] as const
    ).filter(([, given, kept]) => given !== undefined && String(given) !== String(kept));
    if (conflicts.length) {
      throw new SluiceError({
        code: "generate",
        message: `--append continues the existing raw zone; ${conflicts.map(([k, , kept]) => `--${k} must stay ${kept}`).join(", ")}`,
        hint: "drop those options, or regenerate from scratch with --force",
      });
    }
    return { ...base, linesPerFile: options.linesPerFile ?? base.linesPerFile, rates: FaultRatesSchema.parse({ ...base.rates, ...options.rates }) };
  }
  const parsed = GenerateSettingsSchema.safeParse({
    seed: options.seed,
    plants: options.plants,
    startDate: options.startDate,
    intervalSeconds: options.intervalSeconds,
    linesPerFile: options.linesPerFile,
    rates: options.rates ?? {},
  });
  if (!parsed.success) {
    throw new SluiceError(
      parsed.error.issues.map((issue) => ({
        code: "generate-option",
        message: `${OPTION_NAMES[String(issue.path[0])] ?? String(issue.path[0])}${issue.path.length > 1 ? ` ${issue.path.slice(1).join(".")}` : ""}: ${issue.message}`,
      })),
    );
  }
  return parsed.data;
}

/** Settings keys as the command line spells them, for error messages. */
const OPTION_NAMES: Record<string, string> = {
  seed: "--seed",
  plants: "--plants",
  startDate: "--start-date",
  intervalSeconds: "--interval",
  linesPerFile: "--lines-per-file",
  rates: "--rates",
};

function readExistingManifest(rawZone: string): Manifest | undefined {
  try {
    return readManifest(rawZone);
  } catch (error) {
    throw new SluiceError({
      code: "generate",
      message: `cannot read ${join(rawZone, MANIFEST_FILE)}: ${(error as Error).message.split("\n")[0]}`,
      hint: "it lists the generated files --append and --force work on: restore it, or move the raw zone away and generate again",
    });
  }
}

/**
 * A fresh run starts from an empty raw zone. --force removes what an earlier run generated, as its
 * manifest lists it, and nothing else: a file someone landed by hand in a source folder stays.
 * Everything is checked before the first file is removed.
 */
function prepareEmptyZone(rawZone: string, options: GenerateOptions, existing: Manifest | undefined): void {
  const present = existsSync(rawZone) ? readdirSync(rawZone).filter((name) => !name.startsWith(".")) : [];
  if (!present.length) return;
  if (!options.force) {
    throw new SluiceError({
      code: "generate",
      message: `the raw zone ${rawZone} already holds data${existing ? ` (${existing.days.length} days)` : ""}`,
      hint: "use --append to add days after them, or --force to replace the generated data",
    });
  }
  const sourceFolders = [...RECORD_SOURCES.map((s) => s.name), ...Object.keys(MASTER_SOURCES)];
  const listed = new Set((existing?.files ?? []).map((f) => f.path).filter((path) => isGeneratedPath(path, sourceFolders)));
  // A part file the manifest does not list would collide with one this run writes: refuse now,
  // rather than fail halfway with the old files gone.
  const unlisted = sourceFolders.flatMap((folder) => filesUnder(rawZone, folder)).filter((path) => !listed.has(path) && /^part-\d+\./.test(path.slice(path.lastIndexOf("/") + 1)));
  if (unlisted.length) {
    throw new SluiceError({
      code: "generate",
      message: `--force removes only the files ${join(rawZone, MANIFEST_FILE)} lists${existing ? "" : " (there is none)"}; ${unlisted.length} part file(s) it does not list are in the way, e.g. ${unlisted[0]}`,
      hint: "the generator never overwrites a file: move those away, or generate into an empty data dir (--data-dir)",
    });
  }
  for (const path of listed) rmSync(join(rawZone, ...path.split("/")), { force: true });
  rmSync(join(rawZone, MANIFEST_FILE), { force: true });
  for (const folder of sourceFolders) removeEmptyFolders(join(rawZone, folder));
}

/** A manifest path inside a generated source folder, with no way out of it. */
function isGeneratedPath(path: string, sourceFolders: string[]): boolean {
  const parts = path.split("/");
  return parts.length > 1 && sourceFolders.includes(parts[0]) && parts.every((part) => part !== "" && part !== "." && part !== ".." && !part.includes("\\"));
}

/** Files under rawZone/folder, as forward-slash paths relative to the raw zone; dot-names skipped, as the zone lister does. */
function filesUnder(rawZone: string, folder: string): string[] {
  const root = join(rawZone, folder);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}/${entry.name}`);
      else out.push(`${rel}/${entry.name}`);
    }
  };
  walk(root, folder);
  return out;
}

/** Removes the folders left empty under dir (dir included), bottom-up; a folder holding anything stays. */
function removeEmptyFolders(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeEmptyFolders(join(dir, entry.name));
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

/** Keys in the schema's order, so a manifest re-read by --append serialises byte-identically. */
function manifestFile(f: WrittenFile, source: string, day: string): ManifestFile {
  return { path: f.path, source, day, records: f.records, malformed: f.malformed };
}

function add(into: Record<string, SourceStats>, name: string, stats: SourceStats): void {
  const total = into[name] ?? emptyStats();
  for (const key of Object.keys(total) as (keyof SourceStats)[]) total[key] += stats[key];
  into[name] = total;
}
