/**
 * Just enough JavaScript lexing to find where an embedded JS region ends (the `}` closing a
 * `config {…}` block or a `${…}` interpolation) and where the keys of an object literal sit.
 * It understands strings, template literals (with nested `${}`), comments and regex literals,
 * which is all that matters for brace matching; it never builds an AST.
 */

/** Characters after which a `/` starts a regex literal rather than a division. */
const REGEX_PRECEDERS = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);

export interface ScanFailure {
  /** Offset of the construct that is never closed. */
  offset: number;
  what: string;
}

/**
 * Given `open` at a `{`, returns the offset of the matching `}`, or a failure naming the unclosed
 * construct (string, template, comment or the brace itself).
 */
export function matchJsBrace(text: string, open: number): number | ScanFailure {
  let depth = 0;
  let i = open;
  let lastSignificant = "";
  while (i < text.length) {
    const c = text[i];
    if (c === "{") {
      depth++;
      i++;
      lastSignificant = c;
      continue;
    }
    if (c === "}") {
      depth--;
      if (depth === 0) return i;
      i++;
      lastSignificant = c;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = skipQuoted(text, i, c);
      if (end < 0) return { offset: i, what: "string" };
      i = end;
      lastSignificant = "a";
      continue;
    }
    if (c === "`") {
      const end = skipTemplate(text, i);
      if (typeof end !== "number") return end;
      i = end;
      lastSignificant = "a";
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) return { offset: i, what: "comment" };
      i = end + 2;
      continue;
    }
    if (c === "/" && REGEX_PRECEDERS.has(lastSignificant)) {
      const end = skipRegex(text, i);
      if (end > 0) {
        i = end;
        lastSignificant = "a";
        continue;
      }
    }
    if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") lastSignificant = /[A-Za-z0-9_$)\]]/.test(c) ? "a" : c;
    i++;
  }
  return { offset: open, what: "brace" };
}

/** Returns the offset just after the closing quote, or -1. */
export function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    if (c === "\n" && quote !== "`") return -1;
    i++;
  }
  return -1;
}

/** Returns the offset just after the closing backtick of a template literal. */
export function skipTemplate(text: string, start: number): number | ScanFailure {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "`") return i + 1;
    if (c === "$" && text[i + 1] === "{") {
      const end = matchJsBrace(text, i + 1);
      if (typeof end !== "number") return end;
      i = end + 1;
      continue;
    }
    i++;
  }
  return { offset: start, what: "template literal" };
}

function skipRegex(text: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") return -1;
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) {
      i++;
      while (i < text.length && /[a-z]/i.test(text[i])) i++;
      return i;
    }
    i++;
  }
  return -1;
}

export interface KeyPosition {
  /** Dotted path of the key, e.g. "assertions.uniqueKey". */
  path: string;
  offset: number;
}

/**
 * Lists the keys of an object literal (and of object literals nested directly as values) with
 * their offsets, so config diagnostics can point at the key. Computed or spread keys are skipped.
 */
export function objectLiteralKeys(text: string, open: number, prefix = "", out: KeyPosition[] = []): KeyPosition[] {
  const close = matchJsBrace(text, open);
  if (typeof close !== "number") return out;
  let i = open + 1;
  while (i < close) {
    i = skipTrivia(text, i, close);
    if (i >= close) break;
    let key: string | undefined;
    const keyStart = i;
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = skipQuoted(text, i, c);
      if (end < 0) break;
      key = text.slice(i + 1, end - 1);
      i = end;
    } else {
      const match = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 200));
      if (match) {
        key = match[0];
        i += key.length;
      }
    }
    i = skipTrivia(text, i, close);
    if (key !== undefined && text[i] === ":") {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push({ path, offset: keyStart });
      i = skipTrivia(text, i + 1, close);
      if (text[i] === "{") objectLiteralKeys(text, i, path, out);
    } else if (key !== undefined && (text[i] === "," || i >= close)) {
      // Shorthand property `{ name }`.
      out.push({ path: prefix ? `${prefix}.${key}` : key, offset: keyStart });
    }
    i = skipValue(text, i, close);
    if (text[i] === ",") i++;
  }
  return out;
}

function skipTrivia(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? end : nl;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? end : close + 2;
    } else break;
  }
  return i;
}

/** Skips one value expression up to the next top-level `,` (or the end). */
function skipValue(text: string, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = text[i];
    if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") depth--;
    else if (c === "," && depth === 0) return i;
    else if (c === '"' || c === "'") {
      const next = skipQuoted(text, i, c);
      if (next < 0) return end;
      i = next;
      continue;
    } else if (c === "`") {
      const next = skipTemplate(text, i);
      if (typeof next !== "number") return end;
      i = next;
      continue;
    } else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      i = skipTrivia(text, i, end);
      continue;
    }
    i++;
  }
  return i;
}
