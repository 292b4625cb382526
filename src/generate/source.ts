import type { FaultRates } from "./options.js";
import type { Prng } from "./prng.js";
import type { Topology } from "./topology.js";
import type { PartitionWriter } from "./writer.js";

/**
 * What every raw source shares: its file format and how a record becomes a line, with the
 * generic faults (nulls, clock skew, duplicates, malformed lines) applied and counted here, so a
 * source module only says what its records look like and which faults are specific to it.
 */
export type FieldValue = string | number | null;
export type RawRecord = Record<string, FieldValue>;

export interface DayContext {
  seed: string;
  /** 0 for the first generated landing day. */
  dayIndex: number;
  /** Midnight UTC of the day, in ms. */
  dayStart: number;
  topology: Topology;
  intervalSeconds: number;
  rates: FaultRates;
}

export interface SourceStats {
  files: number;
  emptyFiles: number;
  /** Every landed line (good and malformed, duplicates included; CSV headers excluded). */
  records: number;
  /** Lines any reader must reject: broken JSON, wrong CSV column count, unterminated quotes. */
  malformed: number;
  /** Lines with text in a numeric field: rejected when the field is hinted numeric. */
  badNumbers: number;
  duplicates: number;
  nulls: number;
  outOfRange: number;
  late: number;
  clockSkew: number;
  mixedUnits: number;
  /** Good lines carrying a drift field (e.g. firmware), duplicates included. */
  drift: number;
}

export function emptyStats(): SourceStats {
  return { files: 0, emptyFiles: 0, records: 0, malformed: 0, badNumbers: 0, duplicates: 0, nulls: 0, outOfRange: 0, late: 0, clockSkew: 0, mixedUnits: 0, drift: 0 };
}

export interface RecordSource {
  name: string;
  format: "ndjson" | "csv";
  /** Field order (CSV header; JSON key order). */
  fields: string[];
  /** Fields the nulls fault may blank (never keys). */
  nullable: string[];
  /** Numeric fields the bad-number fault may replace with text. */
  numeric: string[];
  /** Fields that appear only after the drift day. */
  driftFields: string[];
  /** How many on-time records a day has (sizes the late-arrival stream). */
  recordsPerDay(topology: Topology, intervalSeconds: number): number;
  /** Emits the day's on-time records in time order. */
  generateDay(context: DayContext, rng: Prng, emit: Emitter): void;
  /** One record at a random time of the context's day, arriving late. */
  lateRecord(context: DayContext, rng: Prng, emit: Emitter): void;
}

/** Source-specific faults a source applied to a record before emitting it. */
export interface RecordFlags {
  outOfRange?: boolean;
  mixedUnits?: boolean;
}

export class Emitter {
  readonly stats: SourceStats = emptyStats();
  /** Records emitted now are late arrivals (set by the generator around the late stream). */
  late = false;

  constructor(
    private readonly source: RecordSource,
    private readonly writer: PartitionWriter,
    private readonly rng: Prng,
    private readonly rates: FaultRates,
  ) {}

  /** Writes one record (ts in ms; serialised as ISO-8601) with the generic faults applied. */
  emit(record: RawRecord, tsMs: number, flags: RecordFlags = {}): void {
    const { rng, rates, stats } = this;
    let ts = tsMs;
    if (rng.chance(rates.clockSkew)) {
      const seconds = rng.int(1, 600);
      ts += (rng.chance(0.5) ? seconds : -seconds) * 1000;
      stats.clockSkew++;
    }
    record.ts = new Date(ts).toISOString();
    if (this.source.nullable.length && rng.chance(rates.nulls)) {
      record[rng.pick(this.source.nullable)] = null;
      stats.nulls++;
    }
    if (flags.outOfRange) stats.outOfRange++;
    if (flags.mixedUnits) stats.mixedUnits++;
    if (this.late) stats.late++;

    if (rng.chance(rates.malformed)) {
      if (this.source.numeric.length && rng.chance(0.34)) {
        record[rng.pick(this.source.numeric)] = rng.pick(["n/a", "12,5", "NaN?", "--"]);
        // Quarantined when hinted numeric, so never counted as drift that reaches bronze.
        this.writeLine(this.serialise(record));
        stats.badNumbers++;
        return;
      }
      this.writer.write(this.corrupt(record), true);
      stats.records++;
      stats.malformed++;
      return;
    }
    const line = this.serialise(record);
    const drift = this.source.driftFields.some((f) => record[f] !== undefined);
    this.writeLine(line, drift);
    if (rng.chance(rates.duplicates)) {
      this.writeLine(line, drift);
      stats.duplicates++;
    }
  }

  private writeLine(line: string, drift = false): void {
    this.writer.write(line);
    this.stats.records++;
    if (drift) this.stats.drift++;
  }

  serialise(record: RawRecord): string {
    if (this.source.format === "ndjson") return JSON.stringify(record);
    return this.source.fields.map((f) => csvField(record[f] ?? null)).join(",");
  }

  /** A line no reader can take: the shapes seen in real feeds. */
  private corrupt(record: RawRecord): string {
    const line = this.serialise(record);
    const kind = this.rng.int(0, 2);
    if (this.source.format === "ndjson") {
      if (kind === 0) return line.slice(0, Math.max(1, Math.floor(line.length / 2)));
      if (kind === 1) return `[${Object.values(record).map((v) => JSON.stringify(v)).join(",")}]`;
      return `sensor gateway timeout ${record.ts}`;
    }
    const fields = line.split(",");
    if (kind === 0) return fields.slice(0, -1).join(",");
    if (kind === 1) return `${line},unexpected`;
    return `"${line}`;
  }
}

/** RFC 4180 quoting; null becomes an empty field. */
export function csvField(value: FieldValue): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(fields: string[]): string {
  return fields.join(",");
}
