import { afterEach, describe, expect, it } from "vitest";
import { EngineStateStore } from "../../src/state/store.js";
import { action, makeProject, withoutTransactions, type TestProject } from "../execute/fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

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
