import { targetId } from "../../graph/schema.js";
import { SluiceError } from "../../errors.js";
import { checkExpectations } from "../../quality/strategy-hooks.js";
import type { ExecutionStrategy, StrategyContext } from "../strategy.js";
import { ensureSchema, recordSuccess, requireQuery, runOps, withTransaction } from "./sql.js";

/**
 * A view is created or replaced; a table of the same name (the model used to be a table) is dropped first.
 *
 * Expectations: a view stores no rows, so there is nothing to divert to quarantine (`drop`) and no
 * batch to stop before it reaches readers (`fail`): such rules are rejected before anything is
 * created, with a hint to materialise the model. `warn` rules are counted over the new view (one
 * aggregate scan) and reported like a table's.
 */
export const viewStrategy: ExecutionStrategy = {
  type: "view",
  async execute(context) {
    const { action, adapter } = context;
    const { dialect } = adapter;
    const query = requireQuery(action);
    rejectRowMovingExpectations(context);
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
    const checked = await checkExpectations(context, action.target);
    await runOps(context, action.postOps);
    return { status: "success", rowsAffected: null, ...(checked ? { expectations: checked.counts } : {}) };
  },
};

function rejectRowMovingExpectations(context: StrategyContext): void {
  const { action } = context;
  const rules = action.expectations.filter((e) => e.action !== "warn");
  if (!rules.length) return;
  throw new SluiceError({
    code: "expectation-config",
    message: `view ${targetId(action.target)} has ${rules.map((e) => `"${e.name}" (${e.action})`).join(", ")}: a view stores no rows, so it cannot drop them to quarantine or stop a batch before readers see it`,
    location: { file: action.fileName, line: action.line },
    hint: 'make the model type "table" or "incremental", or change these rules to action: "warn"',
  });
}
