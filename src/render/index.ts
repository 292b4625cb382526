import type { SluiceContext } from "../context.js";
import { renderActions, type RenderedAction, type RenderOptions } from "./render.js";

/**
 * Offline rendering of the statements a run would send (golden SQL, `sluice render`). Nothing
 * here connects to an engine; see render.ts for how, scenarios.ts for what it assumes.
 */
export { PROJECT_PLACEHOLDER, renderActions, pinTimestamps } from "./render.js";
export type { RenderInput, RenderOptions, RenderedAction, RenderedScenario, RenderedStatement } from "./render.js";
export { SCENARIO_NAMES, RENDER_CLOCK, RENDER_RUN_ID, RENDER_WATERMARK, UNDOCUMENTED_TYPE, type ScenarioName } from "./scenarios.js";
export { compareGolden, describeDifferences, formatAction, formatScript, goldenFiles, writeGolden } from "./golden.js";
export type { GoldenDifference } from "./golden.js";

/** Compiles the context's project (reads files only) and renders every planned action's statements. */
export function renderContext(context: SluiceContext, options: RenderOptions = {}): Promise<RenderedAction[]> {
  return renderActions({ graph: context.compile(), profile: context.profile, redact: context.redact }, options);
}
