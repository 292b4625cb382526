import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Action, CompiledGraph } from "../graph/schema.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineAdapter, Row } from "../engines/adapter.js";
import { SluiceError, errorMessage } from "../errors.js";
import { ExpectationFailedError } from "../quality/expectations.js";
import type { ActionPlan } from "../select/changes.js";
import type { DataVersions } from "../select/data-versions.js";
import { outputChanged, planActionFromStore, versionsFromStore } from "../select/run-protocol.js";
import type { ActionState, StateStore, StrategyContext, StrategyOutcome } from "./strategy.js";
import { strategyFor } from "./strategies/index.js";
import type { ActionResult } from "./results.js";

/**
 * Runs one action through its strategy: decides from the stored state whether it needs to run
 * at all, builds the strategy context (statements recorded, nothing sent in a dry run), retries
 * transient engine errors with exponential backoff, writes the action's state after a success
 * and turns the outcome into an ActionResult.
 */
export interface ActionRunEnvironment {
  graph: CompiledGraph;
  profile: ResolvedProfile;
  runId: string;
  fullRefresh: boolean;
  /**
   * Only the necessary work: tables, views and assertions whose definition and inputs are
   * unchanged since their last success are reported up to date without running, and incremental
   * models whose logic (or logic upstream) changed are rebuilt from scratch. Off, every action
   * runs as before.
   */
  changedOnly: boolean;
  /**
   * Keep the change-detection versions in each action's state `extra` (always with changedOnly).
   * The run turns it on once the project has used change detection, so that a plain run in
   * between does not leave a later change-detecting run with stale versions.
   */
  trackVersions: boolean;
  dryRun: boolean;
  signal: AbortSignal;
  /** Reads must return this run's writes for actions that already ran. */
  state: StateStore;
  adapterFor(targetName: string): Promise<EngineAdapter>;
  /**
   * The first action to report that its target could not be connected to, or undefined when this
   * action is the first (it reports the error; the others on that target are skipped, naming it).
   */
  connectionFailureReportedBy(targetName: string, actionId: string): string | undefined;
  redact(text: string): string;
  log(actionId: string, message: string): void;
  /** Hands over a pending state write for the run to await. */
  stateWritten(actionId: string, written: Promise<void>): void;
}

export async function runAction(action: Action, env: ActionRunEnvironment): Promise<ActionResult> {
  const startedAt = new Date();
  const { attempts: maxAttempts, backoffMs } = env.profile.retry;
  let statements: string[] = [];
  let attempts = 0;
  let adapter: EngineAdapter | undefined;
  const detect = env.changedOnly || env.trackVersions;
  let planned: Planned | undefined;
  for (;;) {
    attempts++;
    statements = [];
    try {
      adapter ??= await env.adapterFor(action.targetName);
      if (detect) planned ??= await planWithVersions(action, env);
      if (planned?.plan.decision === "up_to_date" && action.type !== "declaration") return upToDateResult(action, planned.plan, startedAt);
      // Before the outcome is known, a strategy that stores its own state stores the versions of a run that changed rows.
      const recorded: RecordedState = { byStrategy: undefined };
      const context = strategyContext(action, adapter, { ...env, fullRefresh: planned?.fullRefresh ?? env.fullRefresh }, statements, recorded, planned?.versionsFor(undefined));
      const outcome = await strategyFor(action.type).execute(context);
      if (outcome.status !== "failed" && !env.dryRun) {
        const final = planned?.versionsFor(outcome.rowsAffected);
        if (!recorded.byStrategy) {
          // Not awaited here: dependents need the data, not the bookkeeping, and bookkeeping rows are
          // batched (one commit for many). A watermark is written at once: losing it would move data
          // twice. The run waits for every state write before it ends and reports any that failed.
          const urgent = outcome.state?.watermark !== undefined;
          const state: ActionState = {
            actionId: action.id,
            lastSuccessAt: new Date().toISOString(),
            dataFingerprint: action.fingerprint.data,
            ...outcome.state,
          };
          if (final) state.extra = { ...outcome.state?.extra, ...final };
          env.stateWritten(action.id, env.state.put(state, urgent ? adapter : undefined));
        } else if (planned && final !== planned.versionsFor(undefined)) {
          // The run wrote no rows after all (an incremental model with nothing new): its downstream need not rebuild.
          const corrected = { ...recorded.byStrategy, extra: { ...recorded.byStrategy.extra, ...final } };
          env.stateWritten(action.id, env.state.put(corrected));
        }
      }
      return finish(action, env, { startedAt, attempts, statements, outcome });
    } catch (error) {
      // The attempt's transaction rolled back: so does what it told the state store.
      await env.state.discard(action.id);
      const transient = adapter?.isTransientError(error) ?? false;
      if (transient && attempts < maxAttempts && !env.signal.aborted) {
        const wait = backoffMs * 2 ** (attempts - 1);
        env.log(action.id, `transient error, retrying in ${wait} ms (attempt ${attempts + 1} of ${maxAttempts}): ${env.redact(errorMessage(error))}`);
        await sleep(wait, env.signal);
        continue;
      }
      // A target that cannot be reached fails one action with its error; the rest on it are skipped.
      const reportedBy = adapter ? undefined : env.connectionFailureReportedBy(action.targetName, action.id);
      if (reportedBy) return { ...skippedResult(action, reportedBy), message: `target ${action.targetName} could not be connected to (see ${reportedBy})` };
      return finish(action, env, { startedAt, attempts, statements, error });
    }
  }
}

interface Planned {
  plan: ActionPlan;
  fullRefresh: boolean;
  /** The version fields a success stores, by whether the run changed the action's rows. */
  versionsFor(rowsAffected: number | null | undefined): DataVersions;
}

/** The plan and, worked out before anything runs (the strategy may store state itself), the versions a success will store. */
async function planWithVersions(action: Action, env: ActionRunEnvironment): Promise<Planned> {
  const plan = await planFor(action, env);
  const changed = await versionsFromStore(action, plan, env.state, env.runId, true);
  const unchanged = await versionsFromStore(action, plan, env.state, env.runId, false);
  return {
    plan,
    // Rows processed by old logic are stale: an incremental model rebuilt for a definition change starts over.
    fullRefresh: env.fullRefresh || (env.changedOnly && (action.type === "incremental" || action.type === "transfer") && plan.decision === "rebuild"),
    versionsFor: (rowsAffected) => (outputChanged(plan, rowsAffected) ? changed : unchanged),
  };
}

/**
 * What this action needs, from its own and its dependencies' state. Without change detection
 * everything runs; an up-to-date action that runs anyway is counted as maybe producing new data
 * (nothing tells us it did not: an external source may have changed), so its downstream is never stale.
 */
async function planFor(action: Action, env: ActionRunEnvironment): Promise<ActionPlan> {
  const plan = await planActionFromStore(action, env.state, env.fullRefresh);
  if (env.changedOnly || plan.decision !== "up_to_date" || action.type === "declaration") return plan;
  return { ...plan, decision: "rebuild", cause: "data", reason: "runs on every run without --changed-only" };
}

function upToDateResult(action: Action, plan: ActionPlan, startedAt: Date): ActionResult {
  const endedAt = new Date();
  return {
    id: action.id,
    type: action.type,
    targetName: action.targetName,
    engine: action.engine,
    status: "up_to_date",
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    attempts: 0,
    rowsAffected: null,
    statements: [],
    message: plan.reason,
  };
}

/** An action never attempted: an upstream action failed (or the run was interrupted). */
export function skippedResult(action: Action, because: string): ActionResult {
  return {
    id: action.id,
    type: action.type,
    targetName: action.targetName,
    engine: action.engine,
    status: "skipped",
    durationMs: 0,
    attempts: 0,
    rowsAffected: null,
    statements: [],
    skippedBecause: because,
    message: because === "interrupted" || because === "dependency cycle" ? because : `upstream ${because} did not succeed`,
  };
}

/** The state a strategy stored for its own action, if it did (inside its transaction). */
interface RecordedState {
  byStrategy: ActionState | undefined;
}

function strategyContext(
  action: Action,
  adapter: EngineAdapter,
  env: ActionRunEnvironment,
  statements: string[],
  recorded: RecordedState,
  versions: DataVersions | undefined,
): StrategyContext {
  const queryTag = `sluice:${env.runId}:${action.id}`;
  // A strategy that stores its own state (inside its transaction) spares the runner a second write;
  // the change-detection versions ride along in the same row.
  const state: StateStore = {
    get: (actionId) => env.state.get(actionId),
    put: async (value, through) => {
      const own = value.actionId === action.id;
      const stored = own && versions ? { ...value, extra: { ...value.extra, ...versions } } : value;
      await env.state.put(stored, through);
      if (own) recorded.byStrategy = stored;
    },
    discard: (actionId) => env.state.discard(actionId),
  };
  return {
    action,
    graph: env.graph,
    profile: env.profile,
    adapter,
    adapterFor: env.adapterFor,
    state,
    runId: env.runId,
    fullRefresh: env.fullRefresh,
    dryRun: env.dryRun,
    signal: env.signal,
    async run(sql, options) {
      statements.push(sql);
      if (env.dryRun) return { rowsAffected: null };
      return adapter.execute(sql, { queryTag, ...options });
    },
    async query(sql, options): Promise<Row[]> {
      statements.push(sql);
      if (env.dryRun) return [];
      return adapter.queryAll(sql, { queryTag, ...options });
    },
    log: (message) => env.log(action.id, message),
  };
}

interface Finished {
  startedAt: Date;
  attempts: number;
  statements: string[];
  outcome?: StrategyOutcome;
  error?: unknown;
}

function finish(action: Action, env: ActionRunEnvironment, done: Finished): ActionResult {
  const endedAt = new Date();
  const { outcome } = done;
  const result: ActionResult = {
    id: action.id,
    type: action.type,
    targetName: action.targetName,
    engine: action.engine,
    status: done.error !== undefined ? "failed" : (outcome?.status ?? "failed"),
    startedAt: done.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - done.startedAt.getTime(),
    attempts: done.attempts,
    rowsAffected: outcome?.rowsAffected ?? null,
    statements: done.statements.map(env.redact),
  };
  if (outcome?.message) result.message = env.redact(outcome.message);
  if (outcome?.assertion) result.assertion = { ...outcome.assertion, severity: action.severity ?? "error" };
  if (outcome?.expectations) result.expectations = outcome.expectations;
  // A `fail` rule stops the model; what every rule counted still belongs in the results.
  else if (done.error instanceof ExpectationFailedError) result.expectations = done.error.counts;
  if (outcome?.ingest) result.ingest = outcome.ingest;
  if (outcome?.transfer) result.transfer = outcome.transfer;
  if (done.error !== undefined) result.error = errorOf(action, done.error, env.redact, env.profile.projectDir);
  else if (result.status === "failed") result.error = { message: result.message ?? "failed", fileName: action.fileName, line: action.line };
  return result;
}

function errorOf(action: Action, error: unknown, redact: (text: string) => string, projectDir: string): NonNullable<ActionResult["error"]> {
  if (error instanceof SluiceError) {
    const first = error.diagnostics[0];
    const hint = first?.hint ? ` (hint: ${first.hint})` : "";
    return {
      message: redact(error.diagnostics.map((d) => d.message).join("; ") + hint),
      fileName: first?.location?.file ?? action.fileName,
      line: first?.location?.line ?? action.line,
      code: first?.code,
    };
  }
  const message = errorMessage(error);
  return { message: redact(message), fileName: action.fileName, line: sourceLineOf(message, action, projectDir) ?? action.line };
}

/**
 * The line of the action's file that an engine error points at. Engines that echo the failing
 * line of the statement (`LINE 14:   max(x) AS AS state`, as DuckDB does) number it within the
 * statement Sluice generated, not the file; the echoed text, found on exactly one line of the
 * file, gives the line the user wrote.
 */
export function sourceLineOf(message: string, action: Pick<Action, "fileName">, projectDir: string): number | undefined {
  const echoed = /^LINE \d+:(.*)$/m.exec(message)?.[1];
  const text = echoed?.replace(/\s+/g, " ").trim();
  if (!text || text.length < 4 || !action.fileName) return undefined;
  let source: string;
  try {
    source = readFileSync(join(projectDir, action.fileName), "utf8");
  } catch {
    return undefined;
  }
  const lines = source.split("\n").map((line) => line.replace(/\s+/g, " ").trim());
  const unique = (needle: string) => {
    const found = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
    return found.length === 1 ? found[0] : undefined;
  };
  // The echo may be cut to a window around the error ("...") and hold text a ${…} produced:
  // try it whole, then ever shorter tails and heads of its longest plain run, word by word.
  const run = text.split("...").map((part) => part.trim()).sort((a, b) => b.length - a.length)[0] ?? "";
  const words = run.split(" ");
  const candidates = [run];
  for (let cut = 1; cut < words.length; cut++) candidates.push(words.slice(cut).join(" "), words.slice(0, words.length - cut).join(" "));
  for (const needle of candidates) {
    if (needle.length < 8) continue;
    const line = unique(needle);
    if (line !== undefined) return line;
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
