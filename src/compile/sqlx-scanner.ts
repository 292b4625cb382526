import { matchJsBrace } from "./js-scan.js";

/**
 * A hand-written, single-pass scanner for SQLX. It splits a file into its blocks (config, js,
 * pre_operations, post_operations, input "name") and turns every SQL part into a template of text
 * and `${…}` segments. It follows Dataform's rules: `${}` interpolates inside quoted strings but
 * not inside comments, and a line holding only `---` separates statements.
 */

export type Segment = { kind: "text"; text: string; offset: number } | { kind: "expr"; code: string; offset: number };

export interface SqlTemplate {
  /** Statements separated by `---` lines; most files have one. */
  statements: Segment[][];
  offset: number;
  /** Offsets of `;` outside strings, comments and interpolations. */
  semicolons: number[];
  /** Offsets of the `---` separators. */
  separators: number[];
}

export interface JsBlock {
  /** For config: the object literal including its braces; for js: the code between the braces. */
  code: string;
  /** Offset of `code` in the file. */
  offset: number;
  /** Offset of the block keyword. */
  keywordOffset: number;
}

export interface InputBlock {
  name: string;
  keywordOffset: number;
  sql: SqlTemplate;
}

export interface ScanError {
  offset: number;
  message: string;
  hint?: string;
}

export interface SqlxParse {
  config?: JsBlock;
  js: JsBlock[];
  preOps: SqlTemplate[];
  postOps: SqlTemplate[];
  inputs: InputBlock[];
  body: SqlTemplate;
  errors: ScanError[];
}

const BLOCK_START = /(config|js|pre_operations|post_operations)\s*\{|input\s+(?:"([^"\n]*)"|'([^'\n]*)')\s*\{/y;
const SEPARATOR_LINE = /[ \t]*---[ \t]*(?:\r?\n|$)/y;

export function scanSqlx(text: string): SqlxParse {
  const result: SqlxParse = { js: [], preOps: [], postOps: [], inputs: [], body: emptyTemplate(0), errors: [] };
  result.body = scanSql(text, 0, false, result).template;
  return result;
}

function emptyTemplate(offset: number): SqlTemplate {
  return { statements: [[]], offset, semicolons: [], separators: [] };
}

function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/**
 * Scans SQL from `start`. At top level (`nested` false) it also recognises blocks and runs to the
 * end of the file; nested inside a SQL block it stops at the unmatched `}`.
 */
function scanSql(text: string, start: number, nested: boolean, file: SqlxParse): { template: SqlTemplate; end: number } {
  const template = emptyTemplate(start);
  let statement = template.statements[0];
  let textStart = start;
  let depth = 0;
  let i = start;
  const flush = (to: number) => {
    if (to > textStart) statement.push({ kind: "text", text: text.slice(textStart, to), offset: textStart });
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // `${ … }` interpolation.
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123) {
      const close = matchJsBrace(text, i + 1);
      if (typeof close !== "number") {
        file.errors.push({ offset: i, message: "unclosed ${ interpolation", hint: "every ${ needs a matching }" });
        flush(i);
        textStart = i = text.length;
        break;
      }
      flush(i);
      statement.push({ kind: "expr", code: text.slice(i + 2, close), offset: i + 2 });
      i = textStart = close + 1;
      continue;
    }
    // Quoted strings and quoted identifiers: interpolation still applies inside them.
    if (c === 39 || c === 34 || c === 96) {
      i = scanQuoted(text, i, c, statement, flush, (next) => (textStart = next), file);
      continue;
    }
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      if (isLineStartOnlyWhitespace(text, i)) {
        SEPARATOR_LINE.lastIndex = lineStart(text, i);
        if (SEPARATOR_LINE.test(text)) {
          flush(lineStart(text, i));
          template.separators.push(i);
          statement = [];
          template.statements.push(statement);
          i = textStart = SEPARATOR_LINE.lastIndex;
          continue;
        }
      }
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (c === 59 /* ; */) {
      template.semicolons.push(i);
      i++;
      continue;
    }
    if (c === 123 /* { */) {
      depth++;
      i++;
      continue;
    }
    if (c === 125 /* } */) {
      if (nested && depth === 0) {
        flush(i);
        return { template, end: i };
      }
      depth--;
      i++;
      continue;
    }
    if (!nested && (c === 99 || c === 106 || c === 112 || c === 105) && (i === 0 || !isIdentChar(text.charCodeAt(i - 1)))) {
      BLOCK_START.lastIndex = i;
      const match = BLOCK_START.exec(text);
      if (match) {
        flush(i);
        const open = BLOCK_START.lastIndex - 1;
        const end = scanBlock(text, i, open, match, file);
        i = textStart = end;
        continue;
      }
    }
    i++;
  }
  if (nested) {
    file.errors.push({ offset: start, message: "unclosed block: missing }", hint: "check that every { in the block has a matching }" });
  }
  flush(text.length);
  return { template, end: text.length };
}

/** Scans one block starting at its keyword; returns the offset after its closing brace. */
function scanBlock(text: string, keywordOffset: number, open: number, match: RegExpExecArray, file: SqlxParse): number {
  const keyword = match[1] ?? "input";
  if (keyword === "config" || keyword === "js") {
    const close = matchJsBrace(text, open);
    if (typeof close !== "number") {
      file.errors.push({
        offset: keywordOffset,
        message: `unclosed ${keyword} block: missing }`,
        hint: close.what === "brace" ? "check that every { has a matching }" : `an unclosed ${close.what} swallows the closing brace`,
      });
      return text.length;
    }
    if (keyword === "config") {
      if (file.config) file.errors.push({ offset: keywordOffset, message: "a file can have only one config block" });
      else file.config = { code: text.slice(open, close + 1), offset: open, keywordOffset };
    } else {
      file.js.push({ code: text.slice(open + 1, close), offset: open + 1, keywordOffset });
    }
    return close + 1;
  }
  const { template, end } = scanSql(text, open + 1, true, file);
  if (end >= text.length) {
    // scanSql already reported the unclosed block at its start; name the keyword instead.
    const last = file.errors[file.errors.length - 1];
    if (last && last.offset === open + 1) {
      last.offset = keywordOffset;
      last.message = `unclosed ${keyword} block: missing }`;
    }
    return text.length;
  }
  if (keyword === "pre_operations") file.preOps.push(template);
  else if (keyword === "post_operations") file.postOps.push(template);
  else file.inputs.push({ name: match[2] ?? match[3] ?? "", keywordOffset, sql: template });
  return end + 1;
}

function scanQuoted(
  text: string,
  start: number,
  quote: number,
  statement: Segment[],
  flush: (to: number) => void,
  setTextStart: (next: number) => void,
  file: SqlxParse,
): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    if (c === 36 && text.charCodeAt(i + 1) === 123) {
      const close = matchJsBrace(text, i + 1);
      if (typeof close !== "number") {
        file.errors.push({ offset: i, message: "unclosed ${ interpolation", hint: "every ${ needs a matching }" });
        return text.length;
      }
      flush(i);
      statement.push({ kind: "expr", code: text.slice(i + 2, close), offset: i + 2 });
      i = close + 1;
      setTextStart(i);
      continue;
    }
    i++;
  }
  return i;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function isLineStartOnlyWhitespace(text: string, offset: number): boolean {
  for (let j = offset - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** True when the template has SQL text other than whitespace and comments in `from`..`to`. */
export function hasSqlBetween(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? to : nl;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? to : close + 2;
      continue;
    }
    return true;
  }
  return false;
}
