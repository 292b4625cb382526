import { InvalidArgumentError } from "commander";
import { SluiceError, type Diagnostic } from "../errors.js";
import { isCalendarDate, parseRates, type FaultRates } from "../generate/options.js";

/**
 * What counts as "a wrong command line" (exit 2) rather than a failed action or a broken project
 * (exit 1). Commander's own parse errors are exit 2 already; these are the SluiceError codes thrown
 * further in for a value the user typed on the command line.
 */
export const USAGE_ERROR_CODES: ReadonlySet<string> = new Set([
  "usage",
  // src/select/syntax.ts: a selector that cannot be read (`+`, `foo:bar`).
  "selector-syntax",
  // src/zones/archive.ts parseAge: --older-than.
  "archive-age",
  // src/generate/options.ts parseRates and the generator's option checks.
  "generate-rates",
  "generate-option",
  // src/schedule/ticker.ts: --cron / --timezone of `sluice schedule`.
  "schedule-cron",
  "schedule-timezone",
]);

/** Whether every diagnostic of the error is about the command line. */
export function isUsageError(error: SluiceError): boolean {
  return error.diagnostics.length > 0 && error.diagnostics.every((d: Diagnostic) => USAGE_ERROR_CODES.has(d.code));
}

export function usageError(message: string, hint?: string): SluiceError {
  return new SluiceError({ code: "usage", message, hint });
}

/** Commander argument parsers: a bad value fails at parse time with exit 2, before the action touches anything. */
export function wholeNumber(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expects a whole number of ${min} or more`);
    return n;
  };
}

export function calendarDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError("expects a calendar date as YYYY-MM-DD, e.g. 2024-01-01");
  return value;
}

export function faultRates(value: string): Partial<FaultRates> {
  try {
    return parseRates(value);
  } catch (error) {
    if (!(error instanceof SluiceError)) throw error;
    const d = error.diagnostics[0];
    throw new InvalidArgumentError(`${d.message.replace(/^--rates: /, "")}${d.hint ? ` (${d.hint})` : ""}`);
  }
}
