import type { CompiledGraph, Target } from "../graph/schema.js";
import type { StrategyContext } from "../execute/strategy.js";
import { applyExpectations, prepareQuarantine, quarantineTarget, type ApplyExpectationsArgs, type ExpectationsResult } from "./expectations.js";
import { clearAssertionFailures, storeAssertionFailures, type StoredFailures } from "./stored-failures.js";

/**
 * The calls the runner's strategies make, in their terms (a StrategyContext): statements go through
 * context.run / context.query so they are recorded in the run results, the batch id is the run id,
 * and audit tables live in the project's auditSchema within the model's own database.
 */

export const DEFAULT_AUDIT_SCHEMA = "audit";

export function auditSchemaOf(graph: CompiledGraph): string {
  return graph.projectConfig.auditSchema ?? DEFAULT_AUDIT_SCHEMA;
}

/**
 * Table and incremental strategies: call after the new rows are built into `temp` and before the
 * swap / merge / insert into the target. Throws ExpectationFailedError on a `fail` rule — the
 * strategy must then not touch the target. Returns undefined when the model has no expectations.
 * Whole-table builds pass replaceQuarantine: they re-judge every row, so the quarantine is replaced.
 */
export async function checkExpectations(
  context: StrategyContext,
  temp: Target,
  options: Pick<ApplyExpectationsArgs, "replaceQuarantine" | "skipQuarantined" | "replacesKeysOf"> = {},
): Promise<ExpectationsResult | undefined> {
  const { action } = context;
  if (!action.expectations.length) return undefined;
  return applyExpectations({
    ...options,
    adapter: context.adapter,
    run: (sql) => context.run(sql),
    query: (sql) => context.query(sql),
    temp,
    quarantine: quarantineTarget(action.target, auditSchemaOf(context.graph)),
    expectations: action.expectations,
    batchId: context.runId,
    model: action.id,
    location: { file: action.fileName, line: action.line },
  });
}

/** Before a DML-only transaction: the quarantine table the drop rules may write to exists (see prepareQuarantine). */
export async function prepareQuarantineFor(context: StrategyContext, temp: Target): Promise<void> {
  const { action } = context;
  if (!action.expectations.length) return;
  await prepareQuarantine({
    adapter: context.adapter,
    run: (sql) => context.run(sql),
    temp,
    quarantine: quarantineTarget(action.target, auditSchemaOf(context.graph)),
    expectations: action.expectations,
    model: action.id,
    location: { file: action.fileName, line: action.line },
  });
}

/** Assertion strategy, on failure (violations > 0, any severity): keep the violating rows for analysts. */
export async function storeFailuresFor(context: StrategyContext, query: string): Promise<StoredFailures> {
  const { action } = context;
  return storeAssertionFailures({
    adapter: context.adapter,
    run: (sql) => context.run(sql),
    query: (sql) => context.query(sql),
    auditSchema: auditSchemaOf(context.graph),
    database: action.target.database,
    assertion: { id: action.id, name: action.target.name },
    assertionQuery: query,
    runId: context.runId,
  });
}

/** Assertion strategy, on success: drop a stale `<name>_failures` copy (the log keeps the history). */
export async function clearFailuresFor(context: StrategyContext): Promise<void> {
  const { action } = context;
  await clearAssertionFailures({
    adapter: context.adapter,
    run: (sql) => context.run(sql),
    auditSchema: auditSchemaOf(context.graph),
    database: action.target.database,
    assertionName: action.target.name,
  });
}
