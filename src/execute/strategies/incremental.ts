import type { Action, CompiledGraph, IncrementalStrategy, Target } from "../../graph/schema.js";
import { mergedKeysTarget, targetId } from "../../graph/schema.js";
import type { RelationInfo } from "../../engines/adapter.js";
import { SluiceError } from "../../errors.js";
import type { ExecutionStrategy, ExpectationCount, StrategyContext, StrategyOutcome } from "../strategy.js";
import { checkExpectations, prepareQuarantineFor } from "../../quality/strategy-hooks.js";
import { reconcileSchema } from "./schema-change.js";
import { buildWholeTable, ensureSchema, recordSuccess, requireQuery, runEach, runOps, withTransaction, workTarget } from "./sql.js";

/**
 * Incremental tables. The first run (or --full-refresh, or a relation that is not a table) builds
 * the whole table like a table model, with preOps/postOps. Later runs put the incremental query's
 * rows into a work table, check the model's expectations on it, reconcile the schema, apply the
 * strategy (merge, append, insert_overwrite, delete_insert) and drop the work table — all in one
 * transaction where DDL is transactional; elsewhere the DDL first and the DML in one transaction
 * where the engine has them — with incrementalPreOps/incrementalPostOps around it.
 */
export const incrementalStrategy: ExecutionStrategy = {
  type: "incremental",
  async execute(context) {
    const { action, adapter } = context;
    const query = requireQuery(action);
    await ensureSchema(context);
    const existing = await adapter.describeRelation(action.target);
    if (!existing || existing.kind !== "table" || context.fullRefresh) return fullBuild(context, query, existing);
    return incrementalUpdate(context, action.incrementalQuery ?? query, existing);
  },
};

async function fullBuild(context: StrategyContext, query: string, existing: RelationInfo | null): Promise<StrategyOutcome> {
  const { action, adapter } = context;
  const state = { extra: { mode: "full", changedIn: context.runId } };
  await runOps(context, action.preOps);
  const after = [...action.postOps, ...adapter.dialect.optimize({ target: action.target, clusterBy: action.clusterBy ?? [] })];
  const { rowsAffected, expectations } = await buildWholeTable(context, query, existing, after.length ? undefined : state);
  await runEach(context, after.filter((sql) => sql.trim()));
  return { status: "success", rowsAffected, state, ...(expectations ? { expectations } : {}) };
}

async function incrementalUpdate(context: StrategyContext, query: string, existing: RelationInfo): Promise<StrategyOutcome> {
  const { action, adapter } = context;
  const { dialect } = adapter;
  const strategy = strategyOf(action);
  const source = workTarget(action.target, "incr");
  const previous = (await context.state.get(action.id))?.extra;
  const state: { extra: Record<string, unknown> } = { extra: { mode: "incremental", strategy } };
  const keepMergedKeys = strategy === "merge" && checkedByMergedKeys(context.graph).has(action.id);
  await runOps(context, action.incrementalPreOps);
  let rowsAffected: number | null = null;
  let expectations: Record<string, ExpectationCount> | undefined;
  let columns: string[] | undefined;
  // Whether a work table may exist now: the cleanup below depends on it, not on the engine.
  let workTableLeft = false;
  const createWorkTable = async () => {
    await context.run(dialect.createTableAs({ target: source, query, orReplace: true }));
    workTableLeft = !context.dryRun;
    if (keepMergedKeys) {
      // Taken before drop rules thin the batch: a few keys too many are checked, none missed.
      const keys = requireList(action, "uniqueKey", action.uniqueKey).map((k) => dialect.quoteIdentifier(k)).join(", ");
      await context.run(dialect.createTableAs({ target: mergedKeysTarget(action.target), query: `SELECT DISTINCT ${keys} FROM ${dialect.relation(source)}`, orReplace: true }));
    }
  };
  const reconcile = async () => {
    // A dry run builds nothing, so the table's own columns stand in for the new rows'.
    const incoming = context.dryRun ? existing.columns : ((await adapter.describeRelation(source))?.columns ?? []);
    columns = await reconcileSchema(context, existing.columns, incoming);
  };
  // Expectations judge the new rows before they reach the target: drop rules leave only the kept
  // rows in the work table (the rest go to quarantine); a fail rule throws and the target stays
  // as it was. Quarantine rows, the target's change and the state row land together where the
  // engine has transactions: a crash between them would quarantine the same rows again on the
  // rerun. (Delta has none. Where DDL commits on its own, the quarantine table is created before
  // the transaction, so a model's first quarantine does not commit the batch half way.)
  const judgeAndApply = async () => {
    // Without transactions a batch can be read twice (see skipQuarantined): quarantine it once.
    // A merge's batch replaces its keys' rows: a row dropped here takes its key's row with it, as a
    // full rebuild would (where it is the newest copy of its key, and dropped as well).
    const replacesKeysOf = strategy === "merge" || strategy === "delete_insert" ? { target: action.target, uniqueKey: requireList(action, "uniqueKey", action.uniqueKey) } : undefined;
    expectations = (await checkExpectations(context, source, { skipQuarantined: !adapter.capabilities.transactions, replacesKeysOf }))?.counts;
    if (!columns) await reconcile();
    if (keepMergedKeys) await markChanging(context, previous);
    const affected = await applyStrategy(context, strategy, source, columns ?? []);
    state.extra = { ...state.extra, ...changeChain(previous, context.runId, affected !== 0) };
    if (!action.incrementalPostOps.length) await recordSuccess(context, state);
    return affected;
  };
  // The model's query may read its quarantine (ctx.quarantine(), e.g. in a watermark that counts
  // quarantined rows as read): it exists before the query runs, shaped like the target.
  const prepareQuarantine = () => prepareQuarantineFor(context, action.target);
  try {
    if (adapter.capabilities.transactionalDdl) {
      // DDL rolls back too (DuckDB): everything, work table included, in one transaction.
      rowsAffected = await withTransaction(context, async () => {
        await prepareQuarantine();
        await createWorkTable();
        const affected = await judgeAndApply();
        await context.run(dialect.dropRelation({ target: source, kind: "table" }));
        workTableLeft = false;
        return affected;
      });
    } else {
      // Elsewhere DDL commits by itself (Snowflake commits an open transaction at any DDL), so it
      // runs first and only DML goes in the transaction (needsDdl = false; engines without
      // transactions run it statement by statement). The schema is thus reconciled before the
      // expectations are checked.
      await prepareQuarantine();
      await createWorkTable();
      await reconcile();
      // Columns the new rows have and the quarantine lacks are added before the DML transaction too.
      await prepareQuarantineFor(context, source);
      rowsAffected = await withTransaction(context, judgeAndApply, false);
      await context.run(dialect.dropRelation({ target: source, kind: "table" }));
      workTableLeft = false;
    }
  } finally {
    // Success or failure, a work table still there goes (on a rollback of transactional DDL it is already gone).
    if (workTableLeft) {
      await adapter.execute(dialect.dropRelation({ target: source, kind: "table", ifExists: true })).catch(() => undefined);
    }
  }
  await runOps(context, action.incrementalPostOps);
  return { status: "success", rowsAffected, state, ...(expectations ? { expectations } : {}) };
}

const mergedKeyParents = new WeakMap<CompiledGraph, Set<string>>();

/** Models whose uniqueKey assertion can check merged keys only: worked out once per graph, not per action. */
function checkedByMergedKeys(graph: CompiledGraph): Set<string> {
  let parents = mergedKeyParents.get(graph);
  if (!parents) {
    parents = new Set(graph.actions.flatMap((a) => (a.mergedKeysQuery && a.parentAction ? [a.parentAction] : [])));
    mergedKeyParents.set(graph, parents);
  }
  return parents;
}

/**
 * Which runs last changed the table (changedIn) and changed it before that (changedBefore), so the
 * model's uniqueKey assertion can tell whether its last check saw the table as this run found it
 * (and then needs to check only the keys merged now). A run that changed no rows moves nothing.
 */
function changeChain(previous: Record<string, unknown> | undefined, runId: string, changed: boolean): Record<string, string> {
  const text = (key: string) => (typeof previous?.[key] === "string" ? { [key]: previous[key] as string } : {});
  if (!changed) return { ...text("changedIn"), ...text("changedBefore") };
  return { changedIn: runId, ...(typeof previous?.changedIn === "string" ? { changedBefore: previous.changedIn } : {}) };
}

/**
 * Stored before the DML: the chain says this run changes the table. Should the run end before
 * its own state is stored — a post-operation fails after the merge committed, or a crash between
 * statements where there are no transactions — the next run finds a change its uniqueKey check
 * never saw, and that check covers the whole table again instead of the next merge's keys only.
 * The run's final state puts the chain right (a merge that changed nothing moves nothing).
 */
async function markChanging(context: StrategyContext, previous: Record<string, unknown> | undefined): Promise<void> {
  if (context.dryRun) return;
  const { action } = context;
  const current = await context.state.get(action.id);
  await context.state.put({ ...current, actionId: action.id, extra: { ...current?.extra, ...changeChain(previous, context.runId, true) } }, context.adapter);
}

function strategyOf(action: Action): IncrementalStrategy {
  return action.incrementalStrategy ?? (action.uniqueKey?.length ? "merge" : "append");
}

async function applyStrategy(context: StrategyContext, strategy: IncrementalStrategy, source: Target, columns: string[]): Promise<number | null> {
  const { action, adapter } = context;
  const { dialect, capabilities } = adapter;
  const target = action.target;
  const insertAll = () => context.run(dialect.insertInto({ target, columns, query: `SELECT ${columns.map((c) => dialect.quoteIdentifier(c)).join(", ")} FROM ${dialect.relation(source)}` }));
  switch (strategy) {
    case "append":
      return (await insertAll()).rowsAffected;
    case "merge": {
      const uniqueKey = requireList(action, "uniqueKey", action.uniqueKey);
      // Every engine's MERGE inserts all source rows of a key the target lacks (DuckDB's applies any
      // duplicate silently), and a delete+insert fallback would too: checked here, on every engine.
      await rejectDuplicateKeys(context, source, uniqueKey);
      if (capabilities.merge) return (await context.run(dialect.merge({ target, source, uniqueKey, columns }))).rowsAffected;
      await context.run(dialect.deleteMatching({ target, source, uniqueKey }));
      return (await insertAll()).rowsAffected;
    }
    case "delete_insert": {
      const uniqueKey = requireList(action, "uniqueKey", action.uniqueKey);
      await context.run(dialect.deleteMatching({ target, source, uniqueKey }));
      return (await insertAll()).rowsAffected;
    }
    case "insert_overwrite": {
      const partitionBy = requireList(action, "partitionBy", action.partitionBy);
      const statements = dialect.partitionOverwrite({ target, source, partitionBy, columns });
      // The last statement inserts the new rows; the deletes before it are not "affected" rows of the model.
      let inserted: number | null = null;
      for (const sql of statements) inserted = (await context.run(sql)).rowsAffected;
      return inserted;
    }
  }
}

function requireList(action: Action, key: "uniqueKey" | "partitionBy", value: string[] | undefined): string[] {
  if (value?.length) return value;
  throw new SluiceError({
    code: "config",
    message: `incremental ${targetId(action.target)}: strategy "${strategyOf(action)}" needs ${key}`,
    location: { file: action.fileName, line: action.line },
    hint: `add ${key}: [...] to the config block`,
  });
}

async function rejectDuplicateKeys(context: StrategyContext, source: Target, uniqueKey: string[]): Promise<void> {
  const { action } = context;
  const { dialect } = context.adapter;
  const keys = uniqueKey.map((k) => dialect.quoteIdentifier(k)).join(", ");
  const duplicates = await context.query(
    `SELECT ${keys}, COUNT(*) AS sluice_rows FROM ${dialect.relation(source)} GROUP BY ${keys} HAVING COUNT(*) > 1 LIMIT 5`,
  );
  if (!duplicates.length) return;
  const examples = duplicates
    .map((row) => `(${uniqueKey.map((k) => `${k}=${JSON.stringify(row[k] ?? row[k.toLowerCase()])}`).join(", ")}: ${String(row.sluice_rows)} rows)`)
    .join(", ");
  throw new SluiceError({
    code: "duplicate-unique-key",
    message: `incremental ${targetId(action.target)}: the new rows repeat uniqueKey (${uniqueKey.join(", ")}) values, e.g. ${examples}; nothing was merged`,
    location: { file: action.fileName, line: action.line },
    hint: "deduplicate the incremental query (e.g. QUALIFY row_number() OVER (PARTITION BY the key ORDER BY …) = 1) or fix uniqueKey",
  });
}
