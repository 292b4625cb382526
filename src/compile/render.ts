import type { Diagnostic } from "../errors.js";
import { dialectFor } from "../engines/registry.js";
import type { EngineKind, Target } from "../graph/schema.js";
import type { Definition, RenderApi, RenderedParts } from "./definition.js";
import { jsErrorMessage } from "./js-errors.js";
import { describeRef, refTargetFrom, type ActionIndex, type RefTarget } from "./resolver.js";
import type { TransferRegistry } from "./transfers.js";
import { hasDropRule, quarantineTarget } from "../quality/expectations.js";

/**
 * Renders a definition's SQL with the functions SQLX code sees (ref, self, quarantine, when,
 * incremental…),
 * recording the dependencies its refs create. A ref to an action on another engine target renders
 * the transfer that copies it, so every query reads only relations of its own engine.
 */

export interface RenderOutcome {
  parts: RenderedParts;
  /** Dependency id → target, in first-ref order. */
  dependencies: Map<string, Target>;
}

export interface RenderOptions {
  incremental: boolean;
  /** Test inputs: a ref to one of these names renders the fixture SQL as a subquery. */
  inputOverrides?: Map<string, string>;
}

/** Shared, per-compile state read by includes through `sluice.engine()`. */
export interface EngineState {
  engine: EngineKind;
}

export class Renderer {
  private readonly reported = new Set<string>();

  constructor(
    private readonly index: ActionIndex,
    private readonly transfers: TransferRegistry,
    private readonly state: EngineState,
    private readonly diagnostics: Diagnostic[],
    /** Schema of the quarantine tables that expectations' drop rules fill (`quarantine()`). */
    private readonly auditSchema: string,
  ) {}

  render(definition: Definition, options: RenderOptions): RenderOutcome | undefined {
    if (!definition.render) return undefined;
    const dependencies = new Map<string, Target>();
    let offset = definition.offset;
    const report = (code: string, message: string, hint?: string) => {
      const position = definition.file.lines.position(offset);
      const key = `${definition.file.path}:${position.line}:${position.column}:${message}`;
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.diagnostics.push({ code, message, location: { file: definition.file.path, ...position }, ...(hint ? { hint } : {}) });
    };
    const lookup = (args: unknown[]): Definition | undefined => {
      const ref = refTargetFrom(args);
      if (typeof ref === "string") {
        report("ref-arguments", ref);
        return undefined;
      }
      const found = this.index.find(ref);
      if ("message" in found) {
        if (!found.silent) report("unknown-ref", found.message, found.hint);
        return undefined;
      }
      return found;
    };
    const overrideFor = (args: unknown[]): string | undefined => {
      if (!options.inputOverrides) return undefined;
      const ref = refTargetFrom(args);
      if (typeof ref === "string") return undefined;
      return options.inputOverrides.get(describeRef(ref)) ?? options.inputOverrides.get(ref.name);
    };
    const self = () => dialectFor(definition.engine).relation(definition.target);
    const quarantine = (...args: unknown[]) => {
      if (args.length && options.inputOverrides) {
        // A unit test: an input named "<model>_quarantine" stands for it, else the model's input with no rows.
        const ref = refTargetFrom(args);
        if (typeof ref !== "string") {
          const own = options.inputOverrides.get(`${ref.name}_quarantine`);
          if (own !== undefined) return `(${own})`;
          const model = overrideFor(args);
          if (model !== undefined) return `(SELECT * FROM (${model}) AS quarantined WHERE 1 = 0)`;
        }
      }
      const of = args.length ? lookup(args) : definition;
      if (!of) return unresolved(args);
      // Only drop rules ever create the table: a query reading it otherwise fails at run time.
      if (!hasDropRule(of.config.expectations ?? [])) {
        report("quarantine-without-drop-rules", `ctx.quarantine(${args.length ? JSON.stringify(of.target.name) : ""}) in ${definition.target.name}: ${of.target.name} has no drop expectation, so its quarantine table never exists`, 'add an expectation with action: "drop", or leave the quarantine out of the query');
      }
      if (of !== definition) {
        if (of.targetName !== definition.targetName) {
          report("quarantine-other-target", `ctx.quarantine(${JSON.stringify(of.target.name)}) in ${definition.target.name}: the quarantine is on target ${of.targetName}, the model on ${definition.targetName}`, "read another model's quarantine only on the same engine target");
        }
        // Read after the model that fills it, as a ref would be.
        dependencies.set(of.id, of.target);
      }
      return dialectFor(of.engine).relation(quarantineTarget(of.target, this.auditSchema));
    };
    const api: RenderApi = {
      get ctx() {
        return api;
      },
      self,
      quarantine,
      ref: (...args: unknown[]) => {
        const override = overrideFor(args);
        if (override !== undefined) return `(${override})`;
        const to = lookup(args);
        if (!to) return unresolved(args);
        return this.relationFrom(definition, to, dependencies);
      },
      resolve: (...args: unknown[]) => {
        const override = overrideFor(args);
        if (override !== undefined) return `(${override})`;
        const to = lookup(args);
        return to ? dialectFor(to.engine).relation(to.target) : unresolved(args);
      },
      name: () => definition.target.name,
      when: (condition: unknown, then: unknown, otherwise: unknown = "") => (condition ? then : otherwise),
      incremental: () => options.incremental,
      database: () => definition.target.database,
      schema: () => definition.target.schema,
      engine: definition.engine,
      __at: (at: number) => {
        offset = at;
      },
    };
    const previousEngine = this.state.engine;
    this.state.engine = definition.engine;
    try {
      const parts = definition.render(api);
      return { parts, dependencies };
    } catch (error) {
      const position = definition.file.locate(error);
      if (position.line === undefined) Object.assign(position, definition.file.lines.position(offset));
      const message = `JavaScript error: ${jsErrorMessage(error)}`;
      const key = `${definition.file.path}:${position.line}:${message}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.diagnostics.push({ code: "js-error", message, location: { file: definition.file.path, ...position } });
      }
      return undefined;
    } finally {
      this.state.engine = previousEngine;
    }
  }

  /** The relation `from` reads `to` through, adding the dependency (and a transfer across engines). */
  relationFrom(from: Pick<Definition, "targetName">, to: Definition, dependencies: Map<string, Target>): string {
    if (to.targetName !== from.targetName) {
      const transfer = this.transfers.get(to, from.targetName);
      dependencies.set(transfer.id, transfer.target);
      return dialectFor(transfer.engine).relation(transfer.target);
    }
    dependencies.set(to.id, to.target);
    return dialectFor(to.engine).relation(to.target);
  }

  /** Resolves a dependency named in config (no data flows, so no transfer). */
  lookupDependency(ref: unknown): Definition | { message: string; hint?: string; silent?: boolean } {
    const target = refTargetFrom([ref]);
    if (typeof target === "string") return { message: target };
    return this.index.find(target as RefTarget);
  }
}

function unresolved(args: unknown[]): string {
  return `/* unresolved ref ${args.map((a) => JSON.stringify(a)).join(", ")} */`;
}
