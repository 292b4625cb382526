import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CompiledGraph } from "../../src/graph/schema.js";
import type { ActionState } from "../../src/execute/strategy.js";
import { selectActions } from "../../src/select/select.js";
import { action, graphOf } from "./fixtures.js";

/**
 * Random DAGs: node i may depend only on nodes before it, so every graph is acyclic; the actions
 * are then declared in a shuffled order so the selector must sort them itself.
 */
const TAGS = ["a", "b", "c"];
const dagArbitrary = fc
  .integer({ min: 1, max: 12 })
  .chain((size) =>
    fc.record({
      deps: fc.tuple(...Array.from({ length: size }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
      tags: fc.array(fc.subarray(TAGS), { minLength: size, maxLength: size }),
      order: fc.shuffledSubarray(Array.from({ length: size }, (_, i) => i), { minLength: size, maxLength: size }),
      modified: fc.array(fc.boolean(), { minLength: size, maxLength: size }),
    }),
  )
  .map(({ deps, tags, order, modified }) => {
    const name = (i: number) => `n${i}`;
    const graph = graphOf(order.map((i) => action({ name: name(i), deps: deps[i].map(name), tags: tags[i] })));
    const state = new Map<string, ActionState>();
    graph.actions.forEach((a, k) => {
      const i = order[k];
      state.set(a.id, { actionId: a.id, lastSuccessAt: "t", dataFingerprint: modified[i] ? "old" : a.fingerprint.data });
    });
    return { graph, state, size: deps.length };
  });

/** Reference closure straight from the dependency lists, independent of GraphIndex. */
function closure(graph: CompiledGraph, start: string, direction: "up" | "down"): Set<string> {
  const next = (id: string) =>
    direction === "up" ? graph.actions.find((a) => a.id === id)!.dependencies : graph.actions.filter((a) => a.dependencies.includes(id)).map((a) => a.id);
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) for (const id of next(stack.pop()!)) if (!seen.has(id)) seen.add(id), stack.push(id);
  return seen;
}

const sel = (graph: CompiledGraph, select: string[], exclude: string[] = [], state?: Map<string, ActionState>) => selectActions(graph, { select, exclude, state });
const asSet = (ids: string[]) => new Set(ids);
const pick = (graph: CompiledGraph, k: number) => graph.actions[k % graph.actions.length].target.name;

describe("selector properties on random DAGs", () => {
  it("+x is x with its transitive upstream; x+ is x with its transitive downstream", () => {
    fc.assert(
      fc.property(dagArbitrary, fc.nat(), ({ graph }, k) => {
        const x = pick(graph, k);
        const xid = `db.analytics.${x}`;
        expect(asSet(sel(graph, [`+${x}`]))).toEqual(closure(graph, xid, "up"));
        expect(asSet(sel(graph, [`${x}+`]))).toEqual(closure(graph, xid, "down"));
        expect(asSet(sel(graph, [`+${x}+`]))).toEqual(new Set([...closure(graph, xid, "up"), ...closure(graph, xid, "down")]));
      }),
    );
  });

  it("output is always in dependency order, without duplicates", () => {
    fc.assert(
      fc.property(dagArbitrary, fc.nat(), fc.nat(), ({ graph }, k1, k2) => {
        const ids = sel(graph, [`@${pick(graph, k1)}`, `+${pick(graph, k2)}`]);
        expect(new Set(ids).size).toBe(ids.length);
        const position = new Map(ids.map((id, index) => [id, index]));
        for (const id of ids) {
          for (const dep of graph.actions.find((a) => a.id === id)!.dependencies) {
            if (position.has(dep)) expect(position.get(dep)!).toBeLessThan(position.get(id)!);
          }
        }
      }),
    );
  });

  it("select then exclude is set difference; space is union and comma is intersection", () => {
    fc.assert(
      fc.property(dagArbitrary, fc.nat(), fc.nat(), ({ graph }, k1, k2) => {
        const a = `+${pick(graph, k1)}`;
        const b = `${pick(graph, k2)}+`;
        const A = asSet(sel(graph, [a]));
        const B = asSet(sel(graph, [b]));
        expect(asSet(sel(graph, [a], [b]))).toEqual(new Set([...A].filter((id) => !B.has(id))));
        expect(asSet(sel(graph, [`${a} ${b}`]))).toEqual(new Set([...A, ...B]));
        expect(asSet(sel(graph, [a, b]))).toEqual(new Set([...A, ...B]));
        expect(asSet(sel(graph, [`${a},${b}`]))).toEqual(new Set([...A].filter((id) => B.has(id))));
        expect(sel(graph, [`${a},${b}`])).toEqual(sel(graph, [`${b},${a}`]));
        expect(sel(graph, [`${a} ${b}`])).toEqual(sel(graph, [`${b} ${a}`]));
        expect(sel(graph, [a], [a])).toEqual([]);
      }),
    );
  });

  it("state:modified+ is the modified actions and their downstream", () => {
    fc.assert(
      fc.property(dagArbitrary, ({ graph, state }) => {
        const modified = graph.actions.filter((a) => state.get(a.id)!.dataFingerprint !== a.fingerprint.data).map((a) => a.id);
        expect(asSet(sel(graph, ["state:modified"], [], state))).toEqual(new Set(modified));
        const expected = new Set(modified.flatMap((id) => [...closure(graph, id, "down")]));
        expect(asSet(sel(graph, ["state:modified+"], [], state))).toEqual(expected);
      }),
    );
  });
});
