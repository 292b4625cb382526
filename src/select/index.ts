export { selectActions, type SelectOptions } from "./select.js";
export { parseSelectors, SELECTOR_METHODS, type SelectorAtom, type SelectorExpression, type SelectorMethod } from "./syntax.js";
export {
  decideAction,
  isModified,
  loadPreviousState,
  modifiedActions,
  planRebuild,
  type ActionPlan,
  type ChangeCause,
  type PlanRebuildOptions,
  type PreviousState,
  type RebuildDecision,
  type UpstreamChanges,
} from "./changes.js";
export { SELECTOR_HELP } from "./help.js";
export { readRunResults, retrySelection, RETRY_STATUSES, RetryableRunResultsSchema, type RetryableRunResults } from "./retry.js";
export { readPreviousState, selectorsNeedState } from "./load-state.js";
export { dataVersions, upstreamChangesFromState, versionsAfterSuccess, type DataVersions } from "./data-versions.js";
export { outputChanged, planActionFromStore, versionsFromStore } from "./run-protocol.js";
export { selectionRows, type SelectionRow } from "./listing.js";
