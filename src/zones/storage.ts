import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { basename, dirname, join } from "node:path";
import picomatch from "picomatch";
import { SluiceError } from "../errors.js";

/**
 * The raw, processed and archive zones. Locally they are folders under the data dir; in
 * production they are object-store URIs (s3://…) that Sluice passes through to the engine
 * (COPY INTO, Auto Loader) rather than listing itself.
 */
export interface ZoneFile {
  /** Relative to the zone root, forward slashes: the stable name the file ledger keeps. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ZoneStorage {
  readonly root: string;
  /** Whether Sluice can list and move files itself (false for object-store URIs). */
  readonly local: boolean;
  /** Files whose relative path matches the glob, sorted by path. Names starting with _ or . are skipped, as Spark does. */
  list(glob: string): ZoneFile[];
  /** Absolute path or URI of a file given its relative path. */
  locate(relativePath: string): string;
  /** Creates the folder that will hold a file (object stores need none). */
  ensureParent(relativePath: string): void;
  /** Whether a file or folder exists at the relative path. */
  exists(relativePath: string): boolean;
  /**
   * Moves a file to the same relative path under another zone. Never replaces a file already
   * there: throws a SluiceError with code "zone-file-exists" and leaves the source in place.
   */
  moveTo(relativePath: string, destination: ZoneStorage): void;
  /**
   * Removes the entries beside `relativePath` (same folder) whose names match `pattern`, keeping
   * `relativePath` itself; returns how many went. Object stores answer 0: their lifecycle rules
   * expire old files.
   */
  removeSiblings(relativePath: string, pattern: RegExp): number;
}

export function isUri(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

export function zoneStorage(root: string): ZoneStorage {
  return isUri(root) ? new UriZone(root) : new LocalZone(root);
}

class LocalZone implements ZoneStorage {
  readonly local = true;
  constructor(readonly root: string) {}

  list(glob: string): ZoneFile[] {
    const isMatch = picomatch(glob, { dot: false });
    // Walk only below the glob's static prefix: "sensor_readings/**/*.ndjson" never visits other sources.
    const base = picomatch.scan(glob).base;
    const files: ZoneFile[] = [];
    const walk = (relative: string) => {
      const absolute = relative ? join(this.root, relative) : this.root;
      if (!existsSync(absolute)) return;
      for (const entry of readdirSync(absolute, { withFileTypes: true })) {
        if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else if (entry.isFile() && isMatch(child)) {
          const stat = statSync(join(this.root, child));
          files.push({ path: child, size: stat.size, mtimeMs: stat.mtimeMs });
        }
      }
    };
    walk(base);
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  locate(relativePath: string): string {
    return join(this.root, ...relativePath.split("/"));
  }

  exists(relativePath: string): boolean {
    return existsSync(this.locate(relativePath));
  }

  ensureParent(relativePath: string): void {
    mkdirSync(dirname(this.locate(relativePath)), { recursive: true });
  }

  moveTo(relativePath: string, destination: ZoneStorage): void {
    if (!destination.local) throw notLocal(destination.root, "move files into");
    const from = this.locate(relativePath);
    const to = destination.locate(relativePath);
    destination.ensureParent(relativePath);
    try {
      moveWithoutReplacing(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      throw new SluiceError({
        code: ZONE_FILE_EXISTS,
        message: `cannot move ${relativePath} from ${this.root} to ${destination.root}: a file with that path is already there`,
        hint: "rename one of the two files to keep both",
      });
    }
    this.removeEmptyFolders(relativePath);
  }

  removeSiblings(relativePath: string, pattern: RegExp): number {
    const folder = dirname(this.locate(relativePath));
    const keep = basename(this.locate(relativePath));
    if (!existsSync(folder)) return 0;
    let removed = 0;
    for (const name of readdirSync(folder)) {
      if (name === keep || !pattern.test(name)) continue;
      // A batch is a file here; engines that unload a folder of parts get it removed whole.
      rmSync(join(folder, name), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  /** Drops partition folders a move left empty, up to (not including) the zone root. */
  private removeEmptyFolders(relativePath: string): void {
    const parts = relativePath.split("/").slice(0, -1);
    while (parts.length) {
      const folder = join(this.root, ...parts);
      if (readdirSync(folder).length) return;
      rmdirSync(folder);
      parts.pop();
    }
  }
}

/** An object-store zone: paths pass through to the engine; Sluice itself neither lists nor moves. */
class UriZone implements ZoneStorage {
  readonly local = false;
  constructor(readonly root: string) {}

  list(): ZoneFile[] {
    throw notLocal(this.root, "list");
  }
  locate(relativePath: string): string {
    return `${this.root.replace(/\/+$/, "")}/${relativePath}`;
  }
  ensureParent(): void {}
  exists(): boolean {
    throw notLocal(this.root, "look for files in");
  }
  moveTo(): void {
    throw notLocal(this.root, "move files out of");
  }
  removeSiblings(): number {
    return 0;
  }
}

/** The SluiceError code `moveTo` throws when the destination already holds the file. */
export const ZONE_FILE_EXISTS = "zone-file-exists";

/**
 * Moves a file without ever replacing one at `to`: throws an EEXIST error instead and leaves
 * `from` in place. On one file system this is a hard link then an unlink of the source, which
 * is atomic where a rename would silently replace the destination. Across file systems (EXDEV)
 * it copies with COPYFILE_EXCL, then removes the source. On file systems without hard links
 * (EPERM, ENOTSUP) it checks the destination then renames: not atomic against a concurrent
 * writer of the same path, but never replaces a file that was there before.
 */
export function moveWithoutReplacing(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EXDEV") return copyThenRemove(from, to);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    if (existsSync(to)) throw alreadyExists(to, "rename");
    try {
      renameSync(from, to);
    } catch (renameError) {
      if ((renameError as NodeJS.ErrnoException).code !== "EXDEV") throw renameError;
      copyThenRemove(from, to);
    }
    return;
  }
  unlinkSync(from);
}

function copyThenRemove(from: string, to: string): void {
  try {
    copyFileSync(from, to, constants.COPYFILE_EXCL);
  } catch (error) {
    // Do not leave a partial copy behind, but never remove a file that was already there.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") rmSync(to, { force: true });
    throw error;
  }
  unlinkSync(from);
}

/** The error Node gives for an existing file, e.g. `EEXIST: file already exists, open '<path>'`. */
export function alreadyExists(path: string, syscall: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`EEXIST: file already exists, ${syscall} '${path}'`);
  error.errno = -osConstants.errno.EEXIST;
  error.code = "EEXIST";
  error.syscall = syscall;
  error.path = path;
  return error;
}

function notLocal(root: string, verb: string): SluiceError {
  return new SluiceError({
    code: "zone-not-local",
    message: `Sluice cannot ${verb} ${root}: object-store zones are read by the engine itself`,
    hint: "ingest on an engine with a native ingest ledger (COPY INTO / Auto Loader), or use the local profile",
  });
}
