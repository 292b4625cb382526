import { SluiceError } from "../../errors.js";

/** The standard five fields; a six-field pattern (croner's leading seconds) is split off. */
export interface CronFields {
  second: string;
  minute: string;
  hour: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
}

export function cronFields(pattern: string): CronFields {
  const parts = pattern.trim().split(/\s+/);
  if (parts.length === 5) parts.unshift("0");
  if (parts.length !== 6) {
    throw new SluiceError({ message: `cron pattern "${pattern}" needs 5 fields (or 6 with seconds)`, hint: 'e.g. "*/5 * * * *"', code: "schedule-cron" });
  }
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = parts;
  return { second, minute, hour, dayOfMonth, month, dayOfWeek };
}

/**
 * Unix cron → Quartz (Databricks Jobs): seconds first, day-of-week 1–7 from Sunday instead of
 * 0–6, and exactly one of day-of-month / day-of-week must be "?". Quartz cannot express "either
 * this day of month or this weekday" (Unix's OR when both are set), so that is refused.
 */
export function toQuartz(pattern: string): string {
  const f = cronFields(pattern);
  const domSet = f.dayOfMonth !== "*" && f.dayOfMonth !== "?";
  const dowSet = f.dayOfWeek !== "*" && f.dayOfWeek !== "?";
  if (domSet && dowSet) {
    throw new SluiceError({
      message: `cron pattern "${pattern}" sets both day of month and day of week, which Quartz (Databricks) cannot express`,
      hint: "set one of them to *",
      code: "schedule-cron",
    });
  }
  const dayOfMonth = dowSet ? "?" : f.dayOfMonth;
  const dayOfWeek = dowSet ? quartzWeekdays(f.dayOfWeek, pattern) : "?";
  return [f.second, f.minute, f.hour, dayOfMonth, f.month, dayOfWeek].join(" ");
}

function quartzWeekdays(field: string, pattern: string): string {
  return field
    .split(",")
    .map((item) => {
      const [range, step] = item.split("/");
      const converted = range.replace(/\d+/g, (digits) => String((Number(digits) % 7) + 1));
      const bounds = converted.split("-").map(Number);
      if (bounds.length === 2 && bounds.every(Number.isFinite) && bounds[0] > bounds[1]) {
        throw new SluiceError({ message: `cannot convert weekday range "${item}" in "${pattern}" to Quartz`, hint: "write Sunday as 0 and list it separately, e.g. 0,5-6", code: "schedule-cron" });
      }
      return step === undefined ? converted : `${converted}/${step}`;
    })
    .join(",");
}
