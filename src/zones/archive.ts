import picomatch from "picomatch";
import { SluiceError } from "../errors.js";
import { ZONE_FILE_EXISTS, type ZoneFile, type ZoneStorage } from "./storage.js";
import { landingPartition } from "./partition.js";

/**
 * Moves ingested raw files older than a cutoff to the archive zone, keeping their relative path.
 * A file moves only when every ingest action whose glob matches it has it in its ledger at its
 * current size, so no action loses a file, or lines of a file, it has not read. Ingestion lists only the raw zone and the ledgers keep
 * the archived paths, so nothing is read twice.
 */
export interface IngestedFiles {
  actionId: string;
  /** The action's glob, relative to the raw zone. */
  path: string;
  /** Paths in the action's ledger, with the size each was last read at. */
  ingested: ReadonlyMap<string, number>;
}

export interface ArchiveOptions {
  raw: ZoneStorage;
  archive: ZoneStorage;
  actions: IngestedFiles[];
  olderThanMs: number;
  now?: Date;
  /** List what would move without moving it. */
  dryRun?: boolean;
}

export interface ArchiveResult {
  moved: string[];
  /** Matched by an ingest action but not (yet) in every matching ledger. */
  notIngested: number;
  /** Ingested, but newer than the cutoff. */
  tooRecent: number;
  /**
   * Ingested and old enough, but the archive zone already holds a file at the same path (a
   * different file landed at a path archived before): left in raw, since moving would replace it.
   */
  alreadyArchived: string[];
}

export function archiveIngestedFiles(options: ArchiveOptions): ArchiveResult {
  const cutoff = (options.now ?? new Date()).getTime() - options.olderThanMs;
  const matchers = options.actions.map((a) => ({ ...a, isMatch: picomatch(a.path) }));
  const candidates = new Map<string, ZoneFile>();
  for (const action of options.actions) for (const file of options.raw.list(action.path)) candidates.set(file.path, file);

  const result: ArchiveResult = { moved: [], notIngested: 0, tooRecent: 0, alreadyArchived: [] };
  for (const file of [...candidates.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const owners = matchers.filter((m) => m.isMatch(file.path));
    // At its current size: a file that changed since it was read has lines no ledger accounts for yet.
    if (!owners.every((m) => m.ingested.get(file.path) === file.size)) {
      result.notIngested++;
      continue;
    }
    if (landedAt(file) > cutoff) {
      result.tooRecent++;
      continue;
    }
    // Checked first so a dry run reports these too; moveTo refuses them anyway (a file may land in between).
    if (options.archive.local && options.archive.exists(file.path)) {
      result.alreadyArchived.push(file.path);
      continue;
    }
    if (!options.dryRun) {
      try {
        options.raw.moveTo(file.path, options.archive);
      } catch (error) {
        if (!(error instanceof SluiceError && error.diagnostics.some((d) => d.code === ZONE_FILE_EXISTS))) throw error;
        result.alreadyArchived.push(file.path);
        continue;
      }
    }
    result.moved.push(file.path);
  }
  return result;
}

/**
 * When a file's data landed: the end of its landing day (`year=/month=/day=` in the path), or
 * its modification time for files outside the partition layout.
 */
export function landedAt(file: ZoneFile): number {
  const { year, month, day } = landingPartition(file.path);
  if (year === undefined || month === undefined || day === undefined) return file.mtimeMs;
  return Date.UTC(year, month - 1, day + 1);
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "30d", "12h", "2w", "90m" → milliseconds. */
export function parseAge(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$/i.exec(text);
  if (!match) {
    throw new SluiceError({ code: "archive-age", message: `--older-than: cannot read "${text}"`, hint: "use a number and a unit: 90m, 12h, 30d, 2w" });
  }
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}
