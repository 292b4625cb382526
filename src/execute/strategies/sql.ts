import type { Action, Target } from "../../graph/schema.js";
import type { RelationInfo } from "../../engines/adapter.js";
import type { ActionState, ExpectationCount, StrategyContext } from "../strategy.js";
import { checkExpectations, prepareQuarantineFor } from "../../quality/strategy-hooks.js";
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
export function workTarget(target: Target, purpose: "build" | "incr" | "swap"): Target {
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

/** What a whole-table build produced: rows in the new table and, with expectations, the counts per rule. */
export interface WholeTableBuild {
  rowsAffected: number | null;
  expectations?: Record<string, ExpectationCount>;
}

/**
 * Builds the whole table under a work name and swaps it in, in one transaction where DDL is
 * transactional: readers never see a half-built table and a failed build keeps the old one.
 * With `record`, the success is stored in the same transaction (when there is one).
 *
 * A model with expectations is built in three steps instead of the dialect's one template:
 * create the work table → check it (checkExpectations: drop rules move rows to quarantine, a
 * fail rule throws and the target is never touched) → swap it in.
 */
export async function buildWholeTable(
  context: StrategyContext,
  query: string,
  existing: RelationInfo | null,
  record?: Partial<ActionState>,
): Promise<WholeTableBuild> {
  if (context.action.expectations.length) return buildCheckAndSwap(context, query, existing, record);
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
  if (statements.length === 1 && existing?.kind !== "view") return { rowsAffected: await runEach(context, statements) };
  const rowsAffected = await withTransaction(context, async () => {
    // The model used to be a view: the view goes in the same transaction as the new table arrives.
    if (existing?.kind === "view") await context.run(dialect.dropRelation({ target: action.target, kind: "view" }));
    const rows = await runEach(context, statements);
    if (record) await recordSuccess(context, record);
    return rows;
  });
  return { rowsAffected };
}

/**
 * create → check → swap. The work table is built outside the transaction (see above: faster on
 * DuckDB, and a crash leaves only a work table that the next build replaces); the check, the
 * quarantine rows, the swap and the state row then commit together. A whole build re-judges every
 * row, so the model's quarantine is replaced rather than appended to: it holds exactly the rows
 * this build dropped, and rebuilding unchanged data changes nothing.
 */
async function buildCheckAndSwap(
  context: StrategyContext,
  query: string,
  existing: RelationInfo | null,
  record?: Partial<ActionState>,
): Promise<WholeTableBuild> {
  const { action, adapter } = context;
  const { dialect, capabilities } = adapter;
  const work = workTarget(action.target, "build");
  await context.run(dialect.createTableAs({ target: work, query, orReplace: true, partitionBy: action.partitionBy, clusterBy: action.clusterBy }));
  // A model with drop rules always has its quarantine table, even when no row was dropped: an
  // incremental run's query may read it. Inside the transaction where DDL rolls back with it.
  if (!capabilities.transactionalDdl) await prepareQuarantineFor(context, work);
  let swapped = false;
  try {
    const build = await withTransaction(context, async () => {
      if (capabilities.transactionalDdl) await prepareQuarantineFor(context, work);
      const checked = await checkExpectations(context, work, { replaceQuarantine: true });
      if (capabilities.transactionalDdl) {
        // Inside the transaction a drop and a rename swap atomically, with no second copy.
        if (existing) await context.run(dialect.dropRelation({ target: action.target, kind: existing.kind }));
        await context.run(dialect.renameRelation({ from: work, to: action.target }));
      } else {
        if (existing?.kind === "view") await context.run(dialect.dropRelation({ target: action.target, kind: "view" }));
        // The engine's own atomic replace (Delta's CREATE OR REPLACE, Snowflake's SWAP WITH) from the checked rows.
        await runEach(
          context,
          dialect.replaceTable({
            target: action.target,
            temp: workTarget(action.target, "swap"),
            query: `SELECT * FROM ${dialect.relation(work)}`,
            exists: existing?.kind === "table",
            partitionBy: action.partitionBy,
            clusterBy: action.clusterBy,
          }),
        );
        await context.run(dialect.dropRelation({ target: work, kind: "table" }));
      }
      if (record) await recordSuccess(context, record);
      // A dry run counted nothing: like the single-template path, it reports no rows.
      return { rowsAffected: checked && !context.dryRun ? checked.keptRows : null, expectations: checked?.counts };
    });
    swapped = true;
    return build;
  } finally {
    // A failed check (or swap) leaves the target as it was; only the work table has to go.
    if (!swapped && !context.dryRun) {
      await adapter.execute(dialect.dropRelation({ target: work, kind: "table", ifExists: true })).catch(() => undefined);
    }
  }
}

export async function runOps(context: StrategyContext, statements: string[]): Promise<void> {
  for (const sql of statements) if (sql.trim()) await context.run(sql);
}
