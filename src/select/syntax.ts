import { SluiceError } from "../errors.js";
import { suggestionHint } from "./did-you-mean.js";

/**
 * The selector language, following dbt's conventions so people who know one know the other:
 *   - separate values (several --select flags, or words split by spaces) are a UNION;
 *   - a comma inside one word is an INTERSECTION (`tag:nightly,type:table`);
 *   - `+x` adds everything upstream of x, `x+` everything downstream, `2+x` / `x+1` limit the
 *     depth, `@x` is x, its downstream and everything those need upstream.
 * Parsing is separate from evaluation so syntax errors surface before any graph or state is read.
 */

export const SELECTOR_METHODS = ["name", "tag", "path", "type", "target", "engine", "state"] as const;
export type SelectorMethod = (typeof SELECTOR_METHODS)[number];

export interface SelectorAtom {
  /** The text the user wrote, for error messages. */
  raw: string;
  method: SelectorMethod;
  value: string;
  /** How many levels upstream to add: 0 none, Infinity for `+x`. */
  parents: number;
  /** How many levels downstream to add. */
  children: number;
  /** `@x`: x, its downstream, and the upstream of all of those. */
  childrenWithParents: boolean;
}

/** Atoms that must all match (a comma-joined word). */
export type SelectorTerm = SelectorAtom[];
/** Terms of which any may match (separate words or flags). */
export type SelectorExpression = SelectorTerm[];

const ATOM = /^(?:(\d*)\+)?(@)?([^+@]+?)(?:\+(\d*))?$/;

export function parseSelectors(values: readonly string[]): SelectorExpression {
  const expression: SelectorExpression = [];
  for (const value of values) {
    for (const word of value.split(/\s+/).filter((part) => part.length > 0)) {
      expression.push(word.split(",").map((atom) => parseAtom(atom, word)));
    }
  }
  return expression;
}

function parseAtom(text: string, word: string): SelectorAtom {
  const match = ATOM.exec(text);
  if (!match || text.length === 0) {
    throw syntaxError(`cannot read selector "${text || word}"`, "write a name, method:value, +name, name+ or @name; join with a comma to intersect, a space to unite");
  }
  const [, parentDepth, at, body, childDepth] = match;
  if (at && parentDepth !== undefined) {
    throw syntaxError(`"${text}" combines @ with a leading +`, "@name already includes everything upstream of the downstream actions");
  }
  const colon = body.indexOf(":");
  let method: SelectorMethod = "name";
  let value = body;
  if (colon >= 0) {
    const name = body.slice(0, colon);
    if (!(SELECTOR_METHODS as readonly string[]).includes(name)) {
      throw syntaxError(`unknown selector method "${name}:" in "${text}"`, suggestionHint(name, SELECTOR_METHODS) ?? `methods: ${SELECTOR_METHODS.join(", ")}`);
    }
    method = name as SelectorMethod;
    value = body.slice(colon + 1);
  } else if (body.includes("/") || body.endsWith(".sqlx")) {
    // A bare file path reads as path:, as in dbt.
    method = "path";
  }
  if (value.length === 0) throw syntaxError(`selector "${text}" has no value after "${method}:"`, undefined);
  return {
    raw: text,
    method,
    value,
    parents: depth(parentDepth),
    children: depth(childDepth),
    childrenWithParents: at === "@",
  };
}

/** undefined → no operator; "" → unlimited; digits → that many levels. */
function depth(text: string | undefined): number {
  if (text === undefined) return 0;
  return text === "" ? Infinity : Number(text);
}

function syntaxError(message: string, hint: string | undefined): SluiceError {
  return new SluiceError({ message, hint, code: "selector-syntax" });
}
