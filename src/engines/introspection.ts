import type { RelationInfo, Row } from "./adapter.js";

/**
 * A relation from an INFORMATION_SCHEMA tables-left-join-columns query (one row per column, or one
 * row with NULL column for a relation without columns); null when no row came back.
 */
export function relationFromInformationSchema(rows: Row[], typeColumn: string): RelationInfo | null {
  if (!rows.length) return null;
  return {
    kind: String(rows[0].table_type).toUpperCase() === "VIEW" ? "view" : "table",
    columns: rows
      .filter((row) => row.column_name !== null && row.column_name !== undefined)
      .map((row) => ({ name: String(row.column_name), type: String(row[typeColumn]).toUpperCase() })),
  };
}
