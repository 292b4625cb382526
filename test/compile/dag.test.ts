import { describe, expect, it } from "vitest";
import { CycleError, Dag } from "../../src/graph/dag.js";

const dag = (edges: Record<string, string[]>) => new Dag(Object.entries(edges).map(([id, dependencies]) => ({ id, dependencies })));

describe("Dag", () => {
  const diamond = dag({ src: [], left: ["src"], right: ["src"], sink: ["left", "right"], other: [] });

  it("orders every dependency before its dependents", () => {
    const order = diamond.topologicalOrder();
    expect(order).toHaveLength(5);
    for (const [id, deps] of [["left", ["src"]], ["right", ["src"]], ["sink", ["left", "right"]]] as const) {
      for (const dep of deps) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(id));
    }
    expect(diamond.levels()).toEqual([["src", "other"], ["left", "right"], ["sink"]]);
  });

  it("computes upstream and downstream closures without the start nodes", () => {
    expect([...diamond.upstream(["sink"])].sort()).toEqual(["left", "right", "src"]);
    expect([...diamond.downstream(["left"])]).toEqual(["sink"]);
    expect([...diamond.downstream(["src"])].sort()).toEqual(["left", "right", "sink"]);
    expect(diamond.upstream(["other"]).size).toBe(0);
  });

  it("ignores dependencies on ids outside the graph", () => {
    expect(dag({ a: ["external.table"] }).topologicalOrder()).toEqual(["a"]);
  });

  it("finds a cycle and returns its path in data-flow order", () => {
    const cyclic = dag({ a: ["c"], b: ["a"], c: ["b"], d: ["a"] });
    const cycle = cyclic.findCycle()!;
    expect(cycle).toHaveLength(4);
    expect(cycle[0]).toBe(cycle[3]);
    // each step feeds the next one: the next id depends on the previous
    for (let i = 0; i < 3; i++) expect(cyclic.dependenciesOf(cycle[i + 1])).toContain(cycle[i]);
    expect(() => cyclic.topologicalOrder()).toThrow(CycleError);
    expect(diamond.findCycle()).toBeUndefined();
  });

  it("detects a self-dependency", () => {
    expect(dag({ a: ["a"] }).findCycle()).toEqual(["a", "a"]);
  });
});
