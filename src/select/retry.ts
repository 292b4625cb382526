import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { z } from "zod";
import type { CompiledGraph } from "../graph/schema.js";
import { SluiceError } from "../errors.js";
import { ActionStatusSchema, runResultsPath, type ActionStatus } from "../execute/results.js";

/**
 * `sluice retry`: rerun only what the last run did not finish. Reads target/run_results.json.
 * The runner owns that file's schema (src/execute/results.ts); this reads only the fields retry
 * needs (each action's id and status) and ignores the rest, so it keeps working as results grow.
 */
export const RetryableRunResultsSchema = z
  .object({ actions: z.array(z.object({ id: z.string(), status: ActionStatusSchema }).loose()) })
  .loose();
export type RetryableRunResults = z.infer<typeof RetryableRunResultsSchema>;

/** Did not complete: failed, or skipped because something upstream failed or the run was interrupted. */
export const RETRY_STATUSES: ReadonlySet<ActionStatus> = new Set<ActionStatus>(["failed", "skipped"]);

export function readRunResults(projectDir: string): RetryableRunResults {
  const file = runResultsPath(projectDir);
  const shown = relative(projectDir, file);
  if (!existsSync(file)) {
    throw new SluiceError({
      message: `no previous run results at ${shown}`,
      location: { file },
      hint: "`sluice retry` reruns the failed and skipped actions of the last `sluice run`; run first",
      code: "retry-no-results",
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SluiceError({ message: `cannot read ${shown}: ${(error as Error).message}`, location: { file }, hint: "rerun `sluice run` to rewrite it", code: "retry-bad-results" });
  }
  const parsed = RetryableRunResultsSchema.safeParse(json);
  if (!parsed.success) {
    throw new SluiceError({
      message: `${shown} does not list actions with an id and a status`,
      location: { file },
      hint: "it was written by another Sluice version; rerun `sluice run`",
      code: "retry-bad-results",
    });
  }
  return parsed.data;
}

/**
 * Ids of the failed and skipped actions of the last run, in the order the run listed them.
 * With a graph, actions that no longer exist are dropped (they cannot be rerun).
 */
export function retrySelection(runResults: RetryableRunResults, graph?: CompiledGraph): string[] {
  const known = graph ? new Set(graph.actions.map((action) => action.id)) : undefined;
  const ids: string[] = [];
  for (const result of runResults.actions) {
    if (!RETRY_STATUSES.has(result.status)) continue;
    if (known && !known.has(result.id)) continue;
    if (!ids.includes(result.id)) ids.push(result.id);
  }
  return ids;
}
