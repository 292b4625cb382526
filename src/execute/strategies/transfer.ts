import type { Action, TransferSpec } from "../../graph/schema.js";
import type { EngineAdapter, RelationInfo } from "../../engines/adapter.js";
import { SluiceError } from "../../errors.js";
import { transferSqlFor, type TransferSql } from "../../engines/transfer.js";
import { zoneStorage } from "../../zones/storage.js";
import type { ActionState, ExecutionStrategy, StrategyContext, StrategyOutcome } from "../strategy.js";
import { ensureSchema, recordSuccess, withTransaction } from "./sql.js";

/**
 * Cross-engine transfer: the source target unloads the rows newer than the stored watermark
 * (all rows when there is no watermark column, on a first load or a full refresh) to
 * `<processed zone>/<schema>/<name>/batch=<runId>.parquet`; the action's own target loads that
 * file — merged on the unique key when there is one, appended otherwise, or replacing the
 * table on a full load. The new watermark is the maximum of the column in the file; it is stored
 * inside the load's transaction (recordSuccess), so rows and watermark commit or roll back together.
 */
export const transferStrategy: ExecutionStrategy = {
  type: "transfer",
  execute: transfer,
};

async function transfer(context: StrategyContext): Promise<StrategyOutcome> {
  const { action, adapter } = context;
  const spec = requireSpec(action);
  const source = await context.adapterFor(spec.sourceTargetName);
  const unloadSql = requireSql(context, source, action);
  const loadSql = requireSql(context, adapter, action);

  const destination = await adapter.describeRelation(action.target);
  const previous = context.fullRefresh || !destination ? undefined : (await context.state.get(action.id))?.watermark;
  const incremental = Boolean(spec.watermarkColumn && previous !== undefined);
  const filter = incremental ? ` WHERE ${source.dialect.quoteIdentifier(spec.watermarkColumn!)} > ${source.dialect.literal(previous!)}` : "";
  const query = `SELECT * FROM ${source.dialect.relation(spec.sourceTarget)}${filter}`;

  const processed = zoneStorage(context.profile.zones.processed);
  const relativePath = `${spec.sourceTarget.schema}/${spec.sourceTarget.name}/batch=${context.runId.replace(/[^A-Za-z0-9_.-]/g, "_")}.parquet`;
  const location = processed.locate(relativePath);

  const unload = unloadSql.unload({ query, location });
  if (context.dryRun) {
    // The unload runs on the source target; the load statements are this action's own. Without the
    // file, the load is rendered with the destination's known columns.
    context.log(`[${spec.sourceTargetName}] ${unload}`);
    const uniqueKey = spec.uniqueKey ?? action.uniqueKey;
    const columns = (destination?.columns ?? []).map((c) => c.name);
    if (!incremental) await context.run(loadSql.loadReplace({ target: action.target, location }));
    else if (uniqueKey?.length) await context.run(loadSql.loadMerge({ target: action.target, location, uniqueKey, columns }));
    else await context.run(loadSql.loadInsert({ target: action.target, location, columns }));
    return { status: "success", rowsAffected: null, transfer: { rows: 0, watermark: previous }, message: `would unload to ${location}` };
  }
  processed.ensureParent(relativePath);
  context.log(`unloading ${spec.source} from ${spec.sourceTargetName} to ${location}${incremental ? ` (rows after ${previous})` : ""}`);
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
    await loadIncrement(context, loadSql, spec, location, destination, state);
  }
  return {
    status: "success",
    rowsAffected: rows,
    transfer: { rows, watermark },
    state,
    message: `${rows} row(s) ${incremental ? "after the watermark" : "in full"} from ${spec.sourceTargetName}`,
  };
}

async function loadIncrement(
  context: StrategyContext,
  sql: TransferSql,
  spec: TransferSpec,
  location: string,
  destination: RelationInfo | null,
  state: Partial<ActionState>,
): Promise<void> {
  const { action, adapter } = context;
  const fileColumns = (await context.query(sql.describeFile({ location }))).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const columns = fileColumns.map((c) => c.name);
  // A column the source gained since the last transfer is added before the rows arrive.
  const present = new Set((destination?.columns ?? []).map((c) => c.name.toLowerCase()));
  const added = fileColumns.filter((c) => !present.has(c.name.toLowerCase()));
  const uniqueKey = spec.uniqueKey ?? action.uniqueKey;
  if (uniqueKey?.length) {
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
  }
  // Without new columns the load is DML only: one transaction even where DDL would commit it early.
  await withTransaction(context, async () => {
    for (const column of added) await context.run(adapter.dialect.addColumn({ target: action.target, column }));
    if (uniqueKey?.length) await context.run(sql.loadMerge({ target: action.target, location, uniqueKey, columns }));
    else await context.run(sql.loadInsert({ target: action.target, location, columns }));
    await recordSuccess(context, state);
  }, added.length > 0);
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
