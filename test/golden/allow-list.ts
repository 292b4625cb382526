import type { ActionType, EngineKind } from "../../src/graph/schema.js";

/**
 * The two explicit exceptions of the golden SQL test. Keep both short and honest: every entry
 * says why, and an entry that no longer matches anything fails the test.
 */

/** A statement the engine accepts but the independent parser (@polyglot-sql/sdk 0.12.1) rejects. */
export interface ParserAllowance {
  engine: EngineKind;
  /** Matches the whole statement text. */
  statement: RegExp;
  /** Why the engine accepts it (with a reference), and what the parser trips on. */
  reason: string;
}

export const PARSER_ALLOW_LIST: ParserAllowance[] = [];

/** Actions whose rendering fails today (status failed): a known gap, not a golden statement. */
export interface KnownRenderFailure {
  type: ActionType;
  engine: EngineKind;
  /** The error every such rendering must show; any other error still fails the test. */
  error: RegExp;
  reason: string;
}

export const KNOWN_RENDER_FAILURES: KnownRenderFailure[] = [];

/**
 * A statement that must not reach production as it is: it holds an unresolved profile reference
 * (`${env:…}`), a path on this machine (`<project>`) or a column type the renderer had to invent.
 * Each entry is a known bug elsewhere, listed here so the golden files can record it until it is fixed.
 */
export interface KnownUnfitStatement {
  engine: EngineKind;
  statement: RegExp;
  reason: string;
}

export const KNOWN_UNFIT_STATEMENTS: KnownUnfitStatement[] = [];
