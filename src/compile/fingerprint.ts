import { createHash } from "node:crypto";
import type { Action } from "../graph/schema.js";

/**
 * Splits what changes an action's output (data) from what only documents it (metadata), so a
 * description, comment or whitespace edit never rebuilds anything.
 */

/** SQL with comments stripped (outside string literals) and whitespace collapsed. */
export function normaliseSql(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === "\\" ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl;
      out += " ";
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += " ";
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/\s+/g, " ").trim();
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
  return createHash("sha256").update(text).digest("hex");
}
