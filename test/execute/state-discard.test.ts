import { afterEach, describe, expect, it } from "vitest";
import { EngineStateStore } from "../../src/state/store.js";
import { action, makeProject, type TestProject } from "./fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

describe("state written inside a transaction that rolls back", () => {
  it("is forgotten by discard, so a retry reads the watermark that was committed", async () => {
    project = makeProject();
    const model = action({ name: "transfer_like", type: "table", query: "SELECT 1 AS x" });
    const adapter = await project.db("lakehouse");
    const previousRun = new EngineStateStore([model], () => project.db("lakehouse"), "run-1");
    await previousRun.prepareTarget("lakehouse");
    await previousRun.put({ actionId: model.id, watermark: "w1" }, adapter);

    const store = new EngineStateStore([model], () => project.db("lakehouse"), "run-2");
    expect((await store.get(model.id))?.watermark).toBe("w1");

    // The next attempt writes w2 through its transaction, which then fails and rolls back.
    await expect(
      adapter.transaction(async () => {
        await store.put({ actionId: model.id, watermark: "w2" }, adapter);
        throw new Error("COMMIT failed: transaction conflict");
      }),
    ).rejects.toThrow(/transaction conflict/);
    expect((await store.get(model.id))?.watermark).toBe("w2"); // what the attempt told the store
    await store.discard(model.id);
    expect((await store.get(model.id))?.watermark).toBe("w1");

    // And the engine agrees: a fresh store reads w1 back.
    const fresh = new EngineStateStore([model], () => project.db("lakehouse"), "run-3");
    expect((await fresh.get(model.id))?.watermark).toBe("w1");
  });
});
