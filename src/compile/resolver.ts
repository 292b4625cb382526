import type { Diagnostic } from "../errors.js";
import type { Target } from "../graph/schema.js";
import type { Definition } from "./definition.js";
import { didYouMean } from "./did-you-mean.js";

/**
 * Finds the action a ref()/resolve()/dependency points at, with Dataform's rules: by name,
 * optionally narrowed by schema and database; an ambiguous name is an error.
 */

export interface RefTarget {
  name: string;
  schema?: string;
  database?: string;
}

export function refTargetFrom(args: unknown[]): RefTarget | string {
  const [a, b, c] = args;
  if (args.length === 1 && a && typeof a === "object") {
    const o = a as Record<string, unknown>;
    const name = o.name;
    if (typeof name !== "string") return "ref({…}) needs a string `name`";
    const schema = o.schema ?? o.dataset;
    const database = o.database ?? o.project;
    return {
      name,
      ...(typeof schema === "string" ? { schema } : {}),
      ...(typeof database === "string" ? { database } : {}),
    };
  }
  if (args.length === 1 && typeof a === "string") return { name: a };
  if (args.length === 2 && typeof a === "string" && typeof b === "string") return { schema: a, name: b };
  if (args.length === 3 && typeof a === "string" && typeof b === "string" && typeof c === "string") return { database: a, schema: b, name: c };
  return "ref() expects (name), (schema, name), (database, schema, name) or ({ name, schema?, database? })";
}

export function describeRef(ref: RefTarget): string {
  return [ref.database, ref.schema, ref.name].filter(Boolean).join(".");
}

export class ActionIndex {
  private readonly byName = new Map<string, Definition[]>();

  constructor(
    readonly definitions: Definition[],
    private readonly brokenNames: Set<string> = new Set(),
  ) {
    for (const definition of definitions) {
      this.add(definition.baseName, definition);
      if (definition.target.name !== definition.baseName) this.add(definition.target.name, definition);
    }
  }

  private add(name: string, definition: Definition): void {
    const list = this.byName.get(name);
    if (!list) this.byName.set(name, [definition]);
    else if (!list.includes(definition)) list.push(definition);
  }

  /** The matching definition, or a diagnostic message and hint. */
  find(ref: RefTarget): Definition | { message: string; hint?: string; silent?: boolean } {
    let candidates = this.byName.get(ref.name) ?? [];
    if (candidates.length === 0 && !ref.schema && ref.name.includes(".")) {
      const parts = ref.name.split(".");
      return this.find({ name: parts[parts.length - 1], schema: parts[parts.length - 2], ...(parts.length > 2 ? { database: parts[0] } : {}) });
    }
    if (ref.schema) candidates = candidates.filter((d) => matchesSchema(d.target, ref.schema!));
    if (ref.database) candidates = candidates.filter((d) => d.target.database === ref.database);
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      return {
        message: `ambiguous ref "${describeRef(ref)}": ${candidates.map((d) => d.id).join(", ")}`,
        hint: "add the schema: ref(\"schema\", \"name\")",
      };
    }
    if (this.brokenNames.has(ref.name)) return { message: `ref "${describeRef(ref)}" points at a file that failed to compile`, silent: true };
    const suggestion = didYouMean(ref.name, this.byName.keys());
    return {
      message: `unknown ref "${describeRef(ref)}"`,
      hint: suggestion ? `did you mean "${suggestion}"?` : "declare external tables with type: \"declaration\"",
    };
  }
}

function matchesSchema(target: Target, schema: string): boolean {
  return target.schema === schema || target.schema.startsWith(`${schema}_`);
}

export function pushDiagnostic(diagnostics: Diagnostic[], code: string, file: string, position: { line?: number; column?: number }, message: string, hint?: string): void {
  diagnostics.push({ code, message, location: { file, ...position }, ...(hint ? { hint } : {}) });
}
