import { targetId } from "../../graph/schema.js";
import { SluiceError } from "../../errors.js";
import type { ExecutionStrategy } from "../strategy.js";

/** A declaration builds nothing; it checks that the source it names is really there. */
export const declarationStrategy: ExecutionStrategy = {
  type: "declaration",
  async execute(context) {
    const { action, adapter } = context;
    const found = await adapter.describeRelation(action.target);
    if (found) return { status: "success", rowsAffected: null, message: `${found.kind} with ${found.columns.length} columns` };
    // In a dry run an earlier action of the same run may still create it.
    if (context.dryRun) return { status: "success", rowsAffected: null, message: "does not exist yet (dry run)" };
    throw new SluiceError({
      code: "missing-declaration",
      message: `declared source ${targetId(action.target)} does not exist on target "${action.targetName}"`,
      location: { file: action.fileName, line: action.line },
      hint: "create it first (an ingest or an operation), or fix the declaration's database, schema or name",
    });
  },
};
