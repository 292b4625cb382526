import { z } from "zod";
import type { SqlDialect } from "../engines/adapter.js";
import type { Target } from "../graph/schema.js";

/**
 * SQL for Sluice's extra built-in assertion kinds; the compiler (src/compile/builtin-assertions.ts)
 * names them and turns them into assertion actions (Dataform's uniqueKey / nonNull / rowConditions
 * are compiled there too). Every query follows Dataform's assertion contract: its rows are the
 * violations, zero rows means the check passed.
 *
 * Column names are written as given, unquoted, as Dataform does for uniqueKey and nonNull: they may
 * be expressions, and on Snowflake an unquoted `value` finds the column stored as VALUE where a
 * quoted "value" would not.
 *
 * The SQL stays inside what DuckDB, Databricks and Snowflake all accept: quoting and literals come
 * from the dialect; date arithmetic uses `CURRENT_TIMESTAMP - INTERVAL '6 hours'` and `CAST(x AS DATE)`.
 * The one-string interval form is the one all three share: Snowflake's interval constants are only
 * `INTERVAL '<n> <unit>'` (its ANSI `INTERVAL '6' HOUR` needs the newer INTERVAL types), Spark /
 * Databricks and DuckDB accept it too — so no engine-specific function is needed here.
 *
 * NULLs: acceptedValues, range and relationships let NULL pass (pair them with nonNull when NULL
 * is wrong), as dbt and Dataform do; freshness treats an all-NULL or empty column as stale.
 */

const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const Bound = z.union([z.number(), z.string()]);

export const AcceptedValuesSchema = z.object({ column: z.string(), values: z.array(Scalar).min(1) }).strict();
export const RangeSchema = z
  .object({ column: z.string(), min: Bound.optional(), max: Bound.optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, "range needs min, max or both");
export const RelationshipsSchema = z
  .object({
    column: z.string(),
    /** The parent relation as SQL (a quoted relation name, or a parenthesised subquery). */
    to: z.string(),
    field: z.string(),
  })
  .strict();
export const FreshnessSchema = z.object({ column: z.string(), maxAge: z.string() }).strict();
export const RowCountSchema = z
  .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, "rowCount needs min, max or both");
export const VolumeSchema = z
  .object({
    /** A timestamp or date column that places each row on a day. */
    column: z.string(),
    /** Allowed relative deviation from the trailing daily average, e.g. 0.5 = ±50 %. */
    tolerance: z.number().min(0),
    /** Length of the trailing window in days (today excluded). */
    days: z.number().int().min(1).default(7),
  })
  .strict();

export type ExtraAssertionSpec =
  | ({ kind: "acceptedValues" } & z.infer<typeof AcceptedValuesSchema>)
  | ({ kind: "range" } & z.infer<typeof RangeSchema>)
  | ({ kind: "relationships" } & z.infer<typeof RelationshipsSchema>)
  | ({ kind: "freshness" } & z.infer<typeof FreshnessSchema>)
  | ({ kind: "rowCount" } & z.infer<typeof RowCountSchema>)
  | ({ kind: "volume" } & z.infer<typeof VolumeSchema>);
export type ExtraAssertionKind = ExtraAssertionSpec["kind"];

export interface AssertionSql {
  kind: ExtraAssertionKind;
  /** Rows are the violations; zero rows = pass. */
  query: string;
  /** Failure message with a `{violations}` placeholder; see formatAssertionMessage. */
  messageTemplate: string;
}

export interface AssertionSqlContext {
  /** The model's quoted relation. */
  relation: string;
  /** The model's name, for messages. */
  name: string;
  /** The engine's string literal. */
  literal(value: string): string;
}

/** The context for a model target rendered by an engine's dialect. */
export function assertionSqlContext(dialect: SqlDialect, target: Target): AssertionSqlContext {
  return { relation: dialect.relation(target), name: target.name, literal: (value) => dialect.literal(value) };
}

export function assertionSql(spec: ExtraAssertionSpec, context: AssertionSqlContext): AssertionSql {
  const rel = context.relation;
  const relName = context.name;
  switch (spec.kind) {
    case "acceptedValues": {
      const col = spec.column;
      const values = spec.values.map((v) => scalarLiteral(context, v)).join(", ");
      return {
        kind: spec.kind,
        query: `SELECT ${col} AS violating_value, COUNT(*) AS row_count
FROM ${rel}
WHERE ${col} IS NOT NULL AND ${col} NOT IN (${values})
GROUP BY ${col}`,
        messageTemplate: `{violations} distinct value(s) of ${relName}.${spec.column} are not among the accepted values [${spec.values.join(", ")}]`,
      };
    }
    case "range": {
      const col = spec.column;
      const outside: string[] = [];
      if (spec.min !== undefined) outside.push(`${col} < ${boundLiteral(context, spec.min)}`);
      if (spec.max !== undefined) outside.push(`${col} > ${boundLiteral(context, spec.max)}`);
      const bounds = `[${spec.min ?? "-inf"}, ${spec.max ?? "+inf"}]`;
      return {
        kind: spec.kind,
        query: `SELECT *
FROM ${rel}
WHERE ${outside.join(" OR ")}`,
        messageTemplate: `{violations} row(s) of ${relName} have ${spec.column} outside ${bounds}`,
      };
    }
    case "relationships": {
      const col = spec.column;
      return {
        kind: spec.kind,
        query: `SELECT c.*
FROM ${rel} AS c
WHERE c.${col} IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ${spec.to} AS p WHERE p.${spec.field} = c.${col})`,
        messageTemplate: `{violations} row(s) of ${relName} have a ${spec.column} with no matching ${spec.field} in ${spec.to}`,
      };
    }
    case "freshness": {
      const { amount, unit } = parseMaxAge(spec.maxAge);
      return {
        kind: spec.kind,
        query: `SELECT latest_value, CURRENT_TIMESTAMP AS checked_at
FROM (SELECT MAX(${spec.column}) AS latest_value FROM ${rel}) AS f
WHERE latest_value IS NULL OR latest_value < CURRENT_TIMESTAMP - ${intervalLiteral(amount, unit)}`,
        messageTemplate: `${relName} is stale: the newest ${spec.column} is older than ${spec.maxAge} (or the table is empty)`,
      };
    }
    case "rowCount": {
      const outside: string[] = [];
      if (spec.min !== undefined) outside.push(`row_count < ${spec.min}`);
      if (spec.max !== undefined) outside.push(`row_count > ${spec.max}`);
      return {
        kind: spec.kind,
        query: `SELECT row_count
FROM (SELECT COUNT(*) AS row_count FROM ${rel}) AS n
WHERE ${outside.join(" OR ")}`,
        messageTemplate: `${relName} has a row count outside [${spec.min ?? 0}, ${spec.max ?? "+inf"}]`,
      };
    }
    case "volume": {
      const day = `CAST(${spec.column} AS DATE)`;
      // Days without rows count as zero, so the average divides by the window length, not by the
      // number of days present. No history (average 0) means no baseline: the check passes.
      return {
        kind: spec.kind,
        query: `SELECT today_rows, trailing_avg
FROM (
  SELECT
    SUM(CASE WHEN ${day} = CURRENT_DATE THEN 1 ELSE 0 END) AS today_rows,
    SUM(CASE WHEN ${day} < CURRENT_DATE AND ${day} >= CURRENT_DATE - ${intervalLiteral(spec.days, "DAY")} THEN 1 ELSE 0 END) / ${spec.days}.0 AS trailing_avg
  FROM ${rel}
) AS v
WHERE trailing_avg > 0
  AND (today_rows < trailing_avg * ${1 - spec.tolerance} OR today_rows > trailing_avg * ${1 + spec.tolerance})`,
        messageTemplate: `${relName}: today's row count is more than ${Math.round(spec.tolerance * 100)}% away from the ${spec.days}-day daily average`,
      };
    }
  }
}

export function formatAssertionMessage(template: string, violations: number): string {
  return template.replace(/\{violations\}/g, String(violations));
}

const MAX_AGE_UNITS: Record<string, "MINUTE" | "HOUR" | "DAY"> = {
  m: "MINUTE",
  min: "MINUTE",
  minute: "MINUTE",
  minutes: "MINUTE",
  h: "HOUR",
  hour: "HOUR",
  hours: "HOUR",
  d: "DAY",
  day: "DAY",
  days: "DAY",
};

/** "6h", "2d", "30 minutes" → an integer amount and an interval unit. */
export function parseMaxAge(maxAge: string): { amount: number; unit: "MINUTE" | "HOUR" | "DAY" } {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(maxAge);
  const unit = match ? MAX_AGE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || !unit) throw new Error(`freshness maxAge "${maxAge}": expected a whole number and a unit (m, h, d), e.g. "6h" or "2d"`);
  return { amount: Number(match[1]), unit };
}

/** `INTERVAL '6 hours'`: the interval literal DuckDB, Databricks and Snowflake all accept. */
export function intervalLiteral(amount: number, unit: "MINUTE" | "HOUR" | "DAY"): string {
  if (!Number.isInteger(amount) || amount < 0) throw new Error(`interval amount must be a whole number, got ${amount}`);
  return `INTERVAL '${amount} ${unit.toLowerCase()}s'`;
}

function scalarLiteral(context: AssertionSqlContext, value: string | number | boolean): string {
  if (typeof value === "string") return context.literal(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return numberLiteral(value);
}

/** Numbers stay numbers; strings (dates, timestamps) become literals compared by the engine. */
function boundLiteral(context: AssertionSqlContext, value: number | string): string {
  return typeof value === "number" ? numberLiteral(value) : context.literal(value);
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`assertion bound ${value} is not a finite number`);
  return String(value);
}
