import { hash } from "node:crypto";
import type { Action } from "../graph/schema.js";

/**
 * Splits what changes an action's output (data) from what only documents it (metadata), so a
 * description, comment or whitespace edit never rebuilds anything.
 */

/** Quoted text is kept as is; runs of whitespace and comments outside it become one space. */
const SQL_TOKENS = /('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`)|(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/)+/g;

const WORD = /[A-Za-z0-9_$'"`\u0080-\uffff]/;

/**
 * SQL with comments stripped (outside quoted text) and whitespace collapsed. A gap between a word
 * and punctuation (`a ,b`, `( x )`) carries no meaning and is dropped; between two words, or two
 * punctuation marks (`- -1` is not `--1`), it stays as one space.
 */
export function normaliseSql(sql: string): string {
  return sql
    .replace(SQL_TOKENS, (match: string, quoted: string | undefined, offset: number, whole: string) => {
      if (quoted !== undefined) return quoted;
      const before = whole[offset - 1];
      const after = whole[offset + match.length];
      if (before === undefined || after === undefined) return "";
      return WORD.test(before) === WORD.test(after) ? " " : "";
    })
    .trim();
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
