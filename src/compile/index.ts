import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { ProjectConfig } from "../config/project.js";
import type { ResolvedProfile } from "../config/profiles.js";
import { SluiceError, type Diagnostic } from "../errors.js";
import { CompiledGraphSchema, targetId, type CompiledGraph } from "../graph/schema.js";
import { VERSION } from "../version.js";
import { assembleGraph } from "./assemble.js";
import type { Definition } from "./definition.js";
import { didYouMean } from "./did-you-mean.js";
import { loadIncludes } from "./includes.js";
import { loadJsDefinitionFile, type LoadedDefinition } from "./js-definitions.js";
import type { EngineState } from "./render.js";
import { compileSqlxBatch, finishSqlxFile, prepareSqlxFile, type PreparedSqlx } from "./sqlx-file.js";
import { TargetResolver } from "./targets.js";

/**
 * Compiles a Dataform-style project into the validated, engine-aware graph. Pure: it reads files
 * and never touches an engine. Every problem is collected and thrown at once as a SluiceError.
 */
export interface CompileOptions {
  projectDir: string;
  config: ProjectConfig;
  profile: ResolvedProfile;
  vars: Record<string, string>;
}

/** Folders holding definitions (Dataform reads only definitions/; Sluice adds assertions/). */
const DEFINITION_DIRS = ["definitions", "assertions"];

export function compileProject(options: CompileOptions): CompiledGraph {
  const { projectDir, config, profile, vars } = options;
  const diagnostics: Diagnostic[] = [];
  const targets = new TargetResolver(config, profile);
  for (const name of targets.targetNames()) {
    if (!profile.targets[name]) {
      diagnostics.push({
        code: "profile",
        message: `profile "${profile.name}" has no target "${name}"`,
        location: { file: "profiles.yaml" },
        hint: `add ${name}: { engine: duckdb | databricks | snowflake } under profiles.${profile.name}.targets`,
      });
    }
  }
  if (diagnostics.length) throw new SluiceError(diagnostics);

  const state: EngineState = { engine: profile.targets[config.defaultTarget].engine };
  const projectConfig = {
    defaultDatabase: config.defaultDatabase,
    defaultSchema: config.defaultSchema,
    assertionSchema: config.assertionSchema,
    schemaSuffix: config.schemaSuffix,
    tablePrefix: config.tablePrefix,
    vars: { ...vars },
  };
  const dataform = { projectConfig };
  const sluice = { engine: () => state.engine, vars: projectConfig.vars, profile: profile.name };
  const includes = loadIncludes(projectDir, { dataform, sluice }, diagnostics);
  // Every definition may call the includes: one that failed to load would be followed by an error
  // per call ("macros.x is not a function"), hiding the one that matters.
  if (diagnostics.length) throw new SluiceError(diagnostics);
  const includeContext = { names: includes.names, globals: { dataform, sluice, includes: includes.scope } };

  const definitions: Definition[] = [];
  const tests: Definition[] = [];
  // Names of files that failed to load: refs to them are not reported again as unknown.
  const brokenNames = new Set<string>();
  const paths = listDefinitionFiles(projectDir);
  const sqlxFiles: PreparedSqlx[] = [];
  const loadedByPath = new Map<string, LoadedDefinition[]>();
  for (const path of paths) {
    const text = readFileSync(join(projectDir, path), "utf8");
    if (path.endsWith(".sqlx")) {
      const prepared = prepareSqlxFile(path, text, includes.names, diagnostics);
      if (prepared) sqlxFiles.push(prepared);
      else brokenNames.add(basename(path, ".sqlx"));
    } else {
      loadedByPath.set(path, loadJsDefinitionFile(path, text, includeContext, diagnostics));
    }
  }
  const compiled = compileSqlxBatch(sqlxFiles, diagnostics);
  sqlxFiles.forEach((prepared, i) => {
    const name = basename(prepared.path, ".sqlx");
    const fn = compiled[i];
    // Without a type Dataform 3 compiles a SQLX file as operations; files under assertions/ are assertions.
    const defaultType = prepared.path.startsWith("assertions/") ? "assertion" : "operations";
    const one = fn && finishSqlxFile(prepared, fn, includeContext.globals, defaultType, diagnostics);
    if (one) loadedByPath.set(prepared.path, [{ ...one, defaultName: name }]);
    else brokenNames.add(name);
  });
  for (const path of paths) {
    for (const item of loadedByPath.get(path) ?? []) {
      const definition = toDefinition(item, targets, config, diagnostics);
      if (!definition) continue;
      if (definition.config.type === "test") tests.push(definition);
      else definitions.push(definition);
    }
  }
  const unique = dropDuplicates(definitions, diagnostics);

  // Rendering goes on after load errors so every problem is reported in one pass.
  const graph = assembleGraph({ definitions: unique, brokenNames, tests, targets, config, profile, vars, state, diagnostics, version: VERSION });
  if (diagnostics.length) throw new SluiceError(diagnostics);

  const result = CompiledGraphSchema.safeParse(graph);
  if (!result.success) {
    throw new SluiceError(
      result.error.issues.slice(0, 20).map((issue) => ({
        code: "internal",
        message: `compiled graph is invalid at ${issue.path.join(".")}: ${issue.message}`,
        hint: "this is a bug in the Sluice compiler",
      })),
    );
  }
  return result.data;
}

function toDefinition(item: LoadedDefinition, targets: TargetResolver, config: ProjectConfig, diagnostics: Diagnostic[]): Definition | undefined {
  const { file, config: actionConfig } = item;
  const at = (offset: number) => ({ file: file.path, ...file.lines.position(offset) });
  if (actionConfig.target !== undefined && !config.targets[actionConfig.target]) {
    const suggestion = didYouMean(actionConfig.target, targets.targetNames());
    diagnostics.push({
      code: "config-key",
      message: `unknown target "${actionConfig.target}"`,
      location: at(item.keyOffset("target")),
      hint: suggestion ? `did you mean "${suggestion}"?` : `targets in dataform.json: ${targets.targetNames().join(", ")}`,
    });
    return undefined;
  }
  const targetName = targets.targetNameFor(file.path, actionConfig.target);
  const engine = targets.engineOf(targetName)!;
  const baseName = actionConfig.name ?? item.defaultName;
  const target = targets.target({
    targetName,
    name: baseName,
    schema: actionConfig.schema,
    database: actionConfig.database,
    defaultSchema: actionConfig.type === "assertion" ? config.assertionSchema : config.defaultSchema,
    external: actionConfig.type === "declaration",
  });
  return {
    file,
    offset: item.offset,
    config: actionConfig,
    baseName,
    target,
    targetName,
    engine,
    id: targetId(target),
    ...(item.render ? { render: item.render } : {}),
    keyOffset: item.keyOffset,
  };
}

/** Reports duplicate ids and keeps the first definition of each, so compilation can go on. */
function dropDuplicates(definitions: Definition[], diagnostics: Diagnostic[]): Definition[] {
  const byId = new Map<string, Definition[]>();
  for (const d of definitions) {
    const list = byId.get(d.id);
    if (list) list.push(d);
    else byId.set(d.id, [d]);
  }
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const d of list) {
      const others = list.filter((o) => o !== d).map((o) => o.file.path);
      diagnostics.push({
        code: "duplicate-target",
        message: `duplicate target ${id}: also defined in ${others.join(", ")}`,
        location: { file: d.file.path, ...d.file.lines.position(d.offset) },
        hint: "give one of them another name or schema in its config block",
      });
    }
  }
  return [...byId.values()].map((list) => list[0]);
}

/** Definition files, sorted for a stable graph. */
export function listDefinitionFiles(projectDir: string): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(projectDir, rel), { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.(sqlx|js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path);
    }
  };
  for (const dir of DEFINITION_DIRS) if (existsSync(join(projectDir, dir))) walk(dir);
  return files.sort();
}

