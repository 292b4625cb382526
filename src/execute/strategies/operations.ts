import type { ExecutionStrategy } from "../strategy.js";
import { ensureSchema, runOps } from "./sql.js";

/** Operations: the user's statements, in order; the first failure stops the rest. */
export const operationsStrategy: ExecutionStrategy = {
  type: "operations",
  async execute(context) {
    const { action } = context;
    const statements = action.queries ?? (action.query ? [action.query] : []);
    if (action.hasOutput) await ensureSchema(context);
    await runOps(context, action.preOps);
    await runOps(context, statements);
    await runOps(context, action.postOps);
    return { status: "success", rowsAffected: null };
  },
};
