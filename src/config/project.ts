import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { SluiceError } from "../errors.js";
import { validateConfig } from "./validate.js";

/** A named engine target of the project; the profile says which engine serves it. */
export const TargetDeclarationSchema = z
  .object({
    description: z.string().optional(),
    /** Globs (relative to the project) of definition files that run on this target. */
    paths: z.array(z.string()).default([]),
  })
  .strict();

export const ProjectConfigSchema = z
  .object({
    name: z.string().optional(),
    /** Dataform v2's warehouse key; accepted so existing projects load, unused. */
    warehouse: z.string().optional(),
    defaultDatabase: z.string().optional(),
    defaultSchema: z.string().default("public"),
    assertionSchema: z.string().default("dataform_assertions"),
    defaultLocation: z.string().optional(),
    schemaSuffix: z.string().optional(),
    tablePrefix: z.string().optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    targets: z.record(z.string(), TargetDeclarationSchema).default({ default: { paths: [] } }),
    /** The target used by files no target's paths match. */
    defaultTarget: z.string().optional(),
    /** Schema where stored assertion failures and quarantines are kept. */
    auditSchema: z.string().default("audit"),
    /** Warehouse schema that cross-engine transfers land lakehouse tables in. */
    transferSchema: z.string().default("staging"),
  })
  .strict();
export type ProjectConfig = z.infer<typeof ProjectConfigSchema> & { defaultTarget: string };

/** Dataform v3's workflow_settings.yaml, mapped onto the same config. */
const WorkflowSettingsSchema = z
  .object({
    dataformCoreVersion: z.string().optional(),
    defaultProject: z.string().optional(),
    defaultLocation: z.string().optional(),
    defaultDataset: z.string().optional(),
    defaultAssertionDataset: z.string().optional(),
    projectSuffix: z.string().optional(),
    datasetSuffix: z.string().optional(),
    namePrefix: z.string().optional(),
    defaultNotebookRuntimeOptions: z.unknown().optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict();

export interface LoadedProjectConfig {
  config: ProjectConfig;
  /** The file the config came from, relative to the project directory. */
  file: string;
}

export function loadProjectConfig(projectDir: string): LoadedProjectConfig {
  const jsonPath = join(projectDir, "dataform.json");
  const yamlPath = join(projectDir, "workflow_settings.yaml");
  if (existsSync(jsonPath)) {
    const raw = parseJsonFile(jsonPath, projectDir);
    return { config: finish(validateConfig(ProjectConfigSchema, raw, relative(projectDir, jsonPath))), file: "dataform.json" };
  }
  if (existsSync(yamlPath)) {
    const raw = parseYamlFile(yamlPath, projectDir);
    const settings = validateConfig(WorkflowSettingsSchema, raw ?? {}, "workflow_settings.yaml");
    const mapped = ProjectConfigSchema.parse({
      defaultDatabase: settings.defaultProject,
      defaultSchema: settings.defaultDataset ?? "dataform",
      assertionSchema: settings.defaultAssertionDataset ?? "dataform_assertions",
      defaultLocation: settings.defaultLocation,
      schemaSuffix: settings.datasetSuffix,
      tablePrefix: settings.namePrefix,
      vars: settings.vars ?? {},
    });
    return { config: finish(mapped), file: "workflow_settings.yaml" };
  }
  if (!existsSync(projectDir)) {
    throw new SluiceError({ code: "no-project", message: `no such folder: ${projectDir}`, hint: "pass --project the folder that holds dataform.json" });
  }
  const enclosing = enclosingProject(projectDir);
  throw new SluiceError({
    code: "no-project",
    message: `no dataform.json or workflow_settings.yaml in ${projectDir}`,
    hint: enclosing ? `the project is ${enclosing}: run sluice there, or pass --project ${enclosing}` : "run sluice in a project directory or pass --project DIR",
  });
}

/** The nearest folder above `dir` holding a project file, as a subfolder of a project finds it. */
function enclosingProject(dir: string): string | undefined {
  for (let parent = dirname(resolve(dir)); ; parent = dirname(parent)) {
    if (existsSync(join(parent, "dataform.json")) || existsSync(join(parent, "workflow_settings.yaml"))) return parent;
    if (dirname(parent) === parent) return undefined;
  }
}

function finish(config: z.infer<typeof ProjectConfigSchema>): ProjectConfig {
  const names = Object.keys(config.targets);
  const defaultTarget = config.defaultTarget ?? names.find((n) => config.targets[n].paths.length === 0) ?? names[0];
  if (!config.targets[defaultTarget]) {
    throw new SluiceError({
      code: "config",
      message: `defaultTarget: "${defaultTarget}" is not one of the targets (${names.join(", ")})`,
      location: { file: "dataform.json" },
    });
  }
  return { ...config, defaultTarget };
}

export function parseJsonFile(path: string, projectDir: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const location = { file: relative(projectDir, path), ...(position ? lineColumnAt(text, Number(position[1])) : {}) };
    throw new SluiceError({ code: "config-syntax", message: `invalid JSON: ${message}`, location });
  }
}

export function parseYamlFile(path: string, projectDir: string): unknown {
  return parseYamlDocument(path, projectDir).value;
}

export interface ParsedYaml {
  value: unknown;
  /** Line and column (1-based) of the key at `path` (e.g. ["profiles", "prod", "targets", "lakehouse"]), when the file has it. */
  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

/** Parses a YAML file keeping positions; a syntax error names the file, line and column. */
export function parseYamlDocument(path: string, projectDir: string): ParsedYaml {
  const text = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const error = doc.errors[0];
  if (error) {
    const linePos = error.linePos?.[0];
    // The parser's first line ends "at line N, column M:" before a code excerpt; the location says it already.
    const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?\s*$/, "").replace(/:\s*$/, "");
    const sourceLine = linePos ? (text.split(/\r?\n/)[linePos.line - 1] ?? "") : "";
    throw new SluiceError({
      code: "config-syntax",
      message: `invalid YAML: ${message}`,
      location: { file: relative(projectDir, path), line: linePos?.line, column: linePos?.col },
      hint: sourceLine.includes("${") ? yamlInterpolationHint(sourceLine) : undefined,
    });
  }
  return {
    value: doc.toJS(),
    locate: (keyPath) => {
      const offset = keyOffset(doc, keyPath);
      if (offset === undefined) return undefined;
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

/** `${env:X}` unquoted in a flow map `{ … }`: the `{` of `${` starts a nested map there. */
function yamlInterpolationHint(sourceLine: string): string {
  const example = /(\w+):\s*(\$\{[^}]*\})/.exec(sourceLine);
  const quoted = example ? ` (${example[1]}: "${example[2]}")` : "";
  return `quote values that contain \${…}${quoted}: unquoted, YAML reads the { as the start of a map`;
}

function keyOffset(doc: Document, keyPath: readonly (string | number)[]): number | undefined {
  if (!keyPath.length) return undefined;
  const parent = keyPath.length === 1 ? doc.contents : doc.getIn(keyPath.slice(0, -1), true);
  const items = (parent as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return undefined;
  const last = keyPath[keyPath.length - 1];
  for (const item of items) {
    const key = (item as { key?: { value?: unknown; range?: [number, number, number] } }).key;
    if (key && key.value === last && key.range) return key.range[0];
  }
  return undefined;
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
