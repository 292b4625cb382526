import type { EngineKind, Target } from "../graph/schema.js";
import type { LineIndex } from "./codegen.js";
import type { ActionConfig, Resolvable } from "./config.js";

/**
 * One action as the compiler sees it before rendering: its config, where it lives and how to
 * render its SQL. SQLX files and the JS API (publish, declare, …) both produce these.
 */

/** What SQLX code and includes can call while a query renders. */
export interface RenderApi {
  ctx: RenderApi;
  self(): string;
  /**
   * Sluice: the relation where the model's drop expectations put rows (`<auditSchema>.<name>_quarantine`).
   * In an incremental run it exists (the strategy creates it before the query runs), so a
   * watermark can count rows a batch quarantined as read. With a ref (`quarantine("cleaned_sensor_data")`),
   * that model's quarantine, on the same target, read as a dependency of it: rows a later run
   * dropped there (and took out of the model) tell a downstream model what to recompute.
   */
  quarantine(...ref: unknown[]): string;
  ref(...args: unknown[]): string;
  resolve(...args: unknown[]): string;
  name(): string;
  when(condition: unknown, then: unknown, otherwise?: unknown): unknown;
  incremental(): boolean;
  database(): string | undefined;
  schema(): string;
  engine: EngineKind;
  /** Records the source offset of the interpolation being evaluated (for error locations). */
  __at(offset: number): void;
}

export interface RenderedParts {
  query: string[];
  preOps: string[];
  postOps: string[];
  /** Test inputs: name, offset of the input block, SQL. */
  inputs: [string, number, string[]][];
}

export interface SourceFile {
  /** Path relative to the project, with forward slashes. */
  path: string;
  lines: LineIndex;
  /** Maps an error thrown while rendering to a position in the file. */
  locate(error: unknown): { line?: number; column?: number };
}

export interface Definition {
  file: SourceFile;
  /** Offset of the definition in the file (config block or JS call), for diagnostics. */
  offset: number;
  config: ActionConfig;
  /** The name before tablePrefix, which ref() also matches. */
  baseName: string;
  target: Target;
  targetName: string;
  engine: EngineKind;
  id: string;
  /** Renders every SQL part; absent for declarations and ingest. */
  render?: (api: RenderApi) => RenderedParts;
  /** Locates a config key (dotted path) in the file, falling back to the definition. */
  keyOffset(path: string): number;
  /** Extra dependencies known before rendering (built-in assertions, relationships). */
  extraDependencies?: Resolvable[];
  parentAction?: string;
  /** Pre-rendered SQL (built-in assertions). */
  fixedQuery?: string;
}
