import type { BuiltinAssertionsConfig } from "./config.js";

/**
 * SQL for the assertions declared in a model's `assertions: {…}` config. Each kind is one small
 * generator returning queries that select the violating rows (an assertion passes on zero rows).
 * Names follow Dataform 3: `<schema>_<name>_assertions_<kind>[_<index>]`, with nonNull folded into
 * rowConditions. The SQL is portable ANSI so it runs unchanged on every engine.
 */

export interface BuiltinAssertion {
  /** Suffix after `<schema>_<name>_assertions_`. */
  suffix: string;
  /** Config key path the assertion comes from (for diagnostics). */
  key: string;
  query: string;
}

export interface AssertionSqlContext {
  /** The quoted relation of the model under test. */
  relation: string;
  /** Quoted relation of another action (relationships), or undefined when it cannot be resolved. */
  ref(to: unknown, key: string): string | undefined;
  literal(value: string): string;
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

const uniqueKeys: Generator = (config, { relation }) => {
  const keys = config.uniqueKey?.length ? [config.uniqueKey] : (config.uniqueKeys ?? []);
  return keys.map((columns, index) => ({ suffix: `uniqueKey_${index}`, key: config.uniqueKey?.length ? "assertions.uniqueKey" : "assertions.uniqueKeys", query: uniqueKeySql(relation, columns) }));
};

const rowConditions: Generator = (config, { relation, literal }) => {
  const conditions = [...(config.rowConditions ?? []), ...(config.nonNull ?? []).map((column) => `${column} IS NOT NULL`)];
  return conditions.length ? [{ suffix: "rowConditions", key: "assertions.rowConditions", query: rowConditionsSql(relation, conditions, literal) }] : [];
};

const acceptedValues: Generator = (config, { relation, literal }) =>
  (config.acceptedValues ?? []).map(({ column, values }, index) => ({
    suffix: `acceptedValues_${index}`,
    key: "assertions.acceptedValues",
    query: `SELECT *\nFROM ${relation}\nWHERE ${column} IS NOT NULL\n  AND ${column} NOT IN (${values.map((v) => (typeof v === "string" ? literal(v) : String(v))).join(", ")})`,
  }));

const range: Generator = (config, { relation }) =>
  (config.range ?? []).map(({ column, min, max }, index) => {
    const bounds = [min !== undefined ? `${column} < ${min}` : undefined, max !== undefined ? `${column} > ${max}` : undefined].filter(Boolean);
    return {
      suffix: `range_${index}`,
      key: "assertions.range",
      query: `SELECT *\nFROM ${relation}\nWHERE ${bounds.length ? bounds.join(" OR ") : "FALSE"}`,
    };
  });

const relationships: Generator = (config, context) =>
  (config.relationships ?? []).flatMap(({ column, to, field }, index) => {
    const parent = context.ref(to, "assertions.relationships");
    if (!parent) return [];
    return [
      {
        suffix: `relationships_${index}`,
        key: "assertions.relationships",
        query: `SELECT child.*\nFROM ${context.relation} AS child\nWHERE child.${column} IS NOT NULL\n  AND NOT EXISTS (SELECT 1 FROM ${parent} AS parent WHERE parent.${field} = child.${column})`,
      },
    ];
  });

const rowCount: Generator = (config, { relation }) => {
  if (!config.rowCount) return [];
  const { min, max } = config.rowCount;
  const checks = [min !== undefined ? `row_count < ${min}` : undefined, max !== undefined ? `row_count > ${max}` : undefined].filter(Boolean);
  return [
    {
      suffix: "rowCount",
      key: "assertions.rowCount",
      query: `SELECT row_count\nFROM (SELECT COUNT(*) AS row_count FROM ${relation}) AS counted\nWHERE ${checks.length ? checks.join(" OR ") : "FALSE"}`,
    },
  ];
};

/** Order matters only for output order; add new kinds here. */
const GENERATORS: Generator[] = [uniqueKeys, rowConditions, acceptedValues, range, relationships, rowCount];

export function builtinAssertions(config: BuiltinAssertionsConfig, context: AssertionSqlContext): BuiltinAssertion[] {
  return GENERATORS.flatMap((generate) => generate(config, context));
}

export function builtinAssertionName(parent: { schema: string; name: string }, suffix: string): string {
  return `${parent.schema}_${parent.name}_assertions_${suffix}`;
}
