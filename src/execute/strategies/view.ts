import type { ExecutionStrategy } from "../strategy.js";
import { ensureSchema, recordSuccess, requireQuery, runOps, withTransaction } from "./sql.js";

/** A view is created or replaced; a table of the same name (the model used to be a table) is dropped first. */
export const viewStrategy: ExecutionStrategy = {
  type: "view",
  async execute(context) {
    const { action, adapter } = context;
    const { dialect } = adapter;
    const query = requireQuery(action);
    await ensureSchema(context);
    await runOps(context, action.preOps);
    const existing = await adapter.describeRelation(action.target);
    const create = dialect.createOrReplaceView({ target: action.target, query });
    if (existing?.kind === "table") {
      // The model used to be a table: it goes as the view arrives, in one transaction, and with
      // no postOps the state row commits with them.
      await withTransaction(context, async () => {
        await context.run(dialect.dropRelation({ target: action.target, kind: "table" }));
        await context.run(create);
        if (!action.postOps.length) await recordSuccess(context);
      });
    } else {
      // One statement is atomic alone; the runner stores the state.
      await context.run(create);
    }
    await runOps(context, action.postOps);
    return { status: "success", rowsAffected: null };
  },
};
