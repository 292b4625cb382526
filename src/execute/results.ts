import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { ActionTypeSchema, EngineKindSchema } from "../graph/schema.js";

/** target/run_results.json: what a run did, per action. Validated before it is written. */
export const ActionStatusSchema = z.enum(["success", "failed", "skipped", "up_to_date"]);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

export const ActionResultSchema = z.object({
  id: z.string(),
  type: ActionTypeSchema,
  targetName: z.string(),
  engine: EngineKindSchema,
  status: ActionStatusSchema,
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  durationMs: z.number().nonnegative(),
  /** Tries made; more than 1 only after transient engine errors. */
  attempts: z.number().int().nonnegative(),
  rowsAffected: z.number().nullable(),
  /** The statements sent to the engine (or, in a dry run, that would be), in order. */
  statements: z.array(z.string()),
  message: z.string().optional(),
  error: z
    .object({
      message: z.string(),
      fileName: z.string(),
      line: z.number().int().optional(),
      code: z.string().optional(),
    })
    .optional(),
  /** Skipped actions: the failed upstream action that caused it. */
  skippedBecause: z.string().optional(),
  assertion: z
    .object({
      violations: z.number().int().nonnegative(),
      sample: z.array(z.record(z.string(), z.unknown())),
      severity: z.enum(["error", "warn"]),
    })
    .optional(),
  expectations: z.record(z.string(), z.object({ action: z.enum(["warn", "drop", "fail"]), violations: z.number() })).optional(),
  ingest: z
    .object({ files: z.number(), rows: z.number(), quarantined: z.number(), quarantineReasons: z.record(z.string(), z.number()) })
    .optional(),
  transfer: z.object({ rows: z.number(), watermark: z.string().optional() }).optional(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;

export const RunTotalsSchema = z.object({
  selected: z.number().int(),
  success: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  up_to_date: z.number().int(),
});
export type RunTotals = z.infer<typeof RunTotalsSchema>;

export const RunResultsSchema = z.object({
  runId: z.string(),
  sluiceVersion: z.string(),
  profile: z.string(),
  dryRun: z.boolean(),
  fullRefresh: z.boolean(),
  /** The selection and options the run was started with. */
  args: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().nonnegative(),
  totals: RunTotalsSchema,
  actions: z.array(ActionResultSchema),
});
export type RunResults = z.infer<typeof RunResultsSchema>;

export function countTotals(actions: ActionResult[]): RunTotals {
  const totals: RunTotals = { selected: actions.length, success: 0, failed: 0, skipped: 0, up_to_date: 0 };
  for (const action of actions) totals[action.status]++;
  return totals;
}

/** Every selected action succeeded or was already up to date. */
export function runSucceeded(results: RunResults): boolean {
  return results.totals.failed === 0 && results.totals.skipped === 0;
}

export function runResultsPath(projectDir: string): string {
  return join(projectDir, "target", "run_results.json");
}

/** Written to a temp file and renamed, so a reader never sees half a file. */
/**
 * Every string anywhere in the results passes through the redactor: secrets can reach them through
 * --vars, statements, error messages or assertion samples, and a missed field would publish them.
 */
export function redactResults(results: RunResults, redact: (text: string) => string): RunResults {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object" && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    }
    return value;
  };
  return walk(results) as RunResults;
}

export function writeRunResults(path: string, results: RunResults): void {
  const valid = RunResultsSchema.parse(results);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(valid, null, 2) + "\n");
  renameSync(temp, path);
}
