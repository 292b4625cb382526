import { describe, expect, it } from "vitest";
import { planRun } from "../../src/plan/plan.js";
import { action, graphOf } from "./fixture.js";

describe("planRun selection", () => {
  const a = action({ name: "a", tags: ["x"] });
  const b = action({ name: "b", dependencies: [a.id] });
  const off = action({ name: "off", disabled: true });
  const graph = graphOf([a, b, off]);
  const ids = (selection: Parameters<typeof planRun>[1]) => planRun(graph, selection).actions.map((action) => action.target.name);

  it("covers every enabled action only when no list is given", () => {
    expect(ids({})).toEqual(["a", "b"]);
  });

  it("an explicit empty list selects nothing", () => {
    expect(ids({ ids: [] })).toEqual([]);
    expect(ids({ actions: [] })).toEqual([]);
    expect(ids({ actions: [], tags: [] })).toEqual([]);
  });

  it("exact ids join names and tags, and disabled actions stay out", () => {
    expect(ids({ ids: [b.id, off.id] })).toEqual(["b"]);
    expect(ids({ ids: [b.id], tags: ["x"] })).toEqual(["a", "b"]);
    expect(ids({ ids: [b.id], includeDeps: true })).toEqual(["a", "b"]);
  });
});
