import type { ColumnInfo } from "../../engines/adapter.js";
import type { OnSchemaChange } from "../../graph/schema.js";
import { targetId } from "../../graph/schema.js";
import { SluiceError } from "../../errors.js";
import type { StrategyContext } from "../strategy.js";

/** How the new rows' columns differ from the existing table's (names compared case-insensitively). */
export interface SchemaDiff {
  added: ColumnInfo[];
  removed: ColumnInfo[];
  retyped: { name: string; from: string; to: string }[];
}

export function diffColumns(existing: ColumnInfo[], incoming: ColumnInfo[]): SchemaDiff {
  const before = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
  const after = new Map(incoming.map((c) => [c.name.toLowerCase(), c]));
  const added = incoming.filter((c) => !before.has(c.name.toLowerCase()));
  const removed = existing.filter((c) => !after.has(c.name.toLowerCase()));
  const retyped = incoming.flatMap((c) => {
    const old = before.get(c.name.toLowerCase());
    return old && old.type !== c.type ? [{ name: c.name, from: old.type, to: c.type }] : [];
  });
  return { added, removed, retyped };
}

export function hasChanges(diff: SchemaDiff): boolean {
  return diff.added.length + diff.removed.length + diff.retyped.length > 0;
}

export function describeDiff(diff: SchemaDiff): string {
  const parts: string[] = [];
  if (diff.added.length) parts.push(`added ${diff.added.map((c) => `${c.name} ${c.type}`).join(", ")}`);
  if (diff.removed.length) parts.push(`removed ${diff.removed.map((c) => `${c.name} ${c.type}`).join(", ")}`);
  if (diff.retyped.length) parts.push(`retyped ${diff.retyped.map((c) => `${c.name} ${c.from} -> ${c.to}`).join(", ")}`);
  return parts.join("; ");
}

/**
 * Applies the action's onSchemaChange to the target before the new rows go in and returns the
 * columns to write. fail (the default) stops with the full difference; append_new_columns adds
 * new columns only (removed ones stay and get NULL); sync adds, drops and retypes.
 */
export async function reconcileSchema(context: StrategyContext, existing: ColumnInfo[], incoming: ColumnInfo[]): Promise<string[]> {
  const { action } = context;
  const { dialect } = context.adapter;
  const mode: OnSchemaChange = action.onSchemaChange ?? "fail";
  const diff = diffColumns(existing, incoming);
  const columns = incoming.map((c) => c.name);
  if (!hasChanges(diff)) return columns;
  if (mode === "fail") {
    throw new SluiceError({
      code: "schema-change",
      message: `incremental ${targetId(action.target)}: the new rows' columns differ from the table: ${describeDiff(diff)}`,
      location: { file: action.fileName, line: action.line },
      hint: 'set onSchemaChange: "append_new_columns" or "sync" in the config block, or run with --full-refresh',
    });
  }
  for (const column of diff.added) await context.run(dialect.addColumn({ target: action.target, column }));
  if (mode === "sync") {
    for (const column of diff.removed) await context.run(dialect.dropColumn({ target: action.target, column: column.name }));
    for (const change of diff.retyped) {
      await context.run(dialect.alterColumnType({ target: action.target, column: { name: change.name, type: change.to } }));
    }
  }
  context.log(`schema change (${mode}): ${describeDiff(diff)}`);
  return columns;
}
