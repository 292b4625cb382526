import { SluiceError, errorMessage } from "../errors.js";
import type { Ticker } from "./ticker.js";

/**
 * Runs `runOnce` on every tick, one run at a time. Two guards, because they fail differently:
 * the in-process guard skips a tick while this scheduler's previous run is still going; the
 * runner's own run lock (src/state/lock.ts) refuses a run while another process (a manual
 * `sluice run`, a second scheduler) is writing, and that refusal is logged as a skip.
 * Stopping aborts the signal handed to the current run, so the runner can finish (or roll back)
 * the action in progress and skip the rest, and waits for it before resolving.
 */
export interface SchedulerOptions {
  ticker: Ticker;
  /** One incremental run; resolves to its exit code. Must honour the signal. */
  runOnce: (signal: AbortSignal) => Promise<number>;
  log?: (message: string) => void;
}

export interface SchedulerStats {
  /** Runs that ran to an exit code (a lock refusal does not count). */
  runs: number;
  skippedBusy: number;
  skippedLocked: number;
  failed: number;
}

export class Scheduler {
  readonly stats: SchedulerStats = { runs: 0, skippedBusy: 0, skippedLocked: 0, failed: 0 };
  private current: Promise<number> | undefined;
  private stopTicker: (() => void) | undefined;
  private readonly abort = new AbortController();
  private lastExitCode = 0;
  private runNumber = 0;
  private stopping: Promise<number> | undefined;
  private readonly log: (message: string) => void;

  constructor(private readonly options: SchedulerOptions) {
    this.log = options.log ?? (() => {});
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  start(): void {
    if (this.stopTicker || this.stopping) return;
    this.stopTicker = this.options.ticker.start(() => this.tick());
    this.logNext();
  }

  /** One tick; public so a ticker or a test can drive it. Returns the run it started, if any. */
  tick(): Promise<number> | undefined {
    if (this.stopping) return undefined;
    if (this.current) {
      this.stats.skippedBusy++;
      this.log("tick skipped: previous run still running");
      return undefined;
    }
    // Set synchronously, before any await, so a tick arriving meanwhile sees the run as going.
    const run = this.runLocked()
      .catch((error: unknown) => {
        // e.g. the lock file could not be written: log it and keep scheduling, never an unhandled rejection.
        this.stats.failed++;
        this.log(`tick failed: ${errorMessage(error)}`);
        return 1;
      })
      .finally(() => {
        this.current = undefined;
        this.logNext();
      });
    this.current = run;
    return run;
  }

  /** Stops ticking, asks the current run to wind down, waits for it; resolves to the exit code. */
  stop(reason = "stop requested"): Promise<number> {
    this.stopping ??= (async () => {
      this.stopTicker?.();
      this.stopTicker = undefined;
      const current = this.current;
      if (current) this.log(`${reason}: letting the running action finish, then exiting`);
      else this.log(`${reason}: exiting`);
      this.abort.abort(new Error(reason));
      if (current) await current;
      return this.lastExitCode;
    })();
    return this.stopping;
  }

  private async runLocked(): Promise<number> {
    {
      if (this.abort.signal.aborted) return this.lastExitCode;
      const number = ++this.runNumber;
      const started = Date.now();
      this.log(`run ${number} started`);
      let code: number;
      try {
        code = await this.options.runOnce(this.abort.signal);
      } catch (error) {
        // The runner takes the run lock itself; another process holding it is a skip, not a failure.
        if (isRunLocked(error)) return this.skipLocked();
        this.log(`run ${number} crashed: ${errorMessage(error)}`);
        code = 1;
      }
      this.stats.runs++;
      if (code !== 0) this.stats.failed++;
      this.lastExitCode = code;
      this.log(`run ${number} finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return code;
    }
  }

  private skipLocked(): number {
    this.stats.skippedLocked++;
    this.log("tick skipped: another run holds the run lock");
    return this.lastExitCode;
  }

  private logNext(): void {
    const next = this.stopping ? undefined : this.options.ticker.nextTick?.();
    if (next) this.log(`next tick at ${next.toISOString()}`);
  }
}

/** The runner's lock refusal (src/state/lock.ts, code "run-locked"). */
function isRunLocked(error: unknown): boolean {
  return error instanceof SluiceError && error.diagnostics.some((diagnostic) => diagnostic.code === "run-locked");
}

export interface ScheduleUntilSignalOptions extends SchedulerOptions {
  /** Where SIGINT/SIGTERM come from; process by default, an EventEmitter in tests. */
  signals?: Pick<NodeJS.Process, "on" | "off">;
  /** Run once right away as well as on every tick. */
  startNow?: boolean;
}

/**
 * Runs the scheduler until SIGINT or SIGTERM, then stops it gracefully and resolves to the exit
 * code (the last run's). Our handlers are removed at the first signal, so a second Ctrl-C reaches
 * Node's default handler and kills the process: an impatient user is never stuck.
 */
export async function scheduleUntilSignal(options: ScheduleUntilSignalOptions): Promise<number> {
  const signals = options.signals ?? process;
  const scheduler = new Scheduler(options);
  return new Promise<number>((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      signals.off("SIGINT", onSignal);
      signals.off("SIGTERM", onSignal);
      scheduler.stop(`received ${signal}`).then(resolve, reject);
    };
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);
    scheduler.start();
    if (options.startNow) scheduler.tick();
  });
}
