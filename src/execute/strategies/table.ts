import type { ExecutionStrategy } from "../strategy.js";
import { buildWholeTable, ensureSchema, requireQuery, runEach, runOps } from "./sql.js";

/**
 * A table is rebuilt whole on every run, under a work name, then swapped in. With expectations
 * the new rows are checked between the build and the swap (see buildWholeTable).
 */
export const tableStrategy: ExecutionStrategy = {
  type: "table",
  async execute(context) {
    const { action, adapter } = context;
    const query = requireQuery(action);
    await ensureSchema(context);
    await runOps(context, action.preOps);
    const existing = await adapter.describeRelation(action.target);
    const after = [...action.postOps, ...adapter.dialect.optimize({ target: action.target, clusterBy: action.clusterBy ?? [] })];
    // With nothing left to run after the swap, the state row commits with it.
    const { rowsAffected, expectations } = await buildWholeTable(context, query, existing, after.length ? undefined : {});
    await runEach(context, after.filter((sql) => sql.trim()));
    return { status: "success", rowsAffected, ...(expectations ? { expectations } : {}) };
  },
};
