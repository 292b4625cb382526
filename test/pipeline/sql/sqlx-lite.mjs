// A tiny interim SQLX evaluator for checking the pipeline's SQL on DuckDB before the real compiler
// (src/compile) is usable. It understands what the pipeline's files use: config, js,
// pre_operations, post_operations and input blocks; ${} in the query evaluated as JavaScript with
// ref/self/when/incremental/resolve, dataform.projectConfig, engine, and the includes as globals.
// It is not the compiler: no validation beyond what the checks need.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, basename } from "node:path";
import { createRequire } from "node:module";

const nodeRequire = createRequire(import.meta.url);

/** Index of the `}` closing a JavaScript `{` whose body starts at i (strings and template literals skipped). */
function skipJs(src, i, depth = 1) {
  while (i < src.length) {
    const ch = src[i];
    if (ch === "'" || ch === '"') {
      i++;
      while (i < src.length && src[i] !== ch) i += src[i] === "\\" ? 2 : 1;
      i++;
    } else if (ch === "`") {
      i = skipTemplate(src, i + 1);
    } else if (ch === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (ch === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i + 2) + 2;
    } else if (ch === "{") {
      depth++;
      i++;
    } else if (ch === "}") {
      depth--;
      if (depth === 0) return i;
      i++;
    } else i++;
  }
  throw new Error("unbalanced braces");
}

/** Index just after the closing backtick of a template literal whose body starts at i. */
function skipTemplate(src, i) {
  while (i < src.length) {
    if (src[i] === "\\") i += 2;
    else if (src[i] === "`") return i + 1;
    else if (src[i] === "$" && src[i + 1] === "{") i = skipJs(src, i + 2) + 1;
    else i++;
  }
  throw new Error("unterminated template literal");
}

/** Turns SQL with ${} into the source of a JS template literal (raw text escaped, ${} kept live). */
function toTemplate(sql) {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const j = sql.indexOf("${", i);
    const raw = j < 0 ? sql.slice(i) : sql.slice(i, j);
    out += raw.replace(/\\/g, "\\\\").replace(/`/g, "\\`");
    if (j < 0) break;
    const end = skipJs(sql, j + 2);
    out += sql.slice(j, end + 1);
    i = end + 1;
  }
  return "`" + out + "`";
}

const BLOCK = /^[ \t]*(config|js|pre_operations|post_operations|input\s+"([^"]+)")\s*\{/gm;

/** Splits a SQLX file into its blocks and the query. */
export function parseSqlx(text) {
  const parts = { config: "{}", js: "", pre: [], post: [], inputs: {}, query: "" };
  let rest = "";
  let pos = 0;
  BLOCK.lastIndex = 0;
  let m;
  while ((m = BLOCK.exec(text))) {
    if (m.index < pos) continue;
    rest += text.slice(pos, m.index);
    const open = m.index + m[0].length;
    const kind = m[1].startsWith("input") ? "input" : m[1];
    // config and js are JavaScript; the others are SQL that may hold ${} (JS) but no other braces.
    const close = kind === "config" || kind === "js" ? skipJs(text, open) : skipSqlBlock(text, open);
    const body = text.slice(open, close);
    if (kind === "config") parts.config = "{" + body + "}";
    else if (kind === "js") parts.js += body + "\n";
    else if (kind === "pre_operations") parts.pre.push(body);
    else if (kind === "post_operations") parts.post.push(body);
    else parts.inputs[m[2]] = body;
    pos = close + 1;
    BLOCK.lastIndex = pos;
  }
  rest += text.slice(pos);
  parts.query = rest.trim();
  return parts;
}

function skipSqlBlock(src, i) {
  let depth = 1;
  while (i < src.length) {
    if (src[i] === "$" && src[i + 1] === "{") i = skipJs(src, i + 2) + 1;
    else if (src[i] === "{") (depth++, i++);
    else if (src[i] === "}") {
      depth--;
      if (depth === 0) return i;
      i++;
    } else i++;
  }
  throw new Error("unbalanced SQL block");
}

function loadInclude(file, globals) {
  const module = { exports: {} };
  const names = Object.keys(globals);
  new Function("module", "exports", "require", ...names, readFileSync(file, "utf8"))(
    module,
    module.exports,
    (p) => (p.startsWith(".") ? loadInclude(join(file, "..", p), globals) : nodeRequire(p)),
    ...names.map((n) => globals[n]),
  );
  return module.exports;
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".sqlx")) out.push(p);
  }
  return out;
}

/**
 * Loads the project: every .sqlx under definitions/ and assertions/, the includes, and a
 * render(action, {engine, incremental, refOverride}) that evaluates an action's SQL.
 */
export function loadProject(root) {
  const projectConfig = JSON.parse(readFileSync(join(root, "dataform.json"), "utf8"));
  const state = { engine: "duckdb" };
  const sluice = { engine: () => state.engine };
  const dataform = { projectConfig: { ...projectConfig, vars: projectConfig.vars ?? {} } };
  const includeGlobals = { sluice, dataform };
  const includes = {};
  const incDir = join(root, "includes");
  for (const name of readdirSync(incDir).filter((n) => n.endsWith(".js")).sort((a, b) => (a === "constants.js" ? -1 : b === "constants.js" ? 1 : 0))) {
    includes[basename(name, ".js")] = loadInclude(join(incDir, name), { ...includeGlobals, ...includes });
  }

  const actions = [];
  const tests = [];
  for (const file of [...walk(join(root, "definitions")), ...walk(join(root, "assertions"))]) {
    const rel = relative(root, file);
    const parts = parseSqlx(readFileSync(file, "utf8"));
    const names = ["dataform", "constants", "macros", "sluice"];
    const config = new Function(...names, `return (${parts.config});`)(dataform, includes.constants, includes.macros, sluice);
    const type = config.type ?? "operations";
    const target = config.target ?? (rel.startsWith("definitions/snowflake/") ? "warehouse" : "lakehouse");
    const name = config.name ?? basename(file, ".sqlx");
    const schema = config.schema ?? (type === "assertion" ? projectConfig.assertionSchema : projectConfig.defaultSchema);
    const action = { file: rel, parts, config, type, target, name, schema };
    if (type === "test") tests.push(action);
    else actions.push(action);
  }
  const byName = new Map(actions.map((a) => [a.name, a]));

  /** Evaluates SQL text of an action. */
  function evaluate(action, sql, { engine = "duckdb", incremental = false, relationOf } = {}) {
    state.engine = engine;
    const deps = new Set();
    const ref = (n, n2) => {
      const refName = typeof n === "object" ? n.name : n2 ?? n;
      const dep = byName.get(refName);
      if (!dep) throw new Error(`${action.file}: ref("${refName}") names no action`);
      deps.add(refName);
      return relationOf(dep, action);
    };
    const globals = {
      ref,
      resolve: ref,
      self: () => relationOf(action, action),
      incremental: () => incremental,
      when: (cond, a, b = "") => (cond ? a : b),
      dataform,
      engine,
      sluice,
      constants: includes.constants,
      macros: includes.macros,
      ...Object.fromEntries(Object.entries(includes).filter(([k]) => k !== "constants" && k !== "macros")),
    };
    const names = Object.keys(globals);
    const text = new Function(...names, `${action.parts.js}\nreturn ${toTemplate(sql)};`)(...names.map((n) => globals[n]));
    return { sql: text, deps };
  }

  return { projectConfig, includes, actions, tests, byName, evaluate };
}
