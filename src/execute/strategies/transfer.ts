import type { Action, TransferSpec } from "../../graph/schema.js";
import type { EngineAdapter, RelationInfo } from "../../engines/adapter.js";
import { SluiceError } from "../../errors.js";
import { transferSqlFor, type TransferSql } from "../../engines/transfer.js";
import { zoneStorage } from "../../zones/storage.js";
import type { ActionState, ExecutionStrategy, StrategyContext, StrategyOutcome } from "../strategy.js";
import { ensureSchema, recordSuccess, withTransaction } from "./sql.js";

/**
 * Cross-engine transfer: the source target unloads the rows at or after the stored watermark
 * (all rows when there is no watermark column, on a first load or a full refresh) to
 * `<processed zone>/<schema>/<name>/batch=<runId>.parquet`; the action's own target loads that
 * file — merged on the unique key, or replacing the table on a full load. The new watermark is the
 * maximum of the column in the file; it is stored inside the load's transaction (recordSuccess),
 * so rows and watermark commit or roll back together. Once the load has committed (or found nothing
 * new), the older batches of the same source are removed from a local processed zone: the latest
 * one stays for inspection, and the zone no longer grows by one copy per run.
 *
 * Rows at the stored maximum itself are unloaded again: a source row committed after the last
 * unload can carry exactly that value, and a strict `>` would never move it. So are rows whose
 * watermark is NULL, which no comparison would ever select. The merge makes the repeats harmless,
 * which is why a watermark requires a unique key (an append would duplicate them).
 */
export const transferStrategy: ExecutionStrategy = {
  type: "transfer",
  async execute(context) {
    const outcome = await transfer(context);
    if (!context.dryRun) pruneOlderBatches(context);
    return outcome;
  },
};

/** Where a run's batch of a transfer lands, relative to the processed zone. */
function batchPath(spec: TransferSpec, runId: string): string {
  return `${spec.sourceTarget.schema}/${spec.sourceTarget.name}/batch=${runId.replace(/[^A-Za-z0-9_.-]/g, "_")}.parquet`;
}

function pruneOlderBatches(context: StrategyContext): void {
  const spec = requireSpec(context.action);
  const removed = zoneStorage(context.profile.zones.processed).removeSiblings(batchPath(spec, context.runId), /^batch=.*\.parquet$/);
  if (removed) context.log(`removed ${removed} older batch(es) of ${spec.source} from the processed zone`);
}

async function transfer(context: StrategyContext): Promise<StrategyOutcome> {
  const { action, adapter } = context;
  const spec = requireSpec(action);
  const uniqueKey = requireUniqueKeyForWatermark(action, spec);
  const source = await context.adapterFor(spec.sourceTargetName);
  const unloadSql = requireSql(context, source, action);
  const loadSql = requireSql(context, adapter, action);

  const destination = await adapter.describeRelation(action.target);
  const previous = context.fullRefresh || !destination ? undefined : (await context.state.get(action.id))?.watermark;
  const incremental = Boolean(spec.watermarkColumn && previous !== undefined);
  const column = spec.watermarkColumn ? source.dialect.quoteIdentifier(spec.watermarkColumn) : "";
  const filter = incremental ? ` WHERE ${column} >= ${source.dialect.literal(previous!)} OR ${column} IS NULL` : "";
  const query = `SELECT * FROM ${source.dialect.relation(spec.sourceTarget)}${filter}`;

  const processed = zoneStorage(context.profile.zones.processed);
  const relativePath = batchPath(spec, context.runId);
  const location = processed.locate(relativePath);

  const unload = unloadSql.unload({ query, location });
  if (context.dryRun) {
    // The unload runs on the source target; the load statements are this action's own. Without the
    // file, the load is rendered with the destination's known columns.
    context.log(`[${spec.sourceTargetName}] ${unload}`);
    const columns = (destination?.columns ?? []).map((c) => c.name);
    if (!incremental || !uniqueKey) await context.run(loadSql.loadReplace({ target: action.target, location }));
    else await context.run(loadSql.loadMerge({ target: action.target, location, uniqueKey, columns }));
    return { status: "success", rowsAffected: null, transfer: { rows: 0, watermark: previous }, message: `would unload to ${location}` };
  }
  processed.ensureParent(relativePath);
  context.log(`unloading ${spec.source} from ${spec.sourceTargetName} to ${location}${incremental ? ` (rows at or after ${previous})` : ""}`);
  await source.execute(unload, { queryTag: `${context.runId}:${action.id}` });

  const [summary] = await context.query(loadSql.summarize({ location, watermarkColumn: spec.watermarkColumn }));
  const rows = Number(summary?.row_count ?? 0);
  const watermark = summary?.watermark === null || summary?.watermark === undefined ? previous : String(summary.watermark);
  if (incremental && rows === 0) {
    return { status: "up_to_date", rowsAffected: 0, transfer: { rows: 0, watermark }, state: { watermark }, message: "no new rows" };
  }

  await ensureSchema(context);
  // The watermark commits with the rows it describes: a crash between a load and a separate
  // state write would move the same rows again (a merge absorbs that, an append would not).
  const state: Partial<ActionState> = watermark === undefined ? {} : { watermark };
  if (!incremental) {
    await withTransaction(context, async () => {
      if (destination?.kind === "view") await context.run(adapter.dialect.dropRelation({ target: action.target, kind: "view" }));
      await context.run(loadSql.loadReplace({ target: action.target, location }));
      await recordSuccess(context, state);
    });
  } else {
    // Nothing newer than the stored maximum: the file holds only rows at the watermark, which were
    // moved before unless one committed since. How many rows the merge added says which.
    const added = await loadIncrement(context, loadSql, spec, uniqueKey!, location, destination, state, watermark === previous);
    if (added === 0) {
      return { status: "up_to_date", rowsAffected: 0, transfer: { rows, watermark }, state, message: `no new rows (the ${rows} row(s) at the watermark were there already)` };
    }
    if (added !== null) {
      return { status: "success", rowsAffected: added, transfer: { rows, watermark }, state, message: `${added} new row(s) at the watermark from ${spec.sourceTargetName}` };
    }
  }
  return {
    status: "success",
    rowsAffected: rows,
    transfer: { rows, watermark },
    state,
    message: `${rows} row(s) ${incremental ? "at or after the watermark" : "in full"} from ${spec.sourceTargetName}`,
  };
}

/** Merges the file into the destination; with `countAdded`, returns how many rows the merge added (else null). */
async function loadIncrement(
  context: StrategyContext,
  sql: TransferSql,
  spec: TransferSpec,
  uniqueKey: string[],
  location: string,
  destination: RelationInfo | null,
  state: Partial<ActionState>,
  countAdded: boolean,
): Promise<number | null> {
  const { action, adapter } = context;
  const fileColumns = (await context.query(sql.describeFile({ location }))).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const columns = fileColumns.map((c) => c.name);
  // A column the source gained since the last transfer is added before the rows arrive.
  const present = new Set((destination?.columns ?? []).map((c) => c.name.toLowerCase()));
  const added = fileColumns.filter((c) => !present.has(c.name.toLowerCase()));
  // DuckDB's MERGE applies duplicate source keys silently; Snowflake and Databricks reject them.
  const [dupes] = await context.query(sql.duplicateKeys({ location, uniqueKey }));
  const duplicates = Number(dupes?.duplicates ?? 0);
  if (duplicates > 0) {
    throw new SluiceError({
      code: "transfer-duplicate-keys",
      message: `${action.id}: ${duplicates} key(s) of ${uniqueKey.join(", ")} appear more than once in the rows to transfer`,
      location: { file: action.fileName, line: action.line },
      hint: `make ${spec.source} unique on its uniqueKey`,
    });
  }
  const count = async () => Number((await context.query(`SELECT count(*) AS n FROM ${adapter.dialect.relation(action.target)}`))[0]?.n ?? 0);
  // Without new columns the load is DML only: one transaction even where DDL would commit it early.
  return withTransaction(context, async () => {
    for (const column of added) await context.run(adapter.dialect.addColumn({ target: action.target, column }));
    const before = countAdded ? await count() : null;
    await context.run(sql.loadMerge({ target: action.target, location, uniqueKey, columns }));
    await recordSuccess(context, state);
    return before === null ? null : (await count()) - before;
  }, added.length > 0);
}

/**
 * A watermarked transfer moves the rows at the stored maximum again (see above); only a merge on
 * a unique key absorbs that. Without one, an append could not be exactly-once, so it is refused.
 */
function requireUniqueKeyForWatermark(action: Action, spec: TransferSpec): string[] | undefined {
  const uniqueKey = spec.uniqueKey ?? action.uniqueKey;
  if (uniqueKey?.length || !spec.watermarkColumn) return uniqueKey?.length ? uniqueKey : undefined;
  throw new SluiceError({
    code: "transfer-watermark-needs-unique-key",
    message: `${action.id}: the transfer of ${spec.source} has watermarkColumn "${spec.watermarkColumn}" but no uniqueKey; rows at the stored watermark are moved again on each run, and without a key to merge on they would be appended twice`,
    location: { file: action.fileName, line: action.line },
    hint: `give ${spec.source} a uniqueKey (the columns that identify its rows), or remove watermarkColumn to copy it whole`,
  });
}

function requireSpec(action: Action): TransferSpec {
  if (action.transfer) return action.transfer;
  throw new SluiceError({ code: "transfer-spec", message: `${action.id} is a transfer action without a transfer spec`, location: { file: action.fileName, line: action.line } });
}

function requireSql(context: StrategyContext, adapter: EngineAdapter, action: Action): TransferSql {
  const target = context.profile.targets[adapter.targetName];
  if (target) return transferSqlFor(target, context.profile.zones.processed);
  throw new SluiceError({
    code: "config",
    message: `profile "${context.profile.name}" has no target "${adapter.targetName}" (${action.id})`,
    location: { file: "profiles.yaml" },
  });
}
