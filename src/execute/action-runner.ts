import type { Action, CompiledGraph } from "../graph/schema.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineAdapter, Row } from "../engines/adapter.js";
import { SluiceError, errorMessage } from "../errors.js";
import type { StateStore, StrategyContext, StrategyOutcome } from "./strategy.js";
import { strategyFor } from "./strategies/index.js";
import type { ActionResult } from "./results.js";

/**
 * Runs one action through its strategy: builds the strategy context (statements recorded,
 * nothing sent in a dry run), retries transient engine errors with exponential backoff, writes
 * the action's state after a success and turns the outcome into an ActionResult.
 */
export interface ActionRunEnvironment {
  graph: CompiledGraph;
  profile: ResolvedProfile;
  runId: string;
  fullRefresh: boolean;
  dryRun: boolean;
  signal: AbortSignal;
  state: StateStore;
  adapterFor(targetName: string): Promise<EngineAdapter>;
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
  for (;;) {
    attempts++;
    statements = [];
    try {
      adapter ??= await env.adapterFor(action.targetName);
      const recorded = { byStrategy: false };
      const context = strategyContext(action, adapter, env, statements, recorded);
      const outcome = await strategyFor(action.type).execute(context);
      if (outcome.status !== "failed" && !env.dryRun && !recorded.byStrategy) {
        // Not awaited here: dependents need the data, not the bookkeeping, and bookkeeping rows are
        // batched (one commit for many). A watermark is written at once: losing it would move data
        // twice. The run waits for every state write before it ends and reports any that failed.
        const urgent = outcome.state?.watermark !== undefined;
        env.stateWritten(
          action.id,
          env.state.put(
            { actionId: action.id, lastSuccessAt: new Date().toISOString(), dataFingerprint: action.fingerprint.data, ...outcome.state },
            urgent ? adapter : undefined,
          ),
        );
      }
      return finish(action, env, { startedAt, attempts, statements, outcome });
    } catch (error) {
      const transient = adapter?.isTransientError(error) ?? false;
      if (transient && attempts < maxAttempts && !env.signal.aborted) {
        const wait = backoffMs * 2 ** (attempts - 1);
        env.log(action.id, `transient error, retrying in ${wait} ms (attempt ${attempts + 1} of ${maxAttempts}): ${env.redact(errorMessage(error))}`);
        await sleep(wait, env.signal);
        continue;
      }
      return finish(action, env, { startedAt, attempts, statements, error });
    }
  }
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

function strategyContext(
  action: Action,
  adapter: EngineAdapter,
  env: ActionRunEnvironment,
  statements: string[],
  recorded: { byStrategy: boolean },
): StrategyContext {
  const queryTag = `sluice:${env.runId}:${action.id}`;
  // A strategy that stores its own state (inside its transaction) spares the runner a second write.
  const state: StateStore = {
    get: (actionId) => env.state.get(actionId),
    put: async (value, through) => {
      await env.state.put(value, through);
      if (value.actionId === action.id) recorded.byStrategy = true;
    },
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
  if (outcome?.ingest) result.ingest = outcome.ingest;
  if (outcome?.transfer) result.transfer = outcome.transfer;
  if (done.error !== undefined) result.error = errorOf(action, done.error, env.redact);
  else if (result.status === "failed") result.error = { message: result.message ?? "failed", fileName: action.fileName, line: action.line };
  return result;
}

function errorOf(action: Action, error: unknown, redact: (text: string) => string): NonNullable<ActionResult["error"]> {
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
  return { message: redact(errorMessage(error)), fileName: action.fileName, line: action.line };
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
