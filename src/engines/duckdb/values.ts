import type { Row } from "../adapter.js";

/**
 * DuckDB hands BIGINT, HUGEINT and COUNT(*) back as BigInt, which JSON.stringify rejects.
 * Safe integers become numbers; larger ones become strings so no digit is lost.
 */
export function toPlainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toPlainValue(item);
    return out;
  }
  return value;
}

export function toPlainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = toPlainValue(value);
  return out;
}
