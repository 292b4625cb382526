import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join } from "node:path";
import vm from "node:vm";
import type { Diagnostic } from "../errors.js";
import { jsErrorLocation } from "./js-errors.js";
import { CodeBuilder, LineIndex } from "./codegen.js";

/**
 * Loads `includes/*.js` and `includes/*.ts` once per compile. Each include is a CommonJS-style
 * module exposed to SQLX (and to the other includes) as a global named after its file basename,
 * as Dataform does. Includes load lazily on first use, so their order never matters.
 */

export interface IncludeGlobals {
  dataform: unknown;
  sluice: unknown;
}

export interface LoadedIncludes {
  /** Valid identifiers only: they become names in generated code. */
  names: string[];
  /** An object whose getters load each include on first access. */
  scope: Record<string, unknown>;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function loadIncludes(projectDir: string, globals: IncludeGlobals, diagnostics: Diagnostic[]): LoadedIncludes {
  const dir = join(projectDir, "includes");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => (f.endsWith(".js") || f.endsWith(".ts")) && !f.endsWith(".d.ts"))
        .sort()
    : [];
  const scope: Record<string, unknown> = {};
  const cache = new Map<string, unknown>();
  const loading = new Set<string>();
  const projectRequire = createRequire(join(projectDir, "package.json"));

  const load = (file: string): unknown => {
    if (cache.has(file)) return cache.get(file);
    if (loading.has(file)) return cache.get(file);
    loading.add(file);
    const module = { exports: {} as unknown };
    cache.set(file, module.exports);
    const relPath = `includes/${file}`;
    try {
      let source = readFileSync(join(dir, file), "utf8");
      if (file.endsWith(".ts")) source = transpileTypeScript(source, relPath);
      const out = new CodeBuilder();
      out.emit("(function (module, exports, require, dataform, sluice, __scope) { with (__scope) {\n");
      out.emit(source, 0);
      out.emit("\n} })");
      const filename = `sluice-include://${relPath}`;
      try {
        const fn = new vm.Script(out.code(), { filename }).runInThisContext() as (...args: unknown[]) => void;
        fn(module, module.exports, requireFrom, globals.dataform, globals.sluice, scope);
      } catch (error) {
        diagnostics.push({
          code: "js-error",
          message: `error in include: ${error instanceof Error ? error.message : String(error)}`,
          location: { file: relPath, ...jsErrorLocation(error, filename, out, new LineIndex(source)) },
          hint: "fix the include; it is evaluated once before any SQLX file",
        });
      }
    } catch (error) {
      diagnostics.push({ code: "js-error", message: error instanceof Error ? error.message : String(error), location: { file: relPath } });
    }
    cache.set(file, module.exports);
    loading.delete(file);
    return module.exports;
  };

  function requireFrom(specifier: string): unknown {
    const local = specifier.replace(/^(\.\/|\.\.\/includes\/|includes\/)/, "");
    const candidates = [local, `${local}.js`, `${local}.ts`];
    const match = candidates.find((c) => files.includes(c));
    if (match) return load(match);
    return projectRequire(specifier);
  }

  const names: string[] = [];
  for (const file of files) {
    const name = basename(file, extname(file));
    if (!IDENTIFIER.test(name) || name in scope) continue;
    names.push(name);
    Object.defineProperty(scope, name, { enumerable: true, get: () => load(file) });
  }
  for (const file of files) load(file);
  return { names, scope };
}

function transpileTypeScript(source: string, relPath: string): string {
  // esbuild loads lazily and synchronously: projects without TypeScript never pay for it.
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  return esbuild.transformSync(source, { loader: "ts", format: "cjs", sourcefile: relPath, target: "node20" }).code;
}
