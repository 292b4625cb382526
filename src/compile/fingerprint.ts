import { hash } from "node:crypto";
import type { Action } from "../graph/schema.js";

/**
 * Splits what changes an action's output (data) from what only documents it (metadata), so a
 * description, comment or whitespace edit never rebuilds anything.
 */

/** Quoted text is kept as is; runs of whitespace and comments outside it become one space. */
const SQL_TOKENS = /('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`)|(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/)+/g;

/** SQL with comments stripped (outside quoted text) and whitespace collapsed. */
export function normaliseSql(sql: string): string {
  return sql.replace(SQL_TOKENS, (match, quoted: string | undefined) => quoted ?? " ").trim();
}

type FingerprintInput = Omit<Action, "fingerprint" | "id" | "line" | "fileName" | "description" | "columns" | "tags" | "dependencies" | "dependencyTargets">;

export function dataFingerprint(action: FingerprintInput): string {
  const sql = (s: string | undefined) => (s === undefined ? null : normaliseSql(s));
  const list = (xs: string[] | undefined) => (xs ? xs.map(normaliseSql) : null);
  return sha256(
    JSON.stringify([
      action.type,
      action.target,
      action.targetName,
      action.engine,
      sql(action.query),
      sql(action.incrementalQuery),
      list(action.queries),
      list(action.preOps),
      list(action.postOps),
      list(action.incrementalPreOps),
      list(action.incrementalPostOps),
      action.uniqueKey ?? null,
      action.partitionBy ?? null,
      action.clusterBy ?? null,
      action.incrementalStrategy ?? null,
      action.onSchemaChange ?? null,
      action.expectations,
      action.ingest ?? null,
      action.transfer ?? null,
      action.hasOutput,
      action.disabled,
      action.severity ?? null,
    ]),
  );
}

export function metadataFingerprint(action: Pick<Action, "description" | "tags" | "columns">): string {
  return sha256(JSON.stringify([action.description ?? null, action.tags, action.columns]));
}

function sha256(text: string): string {
  // One-shot hashing: several times cheaper than createHash() for thousands of small inputs.
  return hash("sha256", text, "hex");
}
