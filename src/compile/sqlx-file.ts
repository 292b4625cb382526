import vm from "node:vm";
import type { Diagnostic } from "../errors.js";
import { generateSqlxFunction, LineIndex, type CodeBuilder } from "./codegen.js";
import { parseActionConfig, type ActionConfig } from "./config.js";
import type { RenderApi, RenderedParts, SourceFile } from "./definition.js";
import { jsErrorLocation, jsErrorMessage } from "./js-errors.js";
import { objectLiteralKeys } from "./js-scan.js";
import { hasSqlBetween, scanSqlx, type SqlxParse, type SqlTemplate } from "./sqlx-scanner.js";

/**
 * Compiles SQLX files in three steps: prepare (scan + generate one function per file), compile
 * all functions in one script, finish (evaluate the config, check the statement rules: no
 * trailing `;`, one statement outside operations files). Every problem becomes a diagnostic at
 * the SQLX line; the caller decides whether to continue.
 */

export interface IncludeContext {
  names: string[];
  globals: { dataform: unknown; sluice: unknown; includes: Record<string, unknown> };
}

export interface LoadedSqlx {
  file: SourceFile;
  config: ActionConfig;
  offset: number;
  keyOffset(path: string): number;
  render: (api: RenderApi) => RenderedParts;
}

type FileFunction = (globals: IncludeContext["globals"]) => {
  config(): unknown;
  render(...args: unknown[]): RenderedParts;
};

export interface PreparedSqlx {
  path: string;
  text: string;
  lines: LineIndex;
  parse: SqlxParse;
  builder: CodeBuilder;
  code: string;
}

/** Scans a file and generates its function source; undefined when the SQLX syntax is broken. */
export function prepareSqlxFile(path: string, text: string, includeNames: string[], diagnostics: Diagnostic[]): PreparedSqlx | undefined {
  const lines = new LineIndex(text);
  const parse = scanSqlx(text);
  for (const error of parse.errors) {
    diagnostics.push({ code: "sqlx-syntax", message: error.message, location: { file: path, ...lines.position(error.offset) }, hint: error.hint });
  }
  if (parse.errors.length) return undefined;
  const generated = generateSqlxFunction(parse, includeNames);
  return { path, text, lines, parse, builder: generated.builder, code: generated.code };
}

export interface CompiledSqlx {
  factory: FileFunction;
  locate(error: unknown): { line?: number; column?: number };
}

const BATCH_FILENAME = "sluice-sqlx://definitions";

/**
 * Compiles every file's function in ONE vm.Script (compiling thousands of small scripts costs far
 * more). When the batch has a syntax error, files are compiled one by one to find and report it.
 */
export function compileSqlxBatch(files: PreparedSqlx[], diagnostics: Diagnostic[]): (CompiledSqlx | undefined)[] {
  const firstLines: number[] = [];
  let line = 2;
  for (const file of files) {
    firstLines.push(line);
    line += file.builder.lineCount();
  }
  try {
    const source = `[\n${files.map((f) => f.code).join(",\n")}\n]`;
    const factories = new vm.Script(source, { filename: BATCH_FILENAME }).runInThisContext() as FileFunction[];
    return files.map((file, i) => ({
      factory: factories[i],
      locate: (error: unknown) => jsErrorLocation(error, BATCH_FILENAME, file.builder, file.lines, firstLines[i]),
    }));
  } catch {
    return files.map((file) => {
      const filename = `sluice-sqlx://${file.path}`;
      const locate = (error: unknown) => jsErrorLocation(error, filename, file.builder, file.lines);
      try {
        return { factory: new vm.Script(file.code, { filename }).runInThisContext() as FileFunction, locate };
      } catch (error) {
        diagnostics.push({
          code: "js-error",
          message: `JavaScript error: ${jsErrorMessage(error)}`,
          location: { file: file.path, ...locate(error) },
          hint: "check the syntax of the config, js and ${…} code",
        });
        return undefined;
      }
    });
  }
}

/** Evaluates the config block, validates it and checks the statement rules. */
export function finishSqlxFile(
  prepared: PreparedSqlx,
  compiled: CompiledSqlx,
  globals: IncludeContext["globals"],
  defaultType: ActionConfig["type"],
  diagnostics: Diagnostic[],
): LoadedSqlx | undefined {
  const { path, text, lines, parse } = prepared;
  const at = (offset: number) => ({ file: path, ...lines.position(offset) });
  const locate = compiled.locate;
  const file: SourceFile = { path, lines, locate };
  let fileFunction: ReturnType<FileFunction>;
  try {
    fileFunction = compiled.factory(globals);
  } catch (error) {
    diagnostics.push({ code: "js-error", message: `JavaScript error: ${jsErrorMessage(error)}`, location: { file: path, ...locate(error) } });
    return undefined;
  }

  const configOffset = parse.config?.keywordOffset ?? 0;
  // Key positions are only needed for diagnostics and a few line numbers: found on first use.
  let keys: ReturnType<typeof objectLiteralKeys> | undefined;
  const keyOffset = (keyPath: string) => {
    keys ??= parse.config ? objectLiteralKeys(text, parse.config.offset) : [];
    for (let p = keyPath; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
      const found = keys.find((k) => k.path === p);
      if (found) return found.offset;
    }
    return configOffset;
  };

  let rawConfig: unknown;
  try {
    rawConfig = fileFunction.config();
  } catch (error) {
    const position = locate(error);
    diagnostics.push({
      code: "js-error",
      message: `error in config block: ${jsErrorMessage(error)}`,
      location: { file: path, ...(position.line ? position : lines.position(configOffset)) },
    });
    return undefined;
  }
  if (rawConfig && typeof rawConfig === "object" && !("type" in rawConfig)) rawConfig = { ...rawConfig, type: defaultType };
  const { config, issues } = parseActionConfig(rawConfig);
  for (const issue of issues) {
    diagnostics.push({ code: "config-key", message: issue.message, hint: issue.hint, location: at(keyOffset(issue.path)) });
  }
  if (!config) return undefined;

  if (!checkStatements(parse, text, config.type, at, diagnostics)) return undefined;

  const render = (api: RenderApi): RenderedParts =>
    fileFunction.render(api, api.self, api.ref, api.resolve, api.name, api.when, api.incremental, api.database, api.schema, api.engine, api.__at);
  return { file, config, offset: configOffset, keyOffset, render };
}

/** Outside operations files a SQLX body is exactly one statement without a trailing `;`. */
function checkStatements(
  parse: SqlxParse,
  text: string,
  type: ActionConfig["type"],
  at: (offset: number) => Diagnostic["location"],
  diagnostics: Diagnostic[],
): boolean {
  if (type === "operations") return true;
  const body = parse.body;
  let ok = true;
  if (body.statements.length > 1) {
    diagnostics.push({
      code: "several-statements",
      message: `several statements in a ${type} file`,
      location: at(body.separators[0]),
      hint: "only operations files may hold several statements (separated by ---); move the others to an operations file or pre/post_operations",
    });
    ok = false;
  }
  for (const semicolon of body.semicolons) {
    if (sqlFollows(body, text, semicolon)) {
      diagnostics.push({
        code: "several-statements",
        message: `several statements in a ${type} file`,
        location: at(semicolon),
        hint: "a table, view, incremental or assertion file holds one SELECT; use type: \"operations\" or pre/post_operations for more",
      });
    } else {
      diagnostics.push({
        code: "trailing-semicolon",
        message: "semicolons are not allowed at the end of SQL statements",
        location: at(semicolon),
        hint: "remove the trailing ;",
      });
    }
    ok = false;
    break;
  }
  return ok;
}

function sqlFollows(template: SqlTemplate, text: string, offset: number): boolean {
  for (const statement of template.statements) {
    for (const segment of statement) {
      if (segment.kind === "expr") {
        if (segment.offset > offset) return true;
        continue;
      }
      const end = segment.offset + segment.text.length;
      if (end <= offset + 1) continue;
      if (hasSqlBetween(text, Math.max(segment.offset, offset + 1), end)) return true;
    }
  }
  return false;
}
