/**
 * The dependency graph of compiled actions: topological order, cycle detection (returning the
 * path) and upstream/downstream closures. Compile, plan, runner and selection all use it.
 */

export interface DagNode {
  id: string;
  dependencies: readonly string[];
}

export class Dag {
  private readonly nodes = new Map<string, DagNode>();
  private readonly dependents = new Map<string, string[]>();

  constructor(nodes: Iterable<DagNode>) {
    for (const node of nodes) this.nodes.set(node.id, node);
    for (const node of this.nodes.values()) {
      for (const dep of node.dependencies) {
        const list = this.dependents.get(dep);
        if (list) list.push(node.id);
        else this.dependents.set(dep, [node.id]);
      }
    }
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Direct dependencies that exist in the graph. */
  dependenciesOf(id: string): string[] {
    return (this.nodes.get(id)?.dependencies ?? []).filter((d) => this.nodes.has(d));
  }

  dependentsOf(id: string): string[] {
    return this.dependents.get(id) ?? [];
  }

  /**
   * Ids with every dependency before its dependents (Kahn's algorithm, ties in input order).
   * Throws CycleError when the graph has a cycle.
   */
  topologicalOrder(): string[] {
    const remaining = new Map<string, number>();
    for (const id of this.nodes.keys()) remaining.set(id, this.dependenciesOf(id).length);
    const ready: string[] = [];
    for (const [id, count] of remaining) if (count === 0) ready.push(id);
    const order: string[] = [];
    for (let i = 0; i < ready.length; i++) {
      const id = ready[i];
      order.push(id);
      for (const dependent of this.dependentsOf(id)) {
        const left = remaining.get(dependent)! - 1;
        remaining.set(dependent, left);
        if (left === 0) ready.push(dependent);
      }
    }
    if (order.length !== this.nodes.size) throw new CycleError(this.findCycle() ?? []);
    return order;
  }

  /** Groups of ids whose dependencies are all in earlier groups (what may run in parallel). */
  levels(): string[][] {
    const level = new Map<string, number>();
    const result: string[][] = [];
    for (const id of this.topologicalOrder()) {
      const l = Math.max(-1, ...this.dependenciesOf(id).map((d) => level.get(d)!)) + 1;
      level.set(id, l);
      (result[l] ??= []).push(id);
    }
    return result;
  }

  /** One cycle as a path that starts and ends at the same id, or undefined. */
  findCycle(): string[] | undefined {
    const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
    for (const start of this.nodes.keys()) {
      if (state.has(start)) continue;
      const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const deps = this.dependenciesOf(top.id);
        if (top.next >= deps.length) {
          state.set(top.id, 2);
          stack.pop();
          continue;
        }
        const dep = deps[top.next++];
        const s = state.get(dep);
        if (s === 1) {
          const from = stack.findIndex((f) => f.id === dep);
          // Report in data-flow order: upstream first.
          return [...stack.slice(from).map((f) => f.id), dep].reverse();
        }
        if (s === undefined) {
          state.set(dep, 1);
          stack.push({ id: dep, next: 0 });
        }
      }
    }
    return undefined;
  }

  /** Every action the given ones depend on, transitively (not including them). */
  upstream(ids: Iterable<string>): Set<string> {
    return this.closure(ids, (id) => this.dependenciesOf(id));
  }

  /** Every action that depends on the given ones, transitively (not including them). */
  downstream(ids: Iterable<string>): Set<string> {
    return this.closure(ids, (id) => this.dependentsOf(id));
  }

  private closure(ids: Iterable<string>, next: (id: string) => string[]): Set<string> {
    const seen = new Set<string>();
    const queue = [...ids];
    const start = new Set(queue);
    while (queue.length) {
      for (const n of next(queue.pop()!)) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    for (const id of start) seen.delete(id);
    return seen;
  }
}

export class CycleError extends Error {
  constructor(readonly path: string[]) {
    super(`dependency cycle: ${path.join(" -> ")}`);
    this.name = "CycleError";
  }
}
