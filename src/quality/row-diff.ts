import type { Row } from "../engines/adapter.js";

/**
 * Compares a query's result with the expected rows the way a person reads a unit test:
 * column names must match; rows are a multiset (order-insensitive) unless `ordered`; floats are
 * equal within a relative tolerance (integers compare exactly); and what differs is shown as missing rows, extra rows and
 * changed values (a missing and an extra row with the same key are one changed row).
 */

export interface RowSet {
  columns: string[];
  rows: Row[];
}

export interface ChangedRow {
  /** The key columns and their value, e.g. { sensor_id: 2 }. */
  key: Row;
  expected: Row;
  actual: Row;
  /** Columns whose values differ. */
  columns: string[];
}

export interface RowDiff {
  equal: boolean;
  missingColumns: string[];
  extraColumns: string[];
  /** Expected rows the query did not produce. */
  missing: Row[];
  /** Rows the query produced that were not expected. */
  extra: Row[];
  changed: ChangedRow[];
  /** Ordered comparison: same rows, different order; the first position (1-based) that differs. */
  orderDiffersAt?: number;
}

export interface CompareOptions {
  /** Compare in order (the expected query has a top-level ORDER BY). */
  ordered?: boolean;
  /** Columns that identify a row, to pair missing and extra rows into changed ones; default: the leftmost column. */
  key?: string[];
  /** Relative tolerance for floating-point values. */
  tolerance?: number;
}

export const DEFAULT_TOLERANCE = 1e-9;
/** Below this absolute difference numbers are equal, so 0 and 1e-17 compare equal despite the relative rule. */
const ABSOLUTE_FLOOR = 1e-12;

export function compareRows(expected: RowSet, actual: RowSet, options: CompareOptions = {}): RowDiff {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const actualColumns = new Set(actual.columns);
  const expectedColumns = new Set(expected.columns);
  const missingColumns = expected.columns.filter((c) => !actualColumns.has(c));
  const extraColumns = actual.columns.filter((c) => !expectedColumns.has(c));
  const shared = expected.columns.filter((c) => actualColumns.has(c));
  const same = (a: Row, b: Row) => shared.every((c) => valuesEqual(a[c], b[c], tolerance));

  const matched = new Array<boolean>(actual.rows.length).fill(false);
  const missing: Row[] = [];
  for (const row of expected.rows) {
    const index = actual.rows.findIndex((candidate, i) => !matched[i] && same(row, candidate));
    if (index < 0) missing.push(row);
    else matched[index] = true;
  }
  const extra = actual.rows.filter((_, i) => !matched[i]);

  const key = (options.key ?? []).every((c) => shared.includes(c)) && options.key?.length ? options.key : shared.slice(0, 1);
  const changed = pairChanged(missing, extra, key, shared, tolerance);
  const pairedExpected = new Set(changed.map((c) => c.expected));
  const pairedActual = new Set(changed.map((c) => c.actual));
  const diff: RowDiff = {
    equal: false,
    missingColumns,
    extraColumns,
    missing: missing.filter((r) => !pairedExpected.has(r)),
    extra: extra.filter((r) => !pairedActual.has(r)),
    changed,
  };
  if (options.ordered && !missing.length && !extra.length) {
    const at = expected.rows.findIndex((row, i) => !same(row, actual.rows[i]));
    if (at >= 0) diff.orderDiffersAt = at + 1;
  }
  diff.equal =
    !missingColumns.length && !extraColumns.length && !diff.missing.length && !diff.extra.length && !changed.length && diff.orderDiffersAt === undefined;
  return diff;
}

/** A missing and an extra row pair up when their key is unique on both sides. */
function pairChanged(missing: Row[], extra: Row[], key: string[], shared: string[], tolerance: number): ChangedRow[] {
  if (!key.length) return [];
  const keyOf = (row: Row) => JSON.stringify(key.map((c) => canonical(row[c])));
  const group = (rows: Row[]) => {
    const map = new Map<string, Row[]>();
    for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
    return map;
  };
  const extraByKey = group(extra);
  const changed: ChangedRow[] = [];
  for (const [k, expectedRows] of group(missing)) {
    const actualRows = extraByKey.get(k);
    if (expectedRows.length !== 1 || actualRows?.length !== 1) continue;
    const [expectedRow, actualRow] = [expectedRows[0], actualRows[0]];
    changed.push({
      key: Object.fromEntries(key.map((c) => [c, expectedRow[c]])),
      expected: expectedRow,
      actual: actualRow,
      columns: shared.filter((c) => !valuesEqual(expectedRow[c], actualRow[c], tolerance)),
    });
  }
  return changed;
}

export function valuesEqual(a: unknown, b: unknown, tolerance = DEFAULT_TOLERANCE): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (isNumeric(a) && isNumeric(b)) {
    if (typeof a === "bigint" && typeof b === "bigint") return a === b;
    const [x, y] = [Number(a), Number(b)];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
    // Integers (ids, counts) compare exactly; the tolerance is for floating-point results.
    if (x === y || (Number.isInteger(x) && Number.isInteger(y))) return x === y;
    const difference = Math.abs(x - y);
    return difference <= ABSOLUTE_FLOOR || difference <= tolerance * Math.max(Math.abs(x), Math.abs(y));
  }
  if (a instanceof Date || b instanceof Date) return canonical(a) === canonical(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i], tolerance));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && valuesEqual(a[k], b[k], tolerance));
  }
  // '1' and 1 differ: a test that expects text where the model gives a number should say so.
  if (typeof a !== typeof b) return false;
  return canonical(a) === canonical(b);
}

function isNumeric(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * One text per value, used for keys and loose comparisons. A date at midnight UTC reads as
 * YYYY-MM-DD and a timestamp as "YYYY-MM-DD HH:MM:SS[.fff]", so an expected string literal
 * '2024-01-01' equals a DATE column.
 */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) {
    const iso = value.toISOString();
    if (iso.endsWith("T00:00:00.000Z")) return iso.slice(0, 10);
    return iso.replace("T", " ").replace(/\.000Z$/, "").replace(/Z$/, "");
  }
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  if (Buffer.isBuffer(value)) return `0x${value.toString("hex")}`;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

export function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return canonical(value);
}

export function formatRow(row: Row, columns: string[]): string {
  return `{${columns.map((c) => `${c}: ${formatValue(row[c])}`).join(", ")}}`;
}

/** Human-readable diff, one item per line, indented by `indent`; at most `limit` rows per section. */
export function formatRowDiff(diff: RowDiff, columns: string[], indent = "    ", limit = 20): string {
  const lines: string[] = [];
  if (diff.missingColumns.length) lines.push(`missing columns: ${diff.missingColumns.join(", ")}`);
  if (diff.extraColumns.length) lines.push(`unexpected columns: ${diff.extraColumns.join(", ")}`);
  const section = <T>(title: string, items: T[], render: (item: T) => string) => {
    if (!items.length) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items.slice(0, limit)) lines.push(`  ${render(item)}`);
    if (items.length > limit) lines.push(`  … and ${items.length - limit} more`);
  };
  section("missing rows (expected, not produced)", diff.missing, (row) => `- ${formatRow(row, columns)}`);
  section("extra rows (produced, not expected)", diff.extra, (row) => `+ ${formatRow(row, columns)}`);
  section("changed rows", diff.changed, (change) => {
    const key = Object.entries(change.key)
      .map(([c, v]) => `${c}=${formatValue(v)}`)
      .join(", ");
    const values = change.columns.map((c) => `${c}: expected ${formatValue(change.expected[c])}, got ${formatValue(change.actual[c])}`);
    return `~ ${key}: ${values.join("; ")}`;
  });
  if (diff.orderDiffersAt !== undefined) lines.push(`same rows in a different order (the expected output has ORDER BY); first difference at row ${diff.orderDiffersAt}`);
  return lines.map((line) => indent + line).join("\n");
}
