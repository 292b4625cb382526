import { Cron } from "croner";
import { SluiceError } from "../errors.js";

/** Something that calls back on a schedule. Injected so the scheduler's logic is tested without waiting on a clock. */
export interface Ticker {
  /** Starts calling onTick; returns a function that stops it. */
  start(onTick: () => void): () => void;
  /** When the next tick is due, for the log; undefined when unknown. */
  nextTick?(): Date | undefined;
}

export interface CronTickerOptions {
  /** IANA time zone the pattern is read in; defaults to the machine's. */
  timezone?: string;
}

/** Checks a cron pattern now, so `sluice schedule` fails at start rather than never ticking. */
export function validateCron(pattern: string, options: CronTickerOptions = {}): void {
  // Checked first and on its own: croner reports an unknown zone as a failure of the pattern.
  if (options.timezone !== undefined) validateTimezone(options.timezone);
  try {
    const probe = new Cron(pattern, { paused: true, timezone: options.timezone });
    const next = probe.nextRun();
    probe.stop();
    if (!next) throw new Error("the pattern never matches a future time");
  } catch (error) {
    throw new SluiceError({
      message: `invalid cron pattern "${pattern}": ${(error as Error).message}`,
      hint: 'five fields (minute hour day month weekday), e.g. "*/5 * * * *"; a sixth leading field gives seconds',
      code: "schedule-cron",
    });
  }
}

/** An IANA time zone name the runtime knows, e.g. Europe/Berlin or UTC. */
export function validateTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new SluiceError({
      message: `unknown time zone "${timezone}"`,
      hint: "an IANA time zone name, e.g. UTC, Europe/Berlin, America/New_York",
      code: "schedule-timezone",
    });
  }
}

/** A ticker driven by croner. Overlap is handled by the scheduler, not croner, so skips are logged our way. */
export function cronTicker(pattern: string, options: CronTickerOptions = {}): Ticker {
  validateCron(pattern, options);
  let job: Cron | undefined;
  return {
    start(onTick) {
      job = new Cron(pattern, { timezone: options.timezone }, () => onTick());
      return () => job?.stop();
    },
    nextTick() {
      return job?.nextRun() ?? undefined;
    },
  };
}
