import { createRequire } from "node:module";
import vm from "node:vm";
import type { Diagnostic } from "../errors.js";
import { CodeBuilder, LineIndex } from "./codegen.js";
import { parseActionConfig, type ActionConfig, type SqlxType } from "./config.js";
import type { RenderApi, RenderedParts, SourceFile } from "./definition.js";
import { jsErrorLocation, jsErrorMessage } from "./js-errors.js";
import type { IncludeContext } from "./sqlx-file.js";

/**
 * Dataform's JavaScript API for definition files: publish, declare, assert, operate and test.
 * A .js/.ts file runs once; each call returns a small builder whose settings become one
 * definition, exactly like a SQLX file's config and body.
 */

export interface LoadedDefinition {
  file: SourceFile;
  config: ActionConfig;
  offset: number;
  keyOffset(path: string): number;
  render?: (api: RenderApi) => RenderedParts;
  defaultName: string;
}

type Contextable = string | string[] | ((ctx: RenderApi) => string | string[]);

interface Builder {
  name: string;
  offset: number;
  config: Record<string, unknown>;
  query?: Contextable;
  preOps: Contextable[];
  postOps: Contextable[];
  inputs: [string, Contextable][];
}

function evaluate(value: Contextable | undefined, api: RenderApi): string[] {
  if (value === undefined) return [];
  const result = typeof value === "function" ? value(api) : value;
  const items: unknown[] = Array.isArray(result) ? result : [result];
  // String(42) would compile to "CREATE TABLE … AS 42": SQL comes as text or not at all.
  const wrong = items.find((item) => typeof item !== "string");
  if (wrong !== undefined) throw new TypeError(`SQL must be text (a string, or a function of ctx returning one), not ${wrong === null ? "null" : typeof wrong}: ${String(wrong).slice(0, 40)}`);
  return items as string[];
}

function chain(builder: Builder) {
  const self = {
    query(q: Contextable) { builder.query = q; return self; },
    queries(q: Contextable) { builder.query = q; return self; },
    preOps(q: Contextable) { builder.preOps.push(q); return self; },
    postOps(q: Contextable) { builder.postOps.push(q); return self; },
    config(c: Record<string, unknown>) { Object.assign(builder.config, c); return self; },
    type(t: SqlxType) { builder.config.type = t; return self; },
    dependencies(d: unknown) { builder.config.dependencies = [...asArray(builder.config.dependencies), ...asArray(d)]; return self; },
    tags(t: unknown) { builder.config.tags = [...asArray(builder.config.tags), ...asArray(t)]; return self; },
    description(d: string) { builder.config.description = d; return self; },
    schema(s: string) { builder.config.schema = s; return self; },
    database(d: string) { builder.config.database = d; return self; },
    disabled(d = true) { builder.config.disabled = d; return self; },
    hasOutput(h: boolean) { builder.config.hasOutput = h; return self; },
    dataset(name: string) { builder.config.dataset = name; return self; },
    input(name: string, q: Contextable) { builder.inputs.push([name, q]); return self; },
    expect(q: Contextable) { builder.query = q; return self; },
  };
  return self;
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function loadJsDefinitionFile(
  path: string,
  text: string,
  includes: IncludeContext,
  diagnostics: Diagnostic[],
): LoadedDefinition[] {
  const lines = new LineIndex(text);
  let source = text;
  if (path.endsWith(".ts")) {
    const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
    source = esbuild.transformSync(text, { loader: "ts", format: "cjs", sourcefile: path, target: "node20" }).code;
  }
  const out = new CodeBuilder();
  out.emit("(function (publish, declare, assert, operate, test, dataform, sluice, require, module, exports, __scope) { with (__scope) {\n");
  out.emit(source, 0);
  out.emit("\n} })");
  const filename = `sluice-js://${path}`;
  const locate = (error: unknown) => jsErrorLocation(error, filename, out, lines);
  const file: SourceFile = { path, lines, locate };
  const builders: Builder[] = [];
  const callerOffset = () => {
    const position = locate(new Error());
    return position.line ? lines.offset(position.line, position.column ?? 1) : 0;
  };
  const make = (type: SqlxType, name: string, config?: unknown) => {
    const builder: Builder = { name, offset: callerOffset(), config: { type, ...(config && typeof config === "object" ? config : {}) }, preOps: [], postOps: [], inputs: [] };
    builders.push(builder);
    return chain(builder);
  };
  const api = {
    publish: (name: string, config?: unknown) => make(((config as { type?: SqlxType })?.type ?? "view") as SqlxType, name, config),
    declare: (target: { name: string; schema?: string; database?: string }) => make("declaration", target.name, target),
    assert: (name: string, query?: Contextable) => {
      const b = make("assertion", name);
      if (query !== undefined) b.query(query);
      return b;
    },
    operate: (name: string, queries?: Contextable) => {
      const b = make("operations", name);
      if (queries !== undefined) b.queries(queries);
      return b;
    },
    test: (name: string) => make("test", name),
  };
  try {
    const fn = new vm.Script(out.code(), { filename }).runInThisContext() as (...args: unknown[]) => void;
    const module = { exports: {} };
    fn(api.publish, api.declare, api.assert, api.operate, api.test, includes.globals.dataform, includes.globals.sluice, createRequire(import.meta.url), module, module.exports, includes.globals.includes);
  } catch (error) {
    diagnostics.push({ code: "js-error", message: `JavaScript error: ${jsErrorMessage(error)}`, location: { file: path, ...locate(error) } });
    return [];
  }
  const loaded: LoadedDefinition[] = [];
  for (const builder of builders) {
    const raw = { ...builder.config };
    if (!("name" in raw)) raw.name = builder.name;
    const { config, issues } = parseActionConfig(raw);
    for (const issue of issues) diagnostics.push({ code: "config-key", message: issue.message, hint: issue.hint, location: { file: path, ...lines.position(builder.offset) } });
    if (!config) continue;
    const render = (ctxApi: RenderApi): RenderedParts => ({
      query: evaluate(builder.query, ctxApi),
      preOps: builder.preOps.flatMap((q) => evaluate(q, ctxApi)),
      postOps: builder.postOps.flatMap((q) => evaluate(q, ctxApi)),
      inputs: builder.inputs.map(([name, q]) => [name, builder.offset, evaluate(q, ctxApi)]),
    });
    loaded.push({ file, config, offset: builder.offset, keyOffset: () => builder.offset, render, defaultName: builder.name });
  }
  return loaded;
}
