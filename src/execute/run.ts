import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import type { CompiledGraph } from "../graph/schema.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { SluiceContext } from "../context.js";
import type { Action } from "../graph/schema.js";
import type { EngineAdapter } from "../engines/adapter.js";
import { planRun } from "../plan/plan.js";
import type { Selection } from "../plan/select.js";
import { acquireRunLock, type RunLock } from "../state/lock.js";
import { EngineStateStore } from "../state/store.js";
import { VERSION } from "../version.js";
import { runAction, skippedResult } from "./action-runner.js";
import { TargetConnections, checkTargetSettings } from "./connections.js";
import { countTotals, redactResults, runResultsPath, writeRunResults, type ActionResult, type RunResults } from "./results.js";
import { runScheduled } from "./scheduler.js";
import { criticalPathPriorities, previousDurations } from "../plan/priority.js";
import type { ActionState, StateStore } from "./strategy.js";
import { dataVersions } from "../select/data-versions.js";

/**
 * Runs a compiled graph: plan the selection, take the run lock, connect each engine target once,
 * run the actions in dependency order, write target/run_results.json. Callable in-process
 * (`npm start`, tests) as well as from `sluice run`.
 */
export interface RunOptions extends Selection {
  fullRefresh?: boolean;
  /**
   * Only the necessary work (what a scheduled run wants): tables, views and assertions whose
   * definition and inputs are unchanged since their last success are reported up to date and not
   * run; incremental models whose logic or upstream logic changed are rebuilt from scratch; ingest,
   * transfers, operations and incremental models still run every time to pick up new data.
   * Default false: every selected action runs.
   */
  changedOnly?: boolean;
  /** Record the statements without running anything, opening only what exists, writing nothing. */
  dryRun?: boolean;
  /** Actions at once; default the machine's available parallelism. */
  concurrency?: number;
  /** How long to wait for another run's lock (seconds); 0 stops at once. */
  lockTimeoutSeconds?: number;
  /** Extra facts recorded under run_results.args (e.g. the CLI's --vars). */
  args?: Record<string, unknown>;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Defaults to <projectDir>/target/run_results.json; false writes no file. */
  resultsPath?: string | false;
}

export type RunEvent =
  | { kind: "plan"; runId: string; total: number; dryRun: boolean }
  | { kind: "start"; actionId: string }
  | { kind: "finish"; result: ActionResult }
  | { kind: "log"; actionId: string; message: string };

/** A loaded project (SluiceContext) or a graph and profile built by other means (tests, benchmarks). */
export interface GraphInput {
  graph: CompiledGraph;
  profile: ResolvedProfile;
  redact?: (text: string) => string;
}

export async function runGraph(input: SluiceContext | GraphInput, options: RunOptions = {}): Promise<RunResults> {
  const { graph, profile, redact } = resolveInput(input);
  const runId = randomUUID();
  const dryRun = options.dryRun ?? false;
  const fullRefresh = options.fullRefresh ?? false;
  const startedAt = new Date();
  const plan = planRun(graph, options);
  const targetNames = [...new Set(plan.actions.map((a) => a.targetName))];
  // A target without its credentials fails the run here, once, before the lock or any action.
  await checkTargetSettings(profile, targetNames);
  /** Read for the previous run's durations (scheduling), then overwritten with this run's. */
  const resultsPath = options.resultsPath ?? runResultsPath(profile.projectDir);
  const emit = options.onEvent ?? (() => {});
  emit({ kind: "plan", runId, total: plan.actions.length, dryRun });

  const lock: RunLock | undefined = dryRun
    ? undefined
    : await acquireRunLock({
        dataDir: profile.dataDir,
        profile: profile.name,
        runId,
        timeoutSeconds: options.lockTimeoutSeconds ?? 0,
        log: (message) => emit({ kind: "log", actionId: "run lock", message }),
      });
  const connections = new TargetConnections(profile, { redact, runId, dryRun });
  const connect = (targetName: string) => connections.connect(targetName);
  const state = new EngineStateStore(plan.actions, connect, runId, dryRun);
  const runState = new RunStateStore(state, graph.actions, plan.actions, connect, runId);
  const ready = new Map<string, Promise<EngineAdapter>>();
  /** A connected target whose state table is ready (so no state DDL runs inside an action's transaction). */
  const adapterFor = (targetName: string): Promise<EngineAdapter> => {
    let pending = ready.get(targetName);
    if (!pending) {
      pending = dryRun ? connect(targetName) : state.prepareTarget(targetName).then(() => connect(targetName));
      pending.catch(() => undefined);
      ready.set(targetName, pending);
    }
    return pending;
  };
  // Every target the plan uses is connected (and its state table readied) from the start, beside
  // the first actions: a file created or a session opened late would sit on the critical path.
  // A remote target's failure stays in the promise and is reported by the first action that needs
  // the target; a local file that cannot be opened (locked by another process) fails the run below.
  for (const targetName of targetNames) adapterFor(targetName);
  const signal = options.signal ?? new AbortController().signal;
  const onAbort = () => connections.cancelAll();
  signal.addEventListener("abort", onAbort, { once: true });

  const results = new Map<string, ActionResult>();
  /** Per target: the action that reported it could not be connected to. */
  const connectionFailures = new Map<string, string>();
  const stateWrites: { actionId: string; written: Promise<void> }[] = [];
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  try {
    await connections.openLocal(targetNames);
    const env = {
      graph,
      profile,
      runId,
      fullRefresh,
      changedOnly: options.changedOnly ?? false,
      trackVersions: options.changedOnly === true || (await runState.usesChangeDetection(plan.actions)),
      dryRun,
      signal,
      state: runState,
      adapterFor,
      connectionFailureReportedBy: (targetName: string, actionId: string) => {
        const first = connectionFailures.get(targetName);
        if (first === undefined) connectionFailures.set(targetName, actionId);
        return first;
      },
      redact,
      log: (actionId: string, message: string) => emit({ kind: "log", actionId, message: redact(message) }),
      stateWritten: (actionId: string, written: Promise<void>) => {
        written.catch(() => undefined);
        stateWrites.push({ actionId, written });
      },
    };
    const priorities = criticalPathPriorities(
      plan.actions.map((a) => a.id),
      plan.waitsFor,
      previousDurations(resultsPath),
    );
    await runScheduled(
      plan.actions.map((a) => ({ id: a.id, waitsFor: plan.waitsFor.get(a.id) ?? [], priority: priorities.get(a.id) })),
      options.concurrency ?? availableParallelism(),
      {
        signal,
        run: async (id) => {
          emit({ kind: "start", actionId: id });
          const result = await runAction(byId.get(id)!, env);
          results.set(id, result);
          emit({ kind: "finish", result });
          return result.status === "success" || result.status === "up_to_date";
        },
        skip: (id, because) => {
          const result = skippedResult(byId.get(id)!, because);
          results.set(id, result);
          emit({ kind: "finish", result });
        },
      },
    );
    // The data is built; a state write that failed is reported on its action, which stays a success.
    await state.flush();
    for (const { actionId, written } of stateWrites) {
      const error = await written.then(() => undefined, (e: unknown) => e);
      const result = results.get(actionId);
      if (error !== undefined && result) {
        const note = `state not saved: ${redact(error instanceof Error ? error.message : String(error))}`;
        result.message = result.message ? `${result.message}; ${note}` : note;
        emit({ kind: "log", actionId, message: note });
      }
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    await connections.closeAll();
    lock?.release();
  }

  const endedAt = new Date();
  const actions = plan.actions.map((a) => results.get(a.id)!);
  const runResults: RunResults = redactResults({
    runId,
    sluiceVersion: VERSION,
    profile: profile.name,
    dryRun,
    fullRefresh,
    args: {
      changedOnly: options.changedOnly ?? false,
      actions: options.actions ?? [],
      tags: options.tags ?? [],
      includeDeps: options.includeDeps ?? false,
      includeDependents: options.includeDependents ?? false,
      concurrency: options.concurrency ?? availableParallelism(),
      ...options.args,
    },
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    totals: countTotals(actions),
    actions,
  }, redact);
  // A dry run touches nothing, not even the results file.
  if (!dryRun && resultsPath !== false) writeRunResults(resultsPath, runResults);
  return runResults;
}

function resolveInput(input: SluiceContext | GraphInput): Required<GraphInput> {
  if (isContext(input)) return { graph: input.compile(), profile: input.profile, redact: input.redact };
  return { graph: input.graph, profile: input.profile, redact: input.redact ?? ((text) => text) };
}

function isContext(input: SluiceContext | GraphInput): input is SluiceContext {
  return typeof (input as Partial<SluiceContext>).compile === "function";
}

/**
 * The state the run's actions read and write. Reads see this run's writes at once (a dependent
 * plans from what its dependencies just did). Dependencies outside the selection are read, never
 * written, from their own targets: `run --select b` must see that a is unchanged, not missing.
 */
class RunStateStore implements StateStore {
  private readonly written = new Map<string, ActionState>();
  private readonly selected: Set<string>;
  private readonly outside: EngineStateStore;

  constructor(
    private readonly store: EngineStateStore,
    all: Action[],
    selected: Action[],
    connect: (targetName: string) => Promise<EngineAdapter>,
    runId: string,
  ) {
    this.selected = new Set(selected.map((a) => a.id));
    this.outside = new EngineStateStore(all.filter((a) => !this.selected.has(a.id)), connect, runId, true);
  }

  async get(actionId: string): Promise<ActionState | undefined> {
    const known = this.written.get(actionId);
    if (known) return known;
    return this.selected.has(actionId) ? this.store.get(actionId) : this.outside.get(actionId);
  }

  /**
   * Whether any selected action's state holds change-detection versions: the project has run with
   * --changed-only, so every run keeps the versions current. A state that cannot be read counts as
   * none here; the action that needs it reports the error.
   */
  async usesChangeDetection(actions: Action[]): Promise<boolean> {
    for (const action of actions) {
      const state = await this.get(action.id).catch(() => undefined);
      if (dataVersions(state).definitionVersion !== undefined) return true;
    }
    return false;
  }

  put(state: ActionState, adapter?: EngineAdapter): Promise<void> {
    if (this.selected.has(state.actionId)) this.written.set(state.actionId, state);
    return this.store.put(state, adapter);
  }

  async discard(actionId: string): Promise<void> {
    this.written.delete(actionId);
    await this.store.discard(actionId);
  }
}
