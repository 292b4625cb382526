import type { ProjectConfig } from "../config/project.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { Diagnostic } from "../errors.js";
import { dialectFor } from "../engines/registry.js";
import { Dag } from "../graph/dag.js";
import { mergedKeysTarget, targetId, type Action, type CompiledGraph, type IngestSpec, type Target, type TestCase } from "../graph/schema.js";
import { builtinAssertionName, builtinAssertions } from "./builtin-assertions.js";
import { didYouMean } from "./did-you-mean.js";
import type { Definition, RenderedParts } from "./definition.js";
import { dataFingerprint, metadataFingerprint } from "./fingerprint.js";
import { Renderer, type EngineState } from "./render.js";
import { ActionIndex } from "./resolver.js";
import type { TargetResolver } from "./targets.js";
import { TransferRegistry } from "./transfers.js";

/**
 * Second phase of compilation: with every definition known, render each one (twice for
 * incremental tables), expand built-in assertions, insert cross-engine transfers, build test
 * cases, check for cycles and fingerprint every action.
 */

export interface AssembleInput {
  definitions: Definition[];
  /** Names of files that failed to load; refs to them stay silent. */
  brokenNames: Set<string>;
  tests: Definition[];
  targets: TargetResolver;
  config: ProjectConfig;
  profile: ResolvedProfile;
  vars: Record<string, string>;
  state: EngineState;
  diagnostics: Diagnostic[];
  version: string;
}

type ActionBody = Omit<Action, "fingerprint">;

export function assembleGraph(input: AssembleInput): CompiledGraph {
  const { definitions, config, targets, diagnostics } = input;
  const index = new ActionIndex(definitions, input.brokenNames);
  const transfers = new TransferRegistry(targets, config.transferSchema);
  const renderer = new Renderer(index, transfers, input.state, diagnostics, config.auditSchema);
  const bodies: ActionBody[] = [];

  for (const definition of definitions) {
    const at = (offset: number) => ({ file: definition.file.path, ...definition.file.lines.position(offset) });
    const dependencies = new Map<string, Target>();
    for (const dep of definition.config.dependencies) {
      const found = renderer.lookupDependency(dep);
      if ("message" in found) {
        if (!found.silent) diagnostics.push({ code: "unknown-ref", message: `dependencies: ${found.message}`, hint: found.hint, location: at(definition.keyOffset("dependencies")) });
      } else dependencies.set(found.id, found.target);
    }
    const body = baseAction(definition);
    const type = definition.config.type;
    if (definition.render && type !== "declaration" && type !== "ingest") {
      const full = renderer.render(definition, { incremental: false });
      if (!full) continue;
      mergeInto(dependencies, full.dependencies);
      applyParts(body, full.parts, false);
      if (type === "incremental") {
        const incremental = renderer.render(definition, { incremental: true });
        if (!incremental) continue;
        mergeInto(dependencies, incremental.dependencies);
        applyParts(body, incremental.parts, true);
      }
      for (const problem of buildProblems(definition, body)) diagnostics.push({ ...problem, location: at(problem.offset) });
      const trailing = [body.query, body.incrementalQuery].find((q) => q !== undefined && q.trim().endsWith(";"));
      if (trailing !== undefined) {
        diagnostics.push({ code: "trailing-semicolon", message: "semicolons are not allowed at the end of SQL statements", location: at(definition.offset), hint: "an interpolated value ends with ;" });
      }
    }
    if (type === "ingest") {
      const spec = ingestSpec(definition, config, at, diagnostics);
      if (spec) body.ingest = spec;
    }
    body.dependencies = [...dependencies.keys()];
    body.dependencyTargets = [...dependencies.values()];
    bodies.push(body);

    if (definition.config.assertions) bodies.push(...assertionsFor(definition, renderer, targets, config, diagnostics));
  }

  for (const transfer of transfers.all()) {
    const source = transfer.source;
    bodies.push({
      id: transfer.id,
      type: "transfer",
      target: transfer.target,
      targetName: transfer.targetName,
      engine: transfer.engine,
      fileName: source.file.path,
      line: source.file.lines.position(source.offset).line,
      tags: [...source.config.tags],
      columns: {},
      dependencyTargets: [source.target],
      dependencies: [source.id],
      disabled: source.config.disabled,
      hasOutput: true,
      preOps: [],
      postOps: [],
      incrementalPreOps: [],
      incrementalPostOps: [],
      expectations: [],
      transfer: transfer.spec,
      ...(source.config.uniqueKey ? { uniqueKey: source.config.uniqueKey } : {}),
    });
  }
  const taken = new Map(definitions.map((d) => [d.id, d]));
  for (const transfer of transfers.all()) {
    const clash = taken.get(transfer.id);
    if (clash) {
      diagnostics.push({
        code: "duplicate-target",
        message: `the transfer of ${transfer.source.id} to target ${transfer.targetName} would overwrite ${clash.id}`,
        location: { file: clash.file.path, ...clash.file.lines.position(clash.offset) },
        hint: `rename ${clash.id} or set transferSchema in dataform.json`,
      });
    }
  }

  reportCycle(bodies, diagnostics);
  const tests = input.tests.map((t) => testCase(t, index, renderer, config, diagnostics)).filter((t): t is TestCase => t !== undefined);

  const actions: Action[] = bodies.map((body) => ({
    ...body,
    fingerprint: { data: dataFingerprint(body), metadata: metadataFingerprint(body) },
  }));
  const engineTargets: CompiledGraph["targets"] = {};
  for (const name of targets.targetNames()) {
    const database = targets.databaseOf(name);
    engineTargets[name] = { engine: targets.engineOf(name)!, ...(database ? { database } : {}) };
  }
  return {
    sluiceVersion: input.version,
    profile: input.profile.name,
    projectConfig: {
      ...(config.defaultDatabase ? { defaultDatabase: config.defaultDatabase } : {}),
      defaultSchema: config.defaultSchema,
      assertionSchema: config.assertionSchema,
      vars: input.vars,
    },
    targets: engineTargets,
    actions,
    tests,
  };
}

/**
 * What would only fail once the action runs, found while compiling: a model without SQL, and an
 * incremental strategy without the columns it works on.
 */
function buildProblems(definition: Definition, body: ActionBody): Array<Omit<Diagnostic, "location"> & { offset: number }> {
  const problems: Array<Omit<Diagnostic, "location"> & { offset: number }> = [];
  const c = definition.config;
  const sqlx = definition.file.path.endsWith(".sqlx");
  // Comments alone are no SQL (a string literal holding -- still leaves text behind).
  const sql = (body.query ?? "").replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim();
  if ((c.type === "table" || c.type === "view" || c.type === "incremental") && !sql) {
    problems.push({
      code: "no-query",
      message: `${c.type} ${definition.target.name} has no SQL`,
      hint: sqlx ? "write its SELECT after the config block" : "give it one with .query(ctx => `SELECT …`)",
      offset: definition.offset,
    });
  }
  if (c.type === "incremental") {
    const strategy = c.incrementalStrategy ?? (c.uniqueKey?.length ? "merge" : "append");
    const needs = strategy === "merge" || strategy === "delete_insert" ? "uniqueKey" : strategy === "insert_overwrite" ? "partitionBy" : undefined;
    if (needs && !c[needs]?.length) {
      problems.push({
        code: "config",
        message: `incrementalStrategy "${strategy}" needs ${needs}`,
        hint: needs === "uniqueKey" ? 'e.g. uniqueKey: ["id"], the columns that identify a row' : 'e.g. partitionBy: ["event_date"], the partitions each run replaces',
        offset: definition.keyOffset("incrementalStrategy"),
      });
    }
  }
  return problems;
}

function baseAction(definition: Definition): ActionBody {
  const c = definition.config;
  const type = c.type === "test" ? "assertion" : c.type;
  return {
    id: definition.id,
    type,
    target: definition.target,
    targetName: definition.targetName,
    engine: definition.engine,
    fileName: definition.file.path,
    line: definition.file.lines.position(definition.offset).line,
    tags: c.tags,
    ...(c.description !== undefined ? { description: c.description } : {}),
    columns: type === "ingest" ? {} : c.columns,
    dependencyTargets: [],
    dependencies: [],
    disabled: c.disabled,
    hasOutput: c.hasOutput ?? type !== "operations",
    preOps: [],
    postOps: [],
    incrementalPreOps: [],
    incrementalPostOps: [],
    ...(c.uniqueKey ? { uniqueKey: c.uniqueKey } : {}),
    ...(c.partitionBy ? { partitionBy: c.partitionBy } : {}),
    ...(c.clusterBy ? { clusterBy: c.clusterBy } : {}),
    ...(c.incrementalStrategy ? { incrementalStrategy: c.incrementalStrategy } : {}),
    ...(c.onSchemaChange ? { onSchemaChange: c.onSchemaChange } : {}),
    ...(type === "assertion" ? { severity: c.severity ?? "error" } : {}),
    expectations: c.expectations,
  };
}

function statements(parts: string[]): string[] {
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

function applyParts(body: ActionBody, parts: RenderedParts, incremental: boolean): void {
  if (body.type === "operations") {
    if (!incremental) body.queries = statements(parts.query);
  } else if (incremental) body.incrementalQuery = parts.query.join("\n").trim();
  else body.query = parts.query.join("\n").trim();
  if (incremental) {
    body.incrementalPreOps = statements(parts.preOps);
    body.incrementalPostOps = statements(parts.postOps);
  } else {
    body.preOps = statements(parts.preOps);
    body.postOps = statements(parts.postOps);
  }
}

function mergeInto(into: Map<string, Target>, from: Map<string, Target>): void {
  for (const [id, target] of from) if (!into.has(id)) into.set(id, target);
}

function ingestSpec(
  definition: Definition,
  config: ProjectConfig,
  at: (offset: number) => Diagnostic["location"],
  diagnostics: Diagnostic[],
): IngestSpec | undefined {
  const c = definition.config;
  const missing = (["path", "format"] as const).filter((k) => !c[k]);
  if (!Object.keys(c.columns).length) missing.push("columns" as never);
  if (missing.length) {
    diagnostics.push({
      code: "config-key",
      message: `an ingest action needs ${missing.join(", ")}`,
      location: at(definition.offset),
      hint: 'e.g. config { type: "ingest", path: "readings/**/*.ndjson", format: "json", columns: { id: "BIGINT" } }',
    });
    return undefined;
  }
  const quarantine: Target = {
    ...(definition.target.database ? { database: definition.target.database } : {}),
    schema: config.auditSchema,
    name: c.quarantine ?? `${definition.target.name}_quarantine`,
  };
  return { path: c.path!, format: c.format!, columns: c.columns, rescuedDataColumn: c.rescuedDataColumn ?? "_rescued_data", quarantine };
}

function assertionsFor(parent: Definition, renderer: Renderer, targets: TargetResolver, config: ProjectConfig, diagnostics: Diagnostic[]): ActionBody[] {
  const assertions = parent.config.assertions!;
  const dialect = dialectFor(parent.engine);
  const relation = dialect.relation(parent.target);
  const extraDeps = new Map<string, Target>();
  const c = parent.config;
  const merges = c.type === "incremental" && c.uniqueKey?.length && (c.incrementalStrategy ?? "merge") === "merge";
  const generated = builtinAssertions(assertions, {
    relation,
    ...(merges ? { mergedKeys: { relation: dialect.relation(mergedKeysTarget(parent.target)), uniqueKey: c.uniqueKey! } } : {}),
    name: parent.target.name,
    literal: (v) => dialect.literal(v),
    ref: (to, key) => {
      const found = renderer.lookupDependency(to);
      if ("message" in found) {
        diagnostics.push({
          code: "unknown-ref",
          message: `${key}: ${found.message}`,
          hint: found.hint,
          location: { file: parent.file.path, ...parent.file.lines.position(parent.keyOffset(key)) },
        });
        return undefined;
      }
      return renderer.relationFrom(parent, found, extraDeps);
    },
  });
  return generated.map((a) => {
    // Dataform names them from the parent's schema and name before suffix and prefix.
    const unfinalised = { schema: parent.config.schema ?? config.defaultSchema, name: parent.baseName };
    const target = targets.target({
      targetName: parent.targetName,
      name: builtinAssertionName(unfinalised, a.suffix),
      defaultSchema: config.assertionSchema,
      ...(parent.config.database ? { database: parent.config.database } : {}),
    });
    const deps = new Map<string, Target>([[parent.id, parent.target], ...(a.key === "assertions.relationships" ? extraDeps : [])]);
    return {
      id: targetId(target),
      type: "assertion" as const,
      target,
      targetName: parent.targetName,
      engine: parent.engine,
      fileName: parent.file.path,
      line: parent.file.lines.position(parent.keyOffset(a.key)).line,
      ...(a.description ? { description: a.description } : {}),
      tags: [...parent.config.tags],
      columns: {},
      dependencyTargets: [...deps.values()],
      dependencies: [...deps.keys()],
      disabled: parent.config.disabled,
      hasOutput: true,
      query: a.query,
      ...(a.mergedKeysQuery ? { mergedKeysQuery: a.mergedKeysQuery } : {}),
      preOps: [],
      postOps: [],
      incrementalPreOps: [],
      incrementalPostOps: [],
      severity: assertions.severity ?? "error",
      parentAction: parent.id,
      expectations: [],
    };
  });
}

function reportCycle(bodies: ActionBody[], diagnostics: Diagnostic[]): void {
  const cycle = new Dag(bodies).findCycle();
  if (!cycle) return;
  // In data-flow order: each action is read by the next, so the next one holds the ref.
  const reader = bodies.find((b) => b.id === cycle[1]);
  diagnostics.push({
    code: "cycle",
    message: `dependency cycle: ${cycle.join(" -> ")} (each is read by the next)`,
    location: reader ? { file: reader.fileName, ...(reader.line !== undefined ? { line: reader.line, column: 1 } : {}) } : undefined,
    hint: `break the cycle: one of these actions must stop reading the one before it, e.g. ${cycle[1]} its ref to ${cycle[0]}`,
  });
}

function testCase(test: Definition, index: ActionIndex, renderer: Renderer, config: ProjectConfig, diagnostics: Diagnostic[]): TestCase | undefined {
  const at = (offset: number) => ({ file: test.file.path, ...test.file.lines.position(offset) });
  const datasetName = test.config.dataset;
  if (!datasetName) {
    diagnostics.push({ code: "config-key", message: 'a test needs dataset: "<model name>"', location: at(test.offset) });
    return undefined;
  }
  const dataset = index.find({ name: datasetName });
  if ("message" in dataset) {
    diagnostics.push({ code: "unknown-ref", message: `dataset: ${dataset.message}`, hint: dataset.hint, location: at(test.keyOffset("dataset")) });
    return undefined;
  }
  const own = renderer.render(test, { incremental: false });
  if (!own) return undefined;
  const overrides = new Map<string, string>();
  const inputs: TestCase["inputs"] = [];
  for (const [name, , sql] of own.parts.inputs) {
    const query = sql.join("\n").trim();
    overrides.set(name, sql.join("\n"));
    const found = index.find({ name });
    inputs.push({ target: "message" in found ? { schema: config.defaultSchema, name } : found.target, query });
  }
  const rendered = renderer.render(dataset, { incremental: false, inputOverrides: overrides });
  if (!rendered) return undefined;
  // An input the model never refs would be ignored, and the test would read the real table instead.
  const reads = renderer.render(dataset, { incremental: false })?.dependencies ?? new Map<string, Target>();
  const read = [...reads.values()].map((target) => target.name);
  for (const [name, offset] of own.parts.inputs) {
    const found = index.find({ name });
    if (!("message" in found) && (reads.has(found.id) || read.includes(found.target.name))) continue;
    const suggestion = didYouMean(name, read);
    diagnostics.push({
      code: "test-input",
      message: `input "${name}" is not read by ${dataset.target.name}, which reads ${read.length ? read.map((r) => `"${r}"`).join(", ") : "no other model"}`,
      hint: suggestion ? `did you mean "${suggestion}"?` : `give the inputs ${dataset.target.name} refs`,
      location: at(offset),
    });
  }
  return {
    name: test.config.name ?? test.baseName,
    fileName: test.file.path,
    dataset: dataset.id,
    inputs,
    testQuery: rendered.parts.query.join("\n").trim(),
    expectedOutputQuery: own.parts.query.join("\n").trim(),
  };
}
