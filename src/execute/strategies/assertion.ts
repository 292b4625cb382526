import type { Row } from "../../engines/adapter.js";
import type { ExecutionStrategy, StrategyContext } from "../strategy.js";
import { clearFailuresFor, storeFailuresFor } from "../../quality/strategy-hooks.js";
import { requireQuery } from "./sql.js";

/** Violating rows kept in the run results. */
export const ASSERTION_SAMPLE_ROWS = 10;

/**
 * An assertion's query returns the rows that break it: zero rows passes. The count and a small
 * sample go into the run results, and every violating row is stored in the audit schema
 * (`<auditSchema>.<name>_failures`, with the reproducing query in `assertion_failures`) so an
 * analyst can look without rerunning; a pass drops the stale copy. severity "warn" reports but
 * never fails (so it blocks nothing).
 *
 * A uniqueKey assertion on an incremental model that merges on that key checks only the keys the
 * model merged last when its last check found the table unique as the model left it before (see
 * uniqueKeyMergedSql and checkScope); any break in that chain — a full build, a failed or skipped
 * check, a changed assertion — and it checks the whole table.
 */
export const assertionStrategy: ExecutionStrategy = {
  type: "assertion",
  async execute(context) {
    const { action } = context;
    const scope = await checkScope(context);
    const query = scope.mergedKeysOnly ? action.mergedKeysQuery! : requireQuery(action);
    const state = scope.parentRunId ? { extra: { violations: 0, checkedParentRun: scope.parentRunId } } : undefined;
    const [counted] = await context.query(`SELECT COUNT(*) AS violations FROM (\n${query}\n) AS assertion_rows`);
    const violations = Number(counted?.violations ?? 0);
    if (violations === 0) {
      // A dry run reads nothing, so it has no evidence that stored failures are stale.
      if (!context.dryRun) await clearFailuresFor(context);
      return {
        status: "success",
        rowsAffected: 0,
        assertion: { violations: 0, sample: [] },
        ...(state ? { state } : {}),
        ...(scope.mergedKeysOnly ? { message: `checked only the keys ${action.parentAction} merged last; the rest of the table passed this check before` } : {}),
      };
    }
    const sample: Row[] = await context.query(`SELECT * FROM (\n${query}\n) AS assertion_rows LIMIT ${ASSERTION_SAMPLE_ROWS}`);
    const stored = await storeFailuresFor(context, query);
    const where = context.adapter.dialect.relation(stored.failuresTable);
    const message = `${violations} row(s) violate assertion ${action.target.name}; stored in ${where}`;
    if (action.severity === "warn") {
      const warned = state ? { state: { extra: { ...state.extra, violations } } } : {};
      return { status: "success", rowsAffected: violations, assertion: { violations, sample }, message: `${message} (severity warn)`, ...warned };
    }
    return { status: "failed", rowsAffected: violations, assertion: { violations, sample }, message };
  },
};

interface CheckScope {
  /** Only the keys the parent merged in this run need checking. */
  mergedKeysOnly: boolean;
  /** The parent's run whose table this check covers, remembered for the next run's decision. */
  parentRunId?: string;
}

/**
 * The merged keys suffice when this check's last run passed on the table as the parent left it
 * before this run: the parent then either changed nothing since (changedIn is what was checked)
 * or merged in this run over that table (changedBefore is what was checked).
 */
async function checkScope(context: StrategyContext): Promise<CheckScope> {
  const { action } = context;
  if (!action.parentAction || !action.mergedKeysQuery) return { mergedKeysOnly: false };
  const parent = (await context.state.get(action.parentAction))?.extra;
  const changedIn = typeof parent?.changedIn === "string" ? parent.changedIn : undefined;
  if (!changedIn) return { mergedKeysOnly: false };
  const own = await context.state.get(action.id);
  const checked = own?.dataFingerprint === action.fingerprint.data && own.extra?.violations === 0 ? own.extra.checkedParentRun : undefined;
  const merging = parent?.mode === "incremental" && parent.strategy === "merge" && !context.fullRefresh;
  const unchanged = checked === changedIn;
  const mergedOverChecked = changedIn === context.runId && typeof parent?.changedBefore === "string" && checked === parent.changedBefore;
  return { mergedKeysOnly: merging && checked !== undefined && (unchanged || mergedOverChecked), parentRunId: changedIn };
}
