import type { Row } from "../../engines/adapter.js";
import type { ExecutionStrategy } from "../strategy.js";
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
 */
export const assertionStrategy: ExecutionStrategy = {
  type: "assertion",
  async execute(context) {
    const { action } = context;
    const query = requireQuery(action);
    const [counted] = await context.query(`SELECT COUNT(*) AS violations FROM (\n${query}\n) AS assertion_rows`);
    const violations = Number(counted?.violations ?? 0);
    if (violations === 0) {
      // A dry run reads nothing, so it has no evidence that stored failures are stale.
      if (!context.dryRun) await clearFailuresFor(context);
      return { status: "success", rowsAffected: 0, assertion: { violations: 0, sample: [] } };
    }
    const sample: Row[] = await context.query(`SELECT * FROM (\n${query}\n) AS assertion_rows LIMIT ${ASSERTION_SAMPLE_ROWS}`);
    const stored = await storeFailuresFor(context, query);
    const where = context.adapter.dialect.relation(stored.failuresTable);
    const message = `${violations} row(s) violate assertion ${action.target.name}; stored in ${where}`;
    if (action.severity === "warn") return { status: "success", rowsAffected: violations, assertion: { violations, sample }, message: `${message} (severity warn)` };
    return { status: "failed", rowsAffected: violations, assertion: { violations, sample }, message };
  },
};
