import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { alreadyExists, moveWithoutReplacing } from "../zones/storage.js";

/**
 * Writes one source's files for one landing day: `<source>/year=/month=/day=/part-NNNNN.<ext>`.
 * Lines are buffered and written synchronously in ~1 MB chunks, so generating millions of
 * records never holds more than one chunk in memory.
 *
 * Each part is written under a temporary dot-name in its folder (`.part-00000.ndjson.tmp-<pid>`)
 * and takes its final name only once complete, so an ingest that lists the raw zone meanwhile
 * never sees a partial file: the zone lister skips names starting with "." (a temp file left by
 * a process that died mid-part stays invisible too).
 */
export interface WrittenFile {
  /** Path relative to the raw zone, with forward slashes. */
  path: string;
  /** Landed lines: every line a reader sees, good or malformed (a CSV header is not one). */
  records: number;
  malformed: number;
}

const CHUNK_BYTES = 1 << 20;

export class PartitionWriter {
  readonly files: WrittenFile[] = [];
  private fd: number | undefined;
  /** Absolute temporary and final paths of the part being written. */
  private pending: { temp: string; final: string } | undefined;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private current: WrittenFile | undefined;
  private readonly folder: string;

  constructor(
    private readonly rawZone: string,
    /** e.g. "sensor_readings/year=2024/month=01/day=03" */
    private readonly partition: string,
    private readonly extension: string,
    private readonly linesPerFile: number,
    /** CSV header line, repeated at the top of every part. */
    private readonly header?: string,
  ) {
    this.folder = join(rawZone, ...partition.split("/"));
  }

  /** Appends one record line; `malformed` marks lines a reader must quarantine. */
  write(line: string, malformed = false): void {
    if (!this.current || this.current.records >= this.linesPerFile) this.startPart();
    this.push(line);
    const file = this.current!;
    file.records++;
    if (malformed) file.malformed++;
  }

  /** An extra part with no bytes at all (not even a header): the empty-file fault. */
  writeEmptyFile(): void {
    this.finishPart();
    mkdirSync(this.folder, { recursive: true });
    const name = this.nextName();
    closeSync(openSync(join(this.folder, name), "w"));
    this.files.push({ path: `${this.partition}/${name}`, records: 0, malformed: 0 });
  }

  close(): void {
    this.finishPart();
  }

  private startPart(): void {
    this.finishPart();
    mkdirSync(this.folder, { recursive: true });
    const name = this.nextName();
    // Never overwrite an existing file; --append only ever adds files. Checked here to fail
    // before writing (as opening the final name with "wx" did), and again by the final move.
    const final = join(this.folder, name);
    if (existsSync(final)) throw alreadyExists(final, "open");
    const temp = join(this.folder, `.${name}.tmp-${process.pid}`);
    this.fd = openSync(temp, "w");
    this.pending = { temp, final };
    this.current = { path: `${this.partition}/${name}`, records: 0, malformed: 0 };
    this.files.push(this.current);
    if (this.header !== undefined) this.push(this.header);
  }

  private nextName(): string {
    return `part-${String(this.files.length).padStart(5, "0")}.${this.extension}`;
  }

  private push(line: string): void {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars >= CHUNK_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join("\n") + "\n");
    this.buffer = [];
    this.bufferedChars = 0;
  }

  private finishPart(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    this.current = undefined;
    const { temp, final } = this.pending!;
    this.pending = undefined;
    try {
      moveWithoutReplacing(temp, final);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }
}

export function partitionPath(source: string, date: Date): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${source}/year=${y}/month=${m}/day=${d}`;
}
