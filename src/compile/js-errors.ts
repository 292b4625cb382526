import type { CodeBuilder, LineIndex } from "./codegen.js";

/**
 * Finds where in generated code an error happened (the first stack frame in `filename`, or the
 * `file:line` header node:vm puts on syntax errors) and maps it back to the source file.
 */
export function jsErrorLocation(
  error: unknown,
  filename: string,
  builder: CodeBuilder,
  source: LineIndex,
  /** Where this file's code starts when several files were compiled as one script (1-based). */
  firstLine = 1,
): { line?: number; column?: number } {
  if (!(error instanceof Error) || typeof error.stack !== "string") return {};
  const stack = error.stack;
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const lastLine = firstLine + builder.lineCount() - 1;
  for (const frame of stack.matchAll(new RegExp(`${escaped}:(\\d+):(\\d+)`, "g"))) {
    const line = Number(frame[1]);
    if (line < firstLine || line > lastLine) continue;
    return builder.toSource(line - firstLine + 1, Number(frame[2]), source) ?? {};
  }
  // SyntaxError from vm.Script: "<filename>:<line>\n<code line>\n    ^^^\n".
  const header = new RegExp(`^${escaped}:(\\d+)\\n[^\\n]*\\n([ \\t]*)\\^`).exec(stack);
  if (header) return builder.toSource(Number(header[1]), header[2].length + 1, source) ?? {};
  return {};
}

/** The first line of an error's message, without V8's noise. */
export function jsErrorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name === "Error" ? "" : error.name + ": "}${error.message}`;
  return String(error);
}
