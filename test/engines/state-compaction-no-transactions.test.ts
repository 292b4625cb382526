import { afterEach, describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import { EngineStateStore } from "../../src/state/store.js";
import { action, makeProject, type TestProject } from "../execute/fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

/**
 * A DuckDB connection that behaves like an engine without transactions (Delta): every statement
 * commits on its own, transaction() just runs its function, and INSERT can be made to fail as a
 * crash would.
 */
function withoutTransactions(adapter: EngineAdapter, failOn?: RegExp): EngineAdapter {
  return Object.assign(Object.create(adapter) as EngineAdapter, {
    capabilities: { ...adapter.capabilities, transactions: false, transactionalDdl: false },
    execute: (sql: string, options?: Parameters<EngineAdapter["execute"]>[1]) => {
      if (failOn?.test(sql)) return Promise.reject(new Error("crash"));
      return adapter.execute(sql, options);
    },
    transaction: <T>(fn: () => Promise<T>) => fn(),
  });
}

describe("state compaction on an engine without transactions", () => {
  it("is one atomic statement: a crash where DELETE … INSERT would have split leaves every state readable", async () => {
    project = makeProject();
    const model = action({ name: "m", type: "table", query: "SELECT 1 AS x" });
    const db = await project.db("lakehouse");
    for (const [run, watermark] of [["run-1", "w1"], ["run-2", "w2"]] as const) {
      const store = new EngineStateStore([model], () => project.db("lakehouse"), run);
      await store.prepareTarget("lakehouse");
      await store.put({ actionId: model.id, watermark }, db);
    }
    // Two rows for one action: the next run compacts them, and an INSERT crashes.
    const store = new EngineStateStore([model], async () => withoutTransactions(db, /^INSERT/), "run-3");
    await store.prepareTarget("lakehouse");

    const fresh = new EngineStateStore([model], () => project.db("lakehouse"), "run-4");
    expect((await fresh.get(model.id))?.watermark).toBe("w2");
    expect(await project.rows(`SELECT count(*)::INTEGER AS n FROM lakehouse._sluice.action_state`)).toEqual([{ n: 1 }]);
  });
});
