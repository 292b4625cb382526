import { describe, expect, it } from "vitest";
import type { CompiledGraph } from "../../src/graph/schema.js";
import type { ActionState, StateStore } from "../../src/execute/strategy.js";
import { outputChanged, planActionFromStore, versionsFromStore } from "../../src/select/run-protocol.js";
import { selectActions } from "../../src/select/select.js";
import { action as makeAction, edit, graphOf, id, shopGraph } from "./fixtures.js";

/** A StateStore in memory, as the engine-backed one behaves: get returns what put wrote. */
function memoryStore(): StateStore & { states: Map<string, ActionState> } {
  const states = new Map<string, ActionState>();
  return {
    states,
    async get(actionId) {
      return states.get(actionId);
    },
    async put(state) {
      states.set(state.actionId, state);
    },
    async discard() {},
  };
}

/**
 * What a runner does with the protocol: in dependency order, ask for a plan, "execute" it, and
 * on success write state with the versions. `newRows` says which incremental actions find rows.
 */
async function simulateRun(graph: CompiledGraph, store: ReturnType<typeof memoryStore>, runId: string, options: { select?: string[]; newRows?: string[] } = {}) {
  const decisions: Record<string, string> = {};
  for (const actionId of selectActions(graph, { select: options.select, exclude: ["type:declaration"] })) {
    const action = graph.actions.find((a) => a.id === actionId)!;
    const plan = await planActionFromStore(action, store);
    decisions[action.target.name] = plan.decision;
    if (plan.decision === "up_to_date") continue;
    const rowsAffected = (options.newRows ?? []).includes(action.target.name) ? 3 : 0;
    const versions = await versionsFromStore(action, plan, store, runId, outputChanged(plan, rowsAffected));
    await store.put({ actionId, lastSuccessAt: runId, dataFingerprint: action.fingerprint.data, extra: { ...versions } });
  }
  return decisions;
}

const graph = shopGraph();
const rebuilt = (decisions: Record<string, string>) => Object.keys(decisions).filter((name) => decisions[name] === "rebuild").sort();

describe("rebuild protocol across runs", () => {
  it("first run builds everything; a second run with no new data builds nothing", async () => {
    const store = memoryStore();
    const first = await simulateRun(graph, store, "r1");
    expect(Object.values(first).every((d) => d === "rebuild")).toBe(true);
    const second = await simulateRun(graph, store, "r2");
    expect(second).toEqual({
      stg_orders: "up_to_date",
      stg_customers: "up_to_date",
      orders: "incremental",
      customers: "up_to_date",
      customer_orders: "up_to_date",
      report: "up_to_date",
      customer_orders_unique: "up_to_date",
    });
  });

  it("new rows in an incremental model rebuild exactly the tables that read it", async () => {
    const store = memoryStore();
    await simulateRun(graph, store, "r1");
    const run = await simulateRun(graph, store, "r2", { newRows: ["orders"] });
    expect(rebuilt(run)).toEqual(["customer_orders", "customer_orders_unique", "report"]);
    expect(run.customers).toBe("up_to_date");
    expect(rebuilt(await simulateRun(graph, store, "r3"))).toEqual([]);
  });

  it("remembers upstream changes made by an earlier, narrower run", async () => {
    const store = memoryStore();
    await simulateRun(graph, store, "r1");
    await simulateRun(graph, store, "r2", { select: ["orders"], newRows: ["orders"] });
    expect(rebuilt(await simulateRun(graph, store, "r3"))).toEqual(["customer_orders", "customer_orders_unique", "report"]);
    expect(rebuilt(await simulateRun(graph, store, "r4"))).toEqual([]);
  });

  it("an edited model rebuilds with its downstream (incremental ones fully); a metadata edit rebuilds nothing", async () => {
    const store = memoryStore();
    await simulateRun(graph, store, "r1");
    const metadataOnly = edit(graph, id("stg_orders"), { description: "documented", metadata: "m2" });
    expect(rebuilt(await simulateRun(metadataOnly, store, "r2"))).toEqual([]);
    const edited = edit(graph, id("stg_orders"), { data: "new sql" });
    expect(rebuilt(await simulateRun(edited, store, "r3"))).toEqual(["customer_orders", "customer_orders_unique", "orders", "report", "stg_orders"]);
    expect(rebuilt(await simulateRun(edited, store, "r4"))).toEqual([]);
  });

  it("an upstream definition change made while the incremental model was not selected still fully rebuilds it later", async () => {
    const store = memoryStore();
    await simulateRun(graph, store, "r1");
    const edited = edit(graph, id("stg_orders"), { data: "new sql" });
    await simulateRun(edited, store, "r2", { select: ["stg_orders"] });
    const next = await simulateRun(edited, store, "r3");
    expect(next.orders).toBe("rebuild");
    expect(next.customers).toBe("up_to_date");
  });

  it("an operation runs every time but rebuilds its downstream only when it changed", async () => {
    const withSetup = graphOf([makeAction({ name: "setup", type: "operations" }), makeAction({ name: "t", deps: ["setup"] })]);
    const store = memoryStore();
    expect(await simulateRun(withSetup, store, "r1")).toEqual({ setup: "rebuild", t: "rebuild" });
    expect(await simulateRun(withSetup, store, "r2")).toEqual({ setup: "rebuild", t: "up_to_date" });
    const edited = edit(withSetup, id("setup"), { data: "CREATE MACRO v2" });
    expect(await simulateRun(edited, store, "r3")).toEqual({ setup: "rebuild", t: "rebuild" });
  });
});
