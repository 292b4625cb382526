/**
 * Errors are values with a location and a hint; only the CLI decides how to print them.
 * Compilation collects many diagnostics before failing so a user fixes them in one pass.
 */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  message: string;
  location?: SourceLocation;
  hint?: string;
  /** A stable machine-readable kind, e.g. "cycle", "unknown-ref", "config-key". */
  code: string;
}

export class SluiceError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[] | Diagnostic) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join("\n"));
    this.name = "SluiceError";
    this.diagnostics = list;
  }
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = diagnostic.location ? `${formatLocation(diagnostic.location)}: ` : "";
  const hint = diagnostic.hint ? `\n  hint: ${diagnostic.hint}` : "";
  return `${where}error: ${diagnostic.message}${hint}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
