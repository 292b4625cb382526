import type { Action, Target } from "../../graph/schema.js";
import type { RelationInfo } from "../../engines/adapter.js";
import type { ActionState, StrategyContext } from "../strategy.js";
import { SluiceError } from "../../errors.js";

/** Small building blocks the strategies share; each picks SQL by capability flags and dialect templates. */

/** Schemas known to exist, per connection, so a run asks the engine once per schema. */
const knownSchemas = new WeakMap<object, Set<string>>();

export async function ensureSchema(context: StrategyContext, target: Pick<Target, "database" | "schema"> = context.action.target): Promise<void> {
  const { adapter } = context;
  let known = knownSchemas.get(adapter);
  if (!known) knownSchemas.set(adapter, (known = new Set()));
  const key = `${target.database ?? ""}.${target.schema}`.toLowerCase();
  if (known.has(key)) return;
  if (!(await adapter.schemaExists(target))) await context.run(adapter.dialect.createSchema(target));
  // A dry run records CREATE SCHEMA without running it; remembering it keeps the printout to one.
  known.add(key);
}

/**
 * Runs fn in one transaction when the engine has them (statements recorded as BEGIN … COMMIT in a
 * dry run, where nothing reaches the engine); otherwise just runs fn.
 */
export async function withTransaction<T>(context: StrategyContext, fn: () => Promise<T>, needsDdl = true): Promise<T> {
  const { capabilities, dialect } = context.adapter;
  const transactional = capabilities.transactions && (!needsDdl || capabilities.transactionalDdl);
  if (!transactional) return fn();
  if (context.dryRun) {
    await context.run(dialect.beginTransaction());
    const value = await fn();
    await context.run(dialect.commit());
    return value;
  }
  return context.adapter.transaction(fn);
}

/** Runs statements in order; the rows affected add up (null when the engine reports none). */
export async function runEach(context: StrategyContext, statements: string[]): Promise<number | null> {
  let total: number | null = null;
  for (const sql of statements) {
    const { rowsAffected } = await context.run(sql);
    if (rowsAffected !== null) total = (total ?? 0) + rowsAffected;
  }
  return total;
}

/** A working relation beside the target: rename keeps the schema on every engine, so it must live there. */
export function workTarget(target: Target, purpose: "build" | "incr"): Target {
  return { ...target, name: `${target.name}__sluice_${purpose}` };
}

export function requireQuery(action: Action): string {
  if (action.query && action.query.trim()) return action.query;
  throw new SluiceError({
    code: "missing-query",
    message: `${action.type} ${action.id} has no query`,
    location: { file: action.fileName, line: action.line },
    hint: "the SQLX file needs a SELECT after its config block",
  });
}

/**
 * Stores the action's success in the state store through the action's own connection: called
 * inside the strategy's transaction, data and state commit (or roll back) together, in one commit.
 * Strategies with statements still to run after their transaction (postOps) leave it to the runner.
 */
export async function recordSuccess(context: StrategyContext, state: Partial<ActionState> = {}): Promise<void> {
  if (context.dryRun) return;
  const { action } = context;
  await context.state.put(
    { actionId: action.id, lastSuccessAt: new Date().toISOString(), dataFingerprint: action.fingerprint.data, ...state },
    context.adapter,
  );
}

/**
 * Builds the whole table under a work name and swaps it in, in one transaction where DDL is
 * transactional: readers never see a half-built table and a failed build keeps the old one.
 * With `record`, the success is stored in the same transaction (when there is one).
 */
export async function buildWholeTable(
  context: StrategyContext,
  query: string,
  existing: RelationInfo | null,
  record?: Partial<ActionState>,
): Promise<number | null> {
  const { action, adapter } = context;
  const { dialect } = adapter;
  const statements = dialect.replaceTable({
    target: action.target,
    temp: workTarget(action.target, "build"),
    query,
    exists: existing?.kind === "table",
    partitionBy: action.partitionBy,
    clusterBy: action.clusterBy,
  });
  // A first build is one CREATE, atomic by itself. Run bare: DuckDB builds a large table inside an
  // explicit transaction up to twice as slowly (measured), and there is nothing to swap yet.
  if (statements.length === 1 && existing?.kind !== "view") return runEach(context, statements);
  return withTransaction(context, async () => {
    // The model used to be a view: the view goes in the same transaction as the new table arrives.
    if (existing?.kind === "view") await context.run(dialect.dropRelation({ target: action.target, kind: "view" }));
    const rows = await runEach(context, statements);
    if (record) await recordSuccess(context, record);
    return rows;
  });
}

export async function runOps(context: StrategyContext, statements: string[]): Promise<void> {
  for (const sql of statements) if (sql.trim()) await context.run(sql);
}
