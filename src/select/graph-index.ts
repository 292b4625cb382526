import type { Action, CompiledGraph } from "../graph/schema.js";
import { CycleError, Dag } from "../graph/dag.js";
import { SluiceError } from "../errors.js";

/**
 * What selection needs from the graph, built once per call on the shared Dag: actions by id,
 * direct edges both ways, dependency order, and walks limited by depth (for `2+name`).
 * Edges to ids outside the graph (undeclared sources) are dropped: nothing is selected through them.
 */
export class GraphIndex {
  readonly byId = new Map<string, Action>();
  readonly upstream = new Map<string, string[]>();
  readonly downstream = new Map<string, string[]>();
  /** Every id in dependency order (ties in declaration order, so output is deterministic). */
  readonly order: string[];
  private readonly position = new Map<string, number>();

  constructor(readonly graph: CompiledGraph) {
    const dag = new Dag(graph.actions);
    for (const action of graph.actions) {
      this.byId.set(action.id, action);
      this.upstream.set(action.id, [...new Set(dag.dependenciesOf(action.id))]);
      this.downstream.set(action.id, [...new Set(dag.dependentsOf(action.id))]);
    }
    try {
      this.order = dag.topologicalOrder();
    } catch (error) {
      if (!(error instanceof CycleError)) throw error;
      // The compiler rejects cycles; a graph read from elsewhere may still have one.
      throw new SluiceError({ message: error.message, hint: "recompile the project: `sluice compile` reports where the cycle is", code: "cycle" });
    }
    this.order.forEach((id, index) => this.position.set(id, index));
  }

  get ids(): string[] {
    return this.order;
  }

  /** Ids reachable from `starts` along one direction, at most `depth` steps (Infinity for all); the starts themselves only if reached again. */
  walk(starts: Iterable<string>, direction: "upstream" | "downstream", depth = Infinity): Set<string> {
    const edges = direction === "upstream" ? this.upstream : this.downstream;
    const found = new Set<string>();
    let frontier = [...starts];
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const neighbour of edges.get(id) ?? []) {
          if (!found.has(neighbour)) {
            found.add(neighbour);
            next.push(neighbour);
          }
        }
      }
      frontier = next;
    }
    return found;
  }

  /** The given ids, deduplicated, in dependency order. */
  sort(ids: Iterable<string>): string[] {
    return [...new Set(ids)].filter((id) => this.position.has(id)).sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }
}
