/** Plain-text table for terminal output; values are stringified, columns padded to their widest cell. */
export function formatTable(rows: Record<string, unknown>[], columns?: string[]): string {
  if (!rows.length) return "(no rows)";
  const names = columns ?? Object.keys(rows[0]);
  const cells = rows.map((row) => names.map((name) => cellText(row[name])));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join("  ").trimEnd();
  return [line(names), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
  return String(value);
}
