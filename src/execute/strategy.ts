import type { Action, ActionType, CompiledGraph } from "../graph/schema.js";
import type { ResolvedProfile } from "../config/profiles.js";
import type { EngineAdapter, ExecuteOptions, ExecuteResult, Row } from "../engines/adapter.js";

/**
 * One execution strategy per action kind. A strategy sees the action, a connection to its
 * engine target and the run's options; it picks SQL patterns by the adapter's capability flags
 * and the dialect's templates, never by engine name.
 */

/** Per-action state kept between runs (in the engine, schema _sluice). */
export interface ActionState {
  actionId: string;
  lastSuccessAt?: string;
  dataFingerprint?: string;
  /** Incremental models and transfers: the high-water mark of what has been processed. */
  watermark?: string;
  /** Free-form per-strategy memory (e.g. row counts of upstream data at last build). */
  extra?: Record<string, unknown>;
}

export interface StateStore {
  get(actionId: string): Promise<ActionState | undefined>;
  /** Writes through the given adapter so it can join the strategy's transaction. */
  put(state: ActionState, adapter?: EngineAdapter): Promise<void>;
  /**
   * Forgets what an attempt that then failed wrote through an adapter: its transaction rolled
   * back, so a retry must see the state as it was (a watermark read back too early skips rows).
   */
  discard(actionId: string): Promise<void>;
}

export interface StrategyContext {
  action: Action;
  graph: CompiledGraph;
  profile: ResolvedProfile;
  /** Connection to the action's own engine target. */
  adapter: EngineAdapter;
  /** Connection to another target of the profile (transfers read the source side). */
  adapterFor(targetName: string): Promise<EngineAdapter>;
  state: StateStore;
  runId: string;
  fullRefresh: boolean;
  /** When true, run() records statements without executing them. */
  dryRun: boolean;
  signal: AbortSignal;
  /** Executes one statement on the action's adapter and records it in the run results. */
  run(sql: string, options?: ExecuteOptions): Promise<ExecuteResult>;
  /** Reads rows (introspection, assertion samples); recorded too. */
  query(sql: string, options?: ExecuteOptions): Promise<Row[]>;
  log(message: string): void;
}

export interface ExpectationCount {
  action: "warn" | "drop" | "fail";
  violations: number;
}

export interface StrategyOutcome {
  status: "success" | "failed" | "up_to_date";
  rowsAffected?: number | null;
  /** Assertions: how many rows violated it and a sample of them. */
  assertion?: { violations: number; sample: Row[] };
  expectations?: Record<string, ExpectationCount>;
  ingest?: { files: number; rows: number; quarantined: number; quarantineReasons: Record<string, number> };
  transfer?: { rows: number; watermark?: string };
  message?: string;
  /** The state to remember after success (watermark, etc.). */
  state?: Partial<ActionState>;
}

export interface ExecutionStrategy {
  readonly type: ActionType;
  execute(context: StrategyContext): Promise<StrategyOutcome>;
}
