import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideAction, modifiedActions, planRebuild } from "../../src/select/changes.js";
import { readRunResults, retrySelection, type RetryableRunResults } from "../../src/select/retry.js";
import { SluiceError } from "../../src/errors.js";
import { action, builtState, edit, graphOf, id, shopGraph } from "./fixtures.js";

const graph = shopGraph();
const short = (full: string) => full.split(".").pop()!;
function decisions(plans: ReturnType<typeof planRebuild>): Record<string, string> {
  return Object.fromEntries([...plans.values()].map((plan) => [short(plan.actionId), plan.decision]));
}

describe("modifiedActions", () => {
  it("is empty when nothing changed and lists exactly the edited action", () => {
    const state = builtState(graph);
    expect(modifiedActions(graph, state)).toEqual([]);
    expect(modifiedActions(edit(graph, id("stg_orders"), { data: "new sql" }), state)).toEqual([id("stg_orders")]);
    expect(modifiedActions(edit(graph, id("stg_orders"), { description: "docs", metadata: "m2" }), state)).toEqual([]);
  });
});

describe("planRebuild", () => {
  it("with nothing changed and no new data, rebuilds nothing and still runs incremental models", () => {
    const plans = planRebuild(graph, builtState(graph), () => false);
    expect(decisions(plans)).toEqual({
      raw_orders: "up_to_date",
      raw_customers: "up_to_date",
      stg_orders: "up_to_date",
      stg_customers: "up_to_date",
      orders: "incremental",
      customers: "up_to_date",
      customer_orders: "up_to_date",
      report: "up_to_date",
      customer_orders_unique: "up_to_date",
    });
  });

  it("a metadata-only edit rebuilds nothing", () => {
    const edited = edit(graph, id("customers"), { description: "now documented", metadata: "m2" });
    expect(decisions(planRebuild(edited, builtState(graph), () => false))).toEqual(decisions(planRebuild(graph, builtState(graph), () => false)));
  });

  it("rebuilds a changed view and everything downstream; a downstream incremental rebuilds fully", () => {
    const edited = edit(graph, id("stg_orders"), { data: "new sql" });
    const plans = planRebuild(edited, builtState(graph), () => false);
    expect(decisions(plans)).toMatchObject({
      stg_orders: "rebuild",
      stg_customers: "up_to_date",
      orders: "rebuild",
      customers: "up_to_date",
      customer_orders: "rebuild",
      report: "rebuild",
      customer_orders_unique: "rebuild",
    });
    expect(plans.get(id("orders"))!.reason).toContain("upstream definition changed");
  });

  it("rebuilds tables downstream of an incremental model that got new data", () => {
    const plans = planRebuild(graph, builtState(graph), (actionId) => actionId === id("orders"));
    expect(decisions(plans)).toMatchObject({ orders: "incremental", customers: "up_to_date", customer_orders: "rebuild", report: "rebuild" });
    expect(plans.get(id("customer_orders"))!.reason).toBe(`upstream data changed: ${id("orders")}`);
  });

  it("assumes incremental models bring new data when not told, and declarations do not", () => {
    expect(decisions(planRebuild(graph, builtState(graph)))).toMatchObject({ stg_orders: "up_to_date", orders: "incremental", customer_orders: "rebuild" });
    expect(decisions(planRebuild(graph, builtState(graph), (actionId) => actionId === id("raw_customers", "raw")))).toMatchObject({
      stg_customers: "rebuild",
      stg_orders: "up_to_date",
    });
  });

  it("rebuilds what never succeeded, and everything on full refresh", () => {
    const state = builtState(graph);
    state.delete(id("customers"));
    expect(decisions(planRebuild(graph, state, () => false))).toMatchObject({ customers: "rebuild", customer_orders: "rebuild", stg_orders: "up_to_date" });
    const full = decisions(planRebuild(graph, builtState(graph), () => false, { fullRefresh: true }));
    expect(full).toMatchObject({ stg_orders: "rebuild", orders: "rebuild", report: "rebuild", raw_orders: "up_to_date" });
  });

  it("always runs ingest, transfers and operations", () => {
    const small = graphOf([
      action({ name: "events", type: "ingest" }),
      action({ name: "daily", deps: ["events"] }),
      action({ name: "grant", type: "operations" }),
    ]);
    const plans = planRebuild(small, builtState(small), () => false);
    expect(decisions(plans)).toEqual({ events: "incremental", daily: "up_to_date", grant: "rebuild" });
    expect(decideAction(small.actions[0], undefined, { definitionChanged: [], dataChanged: [] }).decision).toBe("incremental");
  });
});

describe("retrySelection", () => {
  const results: RetryableRunResults = {
    actions: [
      { id: id("stg_orders"), status: "success" },
      { id: id("orders"), status: "failed", error: "boom" },
      { id: id("customers"), status: "up_to_date" },
      { id: id("customer_orders"), status: "skipped" },
      { id: "db.analytics.deleted_since", status: "failed" },
    ],
  };

  it("returns the failed and skipped actions of the last run", () => {
    expect(retrySelection(results)).toEqual([id("orders"), id("customer_orders"), "db.analytics.deleted_since"]);
  });

  it("drops actions no longer in the graph", () => {
    expect(retrySelection(results, graph)).toEqual([id("orders"), id("customer_orders")]);
  });

  it("reads target/run_results.json and explains a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "sluice-retry-"));
    expect(() => readRunResults(dir)).toThrow(SluiceError);
    mkdirSync(join(dir, "target"));
    writeFileSync(join(dir, "target", "run_results.json"), JSON.stringify({ runId: "r1", ...results }));
    expect(retrySelection(readRunResults(dir))).toHaveLength(3);
    writeFileSync(join(dir, "target", "run_results.json"), JSON.stringify({ results: [] }));
    expect(() => readRunResults(dir)).toThrow(/does not list actions/);
    writeFileSync(join(dir, "target", "run_results.json"), "{ half");
    expect(() => readRunResults(dir)).toThrow(/cannot read target\/run_results.json/);
  });
});

describe("transfers", () => {
  const source = { database: "db", schema: "gold", name: "summary" };
  function transferAction(watermarkColumn?: string) {
    const base = action({ name: "summary", schema: "staging", type: "transfer", deps: ["db.gold.summary"], targetName: "warehouse" });
    return {
      ...base,
      transfer: { source: "db.gold.summary", sourceTarget: source, sourceEngine: "duckdb" as const, sourceTargetName: "lakehouse", watermarkColumn },
    };
  }
  const built = { actionId: "db.staging.summary", lastSuccessAt: "2026-01-01T00:00:00Z", dataFingerprint: "data-summary" };
  const quiet = { definitionChanged: [], dataChanged: [] };

  it("a whole-table transfer is up to date while its source is unchanged, and copies again when it changes", () => {
    expect(decideAction(transferAction(), built, quiet).decision).toBe("up_to_date");
    expect(decideAction(transferAction(), built, { definitionChanged: [], dataChanged: ["db.gold.summary"] }).decision).toBe("rebuild");
    expect(decideAction(transferAction(), undefined, quiet).decision).toBe("rebuild");
  });

  it("a watermarked transfer always runs to pick up newer rows", () => {
    expect(decideAction(transferAction("_updated_at"), built, quiet).decision).toBe("incremental");
    expect(decideAction(transferAction("_updated_at"), built, { definitionChanged: [], dataChanged: ["db.gold.summary"] }).decision).toBe("incremental");
  });

  it("a watermarked transfer reloads in full when its source was rebuilt under a new definition: rewritten rows keep their watermark", () => {
    const plan = decideAction(transferAction("_updated_at"), built, { definitionChanged: ["db.gold.summary"], dataChanged: [] });
    expect(plan).toMatchObject({ decision: "rebuild", cause: "definition" });
    expect(decideAction(transferAction("_updated_at"), built, quiet, true).decision).toBe("rebuild");
  });
});
