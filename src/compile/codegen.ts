import type { SqlTemplate, SqlxParse } from "./sqlx-scanner.js";

/**
 * Turns one scanned SQLX file into the source of ONE JavaScript function (compiled once with
 * node:vm, no sandbox). Every chunk copied from the SQLX file is recorded in a line map, so an
 * error thrown by user code is reported at the SQLX line and column, not at generated code.
 */

/** Names bound inside `render`; SQLX code sees them as globals, as in Dataform. */
export const RENDER_PARAMS = [
  "ctx",
  "self",
  "ref",
  "resolve",
  "name",
  "when",
  "incremental",
  "database",
  "schema",
  "engine",
  "__at",
] as const;


/** Maps 1-based offsets/positions between a source file and code generated from it. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  /** Offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return (this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1] ?? 0) + Math.max(column - 1, 0);
  }
}

export class CodeBuilder {
  private readonly parts: string[] = [];
  /** Flat triples (generated line, generated column, source offset): few objects for the GC. */
  private readonly mappings: number[] = [];
  private line = 1;
  private col = 1;

  /** Appends generated code; when `srcOffset` is given the chunk was copied from the source there. */
  emit(code: string, srcOffset?: number): void {
    if (srcOffset !== undefined) this.mappings.push(this.line, this.col, srcOffset);
    this.parts.push(code);
    let nl = code.indexOf("\n");
    if (nl < 0) {
      this.col += code.length;
      return;
    }
    let last = nl;
    while (nl >= 0) {
      this.line++;
      last = nl;
      nl = code.indexOf("\n", nl + 1);
    }
    this.col = code.length - last;
  }

  code(): string {
    return this.parts.join("");
  }

  lineCount(): number {
    return this.line;
  }

  /** Maps a 1-based generated line/column back to a source position (undefined: generated glue). */
  toSource(line: number, column: number, source: LineIndex): { line: number; column: number } | undefined {
    let found = -1;
    for (let i = 0; i < this.mappings.length; i += 3) {
      const genLine = this.mappings[i];
      if (genLine < line || (genLine === line && this.mappings[i + 1] <= column)) found = i;
      else break;
    }
    if (found < 0) return undefined;
    const [genLine, genCol, srcOffset] = this.mappings.slice(found, found + 3);
    const start = source.position(srcOffset);
    if (genLine === line) return { line: start.line, column: start.column + (column - genCol) };
    return { line: start.line + (line - genLine), column };
  }
}

/** Escapes SQL text for a JS template literal without changing its line structure. */
function escapeTemplateText(text: string): string {
  return text.replace(/\\|`|\$\{/g, (m) => (m === "${" ? "\\${" : "\\" + m));
}

function emitTemplate(out: CodeBuilder, template: SqlTemplate): void {
  out.emit("[");
  template.statements.forEach((statement, index) => {
    if (index > 0) out.emit(", ");
    out.emit("`");
    for (const segment of statement) {
      if (segment.kind === "text") out.emit(escapeTemplateText(segment.text), segment.offset);
      else {
        out.emit(`\${(__at(${segment.offset}), (`);
        out.emit(segment.code, segment.offset);
        out.emit("))}");
      }
    }
    out.emit("`");
  });
  out.emit("]");
}

export interface GeneratedFile {
  builder: CodeBuilder;
  /** Source of a function expression `(function (__g) { return { config, render } })`. */
  code: string;
}

/**
 * `config()` evaluates the config block (includes in scope, as in Dataform); `render(...)` runs the
 * js blocks and returns every SQL part as arrays of statements.
 */
export function generateSqlxFunction(parse: SqlxParse, includeNames: string[]): GeneratedFile {
  const out = new CodeBuilder();
  out.emit("(function (__g) {\n");
  out.emit("const dataform = __g.dataform, sluice = __g.sluice;\n");
  if (includeNames.length) out.emit(`const { ${includeNames.join(", ")} } = __g.includes;\n`);
  out.emit("return {\nconfig: function () { return (");
  if (parse.config) out.emit(parse.config.code, parse.config.offset);
  else out.emit("{}");
  out.emit("\n); },\n");
  out.emit(`render: function (${RENDER_PARAMS.join(", ")}) {\n{\n`);
  for (const block of parse.js) {
    out.emit(`__at(${block.offset});\n`);
    out.emit(block.code, block.offset);
    out.emit("\n;\n");
  }
  out.emit("return {\nquery: ");
  emitTemplate(out, parse.body);
  out.emit(",\npreOps: [");
  parse.preOps.forEach((t, i) => {
    if (i) out.emit(", ");
    out.emit("...");
    emitTemplate(out, t);
  });
  out.emit("],\npostOps: [");
  parse.postOps.forEach((t, i) => {
    if (i) out.emit(", ");
    out.emit("...");
    emitTemplate(out, t);
  });
  out.emit("],\ninputs: [");
  parse.inputs.forEach((input, i) => {
    if (i) out.emit(", ");
    out.emit(`[${JSON.stringify(input.name)}, ${input.keywordOffset}, `);
    emitTemplate(out, input.sql);
    out.emit("]");
  });
  out.emit("]\n};\n}\n}\n};\n})");
  return { builder: out, code: out.code() };
}
