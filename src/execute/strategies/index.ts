import type { ActionType } from "../../graph/schema.js";
import type { ExecutionStrategy } from "../strategy.js";
import { assertionStrategy } from "./assertion.js";
import { declarationStrategy } from "./declaration.js";
import { incrementalStrategy } from "./incremental.js";
import { ingestStrategy } from "./ingest.js";
import { operationsStrategy } from "./operations.js";
import { tableStrategy } from "./table.js";
import { transferStrategy } from "./transfer.js";
import { viewStrategy } from "./view.js";

/** One strategy per action kind; the only place that knows them all. */
const strategies: Record<ActionType, ExecutionStrategy> = {
  table: tableStrategy,
  view: viewStrategy,
  incremental: incrementalStrategy,
  operations: operationsStrategy,
  assertion: assertionStrategy,
  declaration: declarationStrategy,
  ingest: ingestStrategy,
  transfer: transferStrategy,
};

export function strategyFor(type: ActionType): ExecutionStrategy {
  return strategies[type];
}
