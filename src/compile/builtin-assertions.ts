import type { BuiltinAssertionsConfig } from "./config.js";
import { assertionSql, type ExtraAssertionSpec } from "../quality/assertion-sql.js";

/**
 * SQL for the assertions declared in a model's `assertions: {…}` config. Each kind is one small
 * generator returning queries that select the violating rows (an assertion passes on zero rows).
 * Names follow Dataform 3: `<schema>_<name>_assertions_<kind>[_<index>]`, with nonNull folded into
 * rowConditions. The SQL is portable so it runs unchanged on every engine.
 */

export interface BuiltinAssertion {
  /** Suffix after `<schema>_<name>_assertions_`. */
  suffix: string;
  /** Config key path the assertion comes from (for diagnostics). */
  key: string;
  query: string;
  /** uniqueKey of an incremental merge model on its own key: the check on the merged keys only. */
  mergedKeysQuery?: string;
  /** What a failure means, with a `{violations}` placeholder (extra kinds). */
  description?: string;
}

export interface AssertionSqlContext {
  /** The quoted relation of the model under test. */
  relation: string;
  /** The model's name, for failure messages. */
  name: string;
  /** Quoted relation of another action (relationships), or undefined when it cannot be resolved. */
  ref(to: unknown, key: string): string | undefined;
  literal(value: string): string;
  /** Set when the model is incremental and merges on uniqueKey: the relation its runs leave the merged keys in. */
  mergedKeys?: { relation: string; uniqueKey: string[] };
}

type Generator = (config: BuiltinAssertionsConfig, context: AssertionSqlContext) => BuiltinAssertion[];

/** Same text as Dataform's indexAssertion, so conformance holds. */
export function uniqueKeySql(relation: string, columns: string[]): string {
  const list = columns.join(", ");
  return `\nSELECT\n  *\nFROM (\n  SELECT\n    ${list},\n    COUNT(1) AS index_row_count\n  FROM ${relation}\n  GROUP BY ${list}\n  ) AS data\nWHERE index_row_count > 1\n`;
}

/**
 * Same text as Dataform's rowConditionsAssertion, except that the condition is quoted with the
 * engine's own string literal (Dataform's BigQuery `\\'` escape is not valid on DuckDB or Snowflake).
 */
export function rowConditionsSql(relation: string, conditions: string[], literal: (value: string) => string): string {
  return conditions.map((c) => `\nSELECT\n  ${literal(c)} AS failing_row_condition,\n  *\nFROM ${relation}\nWHERE NOT (${c})\n`).join("UNION ALL");
}

/**
 * The uniqueKey check limited to the keys in `keys`. A merge on the same key with a batch of
 * distinct keys updates each matched row in place and inserts each new key once, so if the table
 * was unique before, only a merged key can now be duplicated (say, by a row written outside the
 * pipeline): checking those is checking the table. NULL parts match as the merge matches them.
 */
export function uniqueKeyMergedSql(relation: string, columns: string[], keys: string): string {
  const list = columns.join(", ");
  const matches = columns.map((c) => `m.${c} IS NOT DISTINCT FROM t.${c}`).join(" AND ");
  return `\nSELECT\n  *\nFROM (\n  SELECT\n    ${columns.map((c) => `t.${c}`).join(", ")},\n    COUNT(1) AS index_row_count\n  FROM ${relation} AS t\n  WHERE EXISTS (SELECT 1 FROM ${keys} AS m WHERE ${matches})\n  GROUP BY ${columns.map((c) => `t.${c}`).join(", ")}\n  ) AS data\nWHERE index_row_count > 1\n`;
}

const sameColumns = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.some((d) => d.toLowerCase() === c.toLowerCase()));

const uniqueKeys: Generator = (config, { relation, mergedKeys }) => {
  const keys = config.uniqueKey?.length ? [config.uniqueKey] : (config.uniqueKeys ?? []);
  return keys.map((columns, index) => ({
    suffix: `uniqueKey_${index}`,
    key: config.uniqueKey?.length ? "assertions.uniqueKey" : "assertions.uniqueKeys",
    query: uniqueKeySql(relation, columns),
    ...(mergedKeys && sameColumns(columns, mergedKeys.uniqueKey) ? { mergedKeysQuery: uniqueKeyMergedSql(relation, columns, mergedKeys.relation) } : {}),
  }));
};

const rowConditions: Generator = (config, { relation, literal }) => {
  const conditions = [...(config.rowConditions ?? []), ...(config.nonNull ?? []).map((column) => `${column} IS NOT NULL`)];
  return conditions.length ? [{ suffix: "rowConditions", key: "assertions.rowConditions", query: rowConditionsSql(relation, conditions, literal) }] : [];
};

/**
 * Sluice's extra kinds share their SQL with the data-quality module, so the compiled assertion and
 * what `sluice test --assertions` reports are one definition. Single kinds carry no index.
 */
function extraKinds(config: BuiltinAssertionsConfig, context: AssertionSqlContext): ExtraAssertionSpec[] {
  const specs: ExtraAssertionSpec[] = [];
  for (const spec of config.acceptedValues ?? []) specs.push({ kind: "acceptedValues", ...spec });
  for (const spec of config.range ?? []) specs.push({ kind: "range", ...spec });
  for (const { column, to, field } of config.relationships ?? []) {
    const parent = context.ref(to, "assertions.relationships");
    if (parent) specs.push({ kind: "relationships", column, to: parent, field });
  }
  if (config.freshness) specs.push({ kind: "freshness", ...config.freshness });
  if (config.rowCount) specs.push({ kind: "rowCount", ...config.rowCount });
  if (config.volume) specs.push({ kind: "volume", ...config.volume });
  return specs;
}

const extras: Generator = (config, context) => {
  const perKind = new Map<string, number>();
  return extraKinds(config, context).map((spec) => {
    const index = perKind.get(spec.kind) ?? 0;
    perKind.set(spec.kind, index + 1);
    const sql = assertionSql(spec, { relation: context.relation, name: context.name, literal: context.literal });
    return {
      suffix: SINGLE_KINDS.has(spec.kind) ? spec.kind : `${spec.kind}_${index}`,
      key: `assertions.${spec.kind}`,
      query: sql.query,
      description: sql.messageTemplate,
    };
  });
};

const SINGLE_KINDS = new Set(["freshness", "rowCount", "volume"]);

/** Order matters only for output order; add new kinds here. */
const GENERATORS: Generator[] = [uniqueKeys, rowConditions, extras];

export function builtinAssertions(config: BuiltinAssertionsConfig, context: AssertionSqlContext): BuiltinAssertion[] {
  return GENERATORS.flatMap((generate) => generate(config, context));
}

export function builtinAssertionName(parent: { schema: string; name: string }, suffix: string): string {
  return `${parent.schema}_${parent.name}_assertions_${suffix}`;
}
