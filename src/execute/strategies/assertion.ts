import type { Row } from "../../engines/adapter.js";
import type { ExecutionStrategy } from "../strategy.js";
import { requireQuery } from "./sql.js";

/** Violating rows kept in the run results. */
export const ASSERTION_SAMPLE_ROWS = 10;

/**
 * An assertion's query returns the rows that break it: zero rows passes. The count and a small
 * sample go into the run results. severity "warn" reports but never fails (so it blocks nothing).
 */
export const assertionStrategy: ExecutionStrategy = {
  type: "assertion",
  async execute(context) {
    const { action } = context;
    const query = requireQuery(action);
    const [counted] = await context.query(`SELECT COUNT(*) AS violations FROM (\n${query}\n) AS assertion_rows`);
    const violations = Number(counted?.violations ?? 0);
    if (violations === 0) return { status: "success", rowsAffected: 0, assertion: { violations: 0, sample: [] } };
    const sample: Row[] = await context.query(`SELECT * FROM (\n${query}\n) AS assertion_rows LIMIT ${ASSERTION_SAMPLE_ROWS}`);
    const message = `${violations} row(s) violate assertion ${action.target.name}`;
    if (action.severity === "warn") return { status: "success", rowsAffected: violations, assertion: { violations, sample }, message: `${message} (severity warn)` };
    return { status: "failed", rowsAffected: violations, assertion: { violations, sample }, message };
  },
};
