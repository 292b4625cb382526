import type { Action, ActionType, CompiledGraph, EngineKind } from "../graph/schema.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { Capabilities, EngineAdapter } from "../engines/adapter.js";
import { capabilitiesFor, dialectFor } from "../engines/registry.js";
import { STATEMENT_SEPARATOR } from "../engines/template-dialect.js";
import { SluiceError } from "../errors.js";
import { runAction, type ActionRunEnvironment } from "../execute/action-runner.js";
import type { ActionStatus } from "../execute/results.js";
import type { StateStore } from "../execute/strategy.js";
import { planRun } from "../plan/plan.js";
import type { Selection } from "../plan/select.js";
import { OfflineAdapter } from "./offline-adapter.js";
import { RENDER_CLOCK, RENDER_RUN_ID, SCENARIO_NAMES, scenario, type Scenario, type ScenarioName } from "./scenarios.js";

/**
 * Renders, without any connection, the statements each action would send to its engine: every
 * action goes through the real runner (runAction) and its real strategy in dry-run mode, against
 * offline adapters that carry the engine's real dialect and capability flags and answer
 * introspection from a scenario. Each action renders on fresh adapters, so its statements do not
 * depend on which actions rendered before it (a real run creates a schema once, here every
 * first build shows its CREATE SCHEMA).
 */
export interface RenderInput {
  graph: CompiledGraph;
  profile: ResolvedProfile;
  redact?: (text: string) => string;
}

export interface RenderOptions extends Selection {
  scenarios?: readonly ScenarioName[];
}

export interface RenderedStatement {
  engine: EngineKind;
  /** One statement as the adapter sends it (multi-statement templates split on their `;;` lines). */
  sql: string;
  /** Sent to the adapter directly during the dry run rather than recorded by the runner. */
  direct?: true;
}

export interface RenderedScenario {
  scenario: ScenarioName;
  assumes: string;
  status: ActionStatus;
  statements: RenderedStatement[];
  logs: string[];
  message?: string;
  error?: string;
}

export interface RenderedAction {
  id: string;
  type: ActionType;
  engine: EngineKind;
  targetName: string;
  fileName: string;
  line?: number;
  scenarios: RenderedScenario[];
}

export async function renderActions(input: RenderInput, options: RenderOptions = {}): Promise<RenderedAction[]> {
  const { graph, profile } = input;
  const redact = input.redact ?? ((text: string) => text);
  const capabilities = await targetCapabilities(profile);
  const actions = planRun(graph, options).actions;
  const rendered: RenderedAction[] = [];
  for (const action of actions) {
    const scenarios: RenderedScenario[] = [];
    for (const name of options.scenarios ?? SCENARIO_NAMES) {
      scenarios.push(await renderScenario(action, scenario(name, graph), { graph, profile, redact, capabilities }));
    }
    rendered.push({
      id: action.id,
      type: action.type,
      engine: action.engine,
      targetName: action.targetName,
      fileName: action.fileName,
      ...(action.line !== undefined ? { line: action.line } : {}),
      scenarios,
    });
  }
  return rendered;
}

interface RenderEnvironment {
  graph: CompiledGraph;
  profile: ResolvedProfile;
  redact: (text: string) => string;
  capabilities: Map<string, Capabilities>;
}

async function renderScenario(action: Action, current: Scenario, renderEnv: RenderEnvironment): Promise<RenderedScenario> {
  const { profile, capabilities } = renderEnv;
  const adapters = new Map<string, OfflineAdapter>();
  const adapterFor = async (targetName: string): Promise<EngineAdapter> => {
    let adapter = adapters.get(targetName);
    if (!adapter) {
      const target = profile.targets[targetName];
      const flags = capabilities.get(targetName);
      if (!target || !flags) {
        throw new SluiceError({ code: "config", message: `profile "${profile.name}" has no target "${targetName}"`, location: { file: "profiles.yaml" } });
      }
      adapter = new OfflineAdapter(target.engine, targetName, flags, dialectFor(target.engine), current);
      adapters.set(targetName, adapter);
    }
    return adapter;
  };
  const state: StateStore = {
    get: async (actionId) => current.state(actionId),
    // A dry run stores nothing; the runner does not call this then.
    put: async () => undefined,
    discard: async () => undefined,
  };
  const logs: string[] = [];
  const env: ActionRunEnvironment = {
    graph: renderEnv.graph,
    profile,
    runId: RENDER_RUN_ID,
    fullRefresh: current.fullRefresh,
    // Every action renders, as on a run without --changed-only.
    changedOnly: false,
    trackVersions: false,
    dryRun: true,
    signal: new AbortController().signal,
    state,
    adapterFor,
    // Offline adapters always "connect": every action renders its own statements.
    connectionFailureReportedBy: () => undefined,
    redact: renderEnv.redact,
    log: (_actionId, message) => logs.push(renderEnv.redact(message)),
    stateWritten: () => undefined,
  };

  const window = { from: Date.now(), to: 0 };
  const result = await runAction(action, env);
  window.to = Date.now();
  // Golden files must not depend on the machine: a local path (a zone under the project) shows as <project>.
  const pin = (text: string) => pinTimestamps(text, window).split(profile.projectDir).join(PROJECT_PLACEHOLDER);

  const statements: RenderedStatement[] = result.statements.flatMap((sql) => split(sql).map((piece) => ({ engine: action.engine, sql: pin(piece) })));
  for (const adapter of adapters.values()) {
    for (const sql of adapter.sent) for (const piece of split(sql)) statements.push({ engine: adapter.engine, sql: pin(renderEnv.redact(piece)), direct: true });
  }
  return {
    scenario: current.name,
    assumes: current.assumes,
    status: result.status,
    statements,
    logs: logs.map(pin),
    ...(result.message !== undefined ? { message: pin(result.message) } : {}),
    ...(result.error ? { error: pin(result.error.message) } : {}),
  };
}

/** Capability flags per target of the profile, read from each engine's adapter module without connecting. */
async function targetCapabilities(profile: ResolvedProfile): Promise<Map<string, Capabilities>> {
  const flags = new Map<string, Capabilities>();
  for (const [name, target] of Object.entries(profile.targets)) flags.set(name, await capabilitiesFor(target.engine));
  return flags;
}

/** As the adapters send it: pieces on `;;` lines, trimmed, empty ones (Delta's BEGIN) dropped. */
function split(sql: string): string[] {
  return sql
    .split(STATEMENT_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Stands for the project's absolute directory in rendered text. */
export const PROJECT_PLACEHOLDER = "<project>";

const TIMESTAMP = /\b(\d{4}-\d{2}-\d{2})([T ])(\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z?)/g;

/**
 * Strategies stamp some statements with the wall clock (an ingest batch's _ingested_at). A
 * timestamp that falls inside the rendering's own time window can only come from that clock, so
 * it is pinned to RENDER_CLOCK in the same shape; any other timestamp (in the project's SQL) stays.
 */
export function pinTimestamps(text: string, window: { from: number; to: number }): string {
  const [pinnedDate, pinnedTime] = RENDER_CLOCK.replace("Z", "").split("T");
  const [pinnedSeconds, pinnedFraction] = pinnedTime.split(".");
  return text.replace(TIMESTAMP, (match, date: string, sep: string, time: string, fraction: string | undefined, zone: string) => {
    const ms = Date.parse(`${date}T${time}${fraction ? fraction.slice(0, 4) : ""}Z`);
    // Timestamps are stamped at millisecond precision: allow the millisecond either side.
    if (Number.isNaN(ms) || ms < window.from - 1 || ms > window.to + 1) return match;
    const pinnedFractionText = fraction ? `.${pinnedFraction.padEnd(fraction.length - 1, "0").slice(0, fraction.length - 1)}` : "";
    return `${pinnedDate}${sep}${pinnedSeconds}${pinnedFractionText}${zone}`;
  });
}
