import { z } from "zod";
import { FreshnessSchema, VolumeSchema, parseMaxAge } from "../quality/assertion-sql.js";
import {
  ExpectationSchema,
  IncrementalStrategySchema,
  OnSchemaChangeSchema,
  SeveritySchema,
  type Expectation,
  type IncrementalStrategy,
  type OnSchemaChange,
  type Severity,
} from "../graph/schema.js";
import { didYouMean } from "./did-you-mean.js";

/**
 * The SQLX `config {}` block: Dataform's keys, Sluice's own keys and the BigQuery-flavoured keys
 * Dataform accepts (kept out of the graph where they are harmless elsewhere). Unknown keys are
 * errors at the key, with a did-you-mean.
 */

export const SqlxTypeSchema = z.enum(["table", "view", "incremental", "operations", "assertion", "declaration", "test", "ingest"]);
export type SqlxType = z.infer<typeof SqlxTypeSchema>;

const stringList = z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === "string" ? [v] : v));

/** A dependency or ref given as "name", "schema.name" or an object. */
export const ResolvableSchema = z.union([
  z.string(),
  z.object({ name: z.string(), schema: z.string().optional(), database: z.string().optional(), dataset: z.string().optional(), project: z.string().optional() }),
]);
export type Resolvable = z.infer<typeof ResolvableSchema>;

const ColumnDocsSchema = z
  .record(z.string(), z.union([z.string(), z.object({ description: z.string().optional() }).loose()]))
  .transform((cols) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(cols)) out[k] = typeof v === "string" ? v : (v.description ?? "");
    return out;
  });

function validMaxAge(maxAge: string): boolean {
  try {
    parseMaxAge(maxAge);
    return true;
  } catch {
    return false;
  }
}

export const BuiltinAssertionsSchema = z
  .object({
    uniqueKey: stringList.optional(),
    uniqueKeys: z.array(z.array(z.string())).optional(),
    nonNull: stringList.optional(),
    rowConditions: z.array(z.string()).optional(),
    acceptedValues: z
      .union([z.object({ column: z.string(), values: z.array(z.union([z.string(), z.number(), z.boolean()])) }), z.array(z.object({ column: z.string(), values: z.array(z.union([z.string(), z.number(), z.boolean()])) }))])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    range: z
      .union([z.object({ column: z.string(), min: z.number().optional(), max: z.number().optional() }), z.array(z.object({ column: z.string(), min: z.number().optional(), max: z.number().optional() }))])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    relationships: z
      .union([z.object({ column: z.string(), to: ResolvableSchema, field: z.string() }), z.array(z.object({ column: z.string(), to: ResolvableSchema, field: z.string() }))])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    rowCount: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
    freshness: FreshnessSchema.refine((f) => validMaxAge(f.maxAge), 'maxAge: expected a whole number and a unit (m, h, d), e.g. "6h"').optional(),
    volume: VolumeSchema.optional(),
    severity: SeveritySchema.optional(),
  })
  .strict();
export type BuiltinAssertionsConfig = z.infer<typeof BuiltinAssertionsSchema>;

const IngestFormatSchema = z.enum(["json", "csv"]);

const BigQueryOptionsSchema = z
  .object({
    partitionBy: z.string().optional(),
    clusterBy: z.array(z.string()).optional(),
    updatePartitionFilter: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    partitionExpirationDays: z.number().optional(),
    requirePartitionFilter: z.boolean().optional(),
    additionalOptions: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const SqlxConfigSchema = z
  .object({
    type: SqlxTypeSchema.default("view"),
    name: z.string().optional(),
    schema: z.string().optional(),
    database: z.string().optional(),
    tags: stringList.default([]),
    dependencies: z.union([ResolvableSchema, z.array(ResolvableSchema)]).transform((v) => (Array.isArray(v) ? v : [v])).default([]),
    description: z.string().optional(),
    columns: z.unknown().optional(),
    uniqueKey: stringList.optional(),
    disabled: z.boolean().default(false),
    hasOutput: z.boolean().optional(),
    assertions: BuiltinAssertionsSchema.optional(),
    // Sluice's own keys.
    target: z.string().optional(),
    partitionBy: stringList.optional(),
    clusterBy: stringList.optional(),
    incrementalStrategy: IncrementalStrategySchema.optional(),
    onSchemaChange: OnSchemaChangeSchema.optional(),
    severity: SeveritySchema.optional(),
    expectations: z.array(ExpectationSchema).default([]),
    watermarkColumn: z.string().optional(),
    // ingest
    path: z.string().optional(),
    format: IngestFormatSchema.optional(),
    quarantine: z.string().optional(),
    rescuedDataColumn: z.string().optional(),
    // test
    dataset: z.string().optional(),
    // Accepted for Dataform compatibility; they do not change the graph.
    bigquery: BigQueryOptionsSchema.optional(),
    protected: z.boolean().optional(),
    materialized: z.boolean().optional(),
    updatePartitionFilter: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    dependOnDependencyAssertions: z.boolean().optional(),
    hermetic: z.boolean().optional(),
    reservation: z.string().optional(),
    metadata: z.unknown().optional(),
  })
  .strict();

export interface ActionConfig {
  type: SqlxType;
  name?: string;
  schema?: string;
  database?: string;
  tags: string[];
  dependencies: Resolvable[];
  description?: string;
  /** Documentation per column (for ingest: the SQL type per column). */
  columns: Record<string, string>;
  uniqueKey?: string[];
  disabled: boolean;
  hasOutput?: boolean;
  assertions?: BuiltinAssertionsConfig;
  target?: string;
  partitionBy?: string[];
  clusterBy?: string[];
  incrementalStrategy?: IncrementalStrategy;
  onSchemaChange?: OnSchemaChange;
  severity?: Severity;
  expectations: Expectation[];
  watermarkColumn?: string;
  path?: string;
  format?: "json" | "csv";
  quarantine?: string;
  rescuedDataColumn?: string;
  dataset?: string;
}

export interface ConfigIssue {
  /** Dotted key path the issue is about ("" for the whole block). */
  path: string;
  message: string;
  hint?: string;
}

const TOP_LEVEL_KEYS = Object.keys(SqlxConfigSchema.shape);
const NESTED_KEYS: Record<string, string[]> = {
  assertions: Object.keys(BuiltinAssertionsSchema.shape),
  bigquery: Object.keys(BigQueryOptionsSchema.shape),
};

export function parseActionConfig(raw: unknown): { config?: ActionConfig; issues: ConfigIssue[] } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { issues: [{ path: "", message: "the config block must be an object literal" }] };
  }
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) issues.push(unknownKey(key, key, TOP_LEVEL_KEYS));
  }
  for (const [parent, keys] of Object.entries(NESTED_KEYS)) {
    const nested = (raw as Record<string, unknown>)[parent];
    if (nested && typeof nested === "object" && !Array.isArray(nested)) {
      for (const key of Object.keys(nested)) if (!keys.includes(key)) issues.push(unknownKey(`${parent}.${key}`, key, keys));
    }
  }
  if (issues.length) return { issues };
  const fast = fastParse(raw as Record<string, unknown>);
  if (fast) return { config: fast, issues };
  const result = SqlxConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).filter((p) => !/^\d+$/.test(p)).join(".");
      issues.push({ path, message: `${path || "config"}: ${issue.message}` });
    }
    return { issues };
  }
  const { columns, ...rest } = result.data;
  const parsedColumns = parseColumns(columns, rest.type);
  if (typeof parsedColumns === "string") return { issues: [{ path: "columns", message: parsedColumns }] };
  return { config: { ...rest, columns: parsedColumns }, issues };
}

function parseColumns(value: unknown, type: SqlxType): Record<string, string> | string {
  if (value === undefined) return {};
  if (type === "ingest") {
    const types = z.record(z.string(), z.string()).safeParse(value);
    return types.success ? types.data : "columns: an ingest action maps each column name to its SQL type";
  }
  const docs = ColumnDocsSchema.safeParse(value);
  return docs.success ? docs.data : "columns: expected { column: \"description\" } or { column: { description } }";
}

function unknownKey(path: string, key: string, known: string[]): ConfigIssue {
  const suggestion = didYouMean(key, known);
  return {
    path,
    message: `unknown config key "${path}"`,
    hint: suggestion ? `did you mean "${suggestion}"?` : `known keys: ${known.join(", ")}`,
  };
}

const TYPES = new Set<string>(SqlxTypeSchema.options);
const STRING_KEYS = ["name", "schema", "database", "description", "target", "watermarkColumn", "path", "quarantine", "rescuedDataColumn", "dataset"] as const;
const LIST_KEYS = ["tags", "uniqueKey", "partitionBy", "clusterBy"] as const;
const FAST_KEYS = new Set<string>(["type", "disabled", "hasOutput", "dependencies", "columns", "assertions", ...STRING_KEYS, ...LIST_KEYS]);

/**
 * The common case without zod: plain keys with the right types. Compiling thousands of files
 * spends most of its validation time in zod's first (cold) calls; anything unusual or wrong
 * returns undefined and goes through the schema, which also words the errors.
 */
function fastParse(raw: Record<string, unknown>): ActionConfig | undefined {
  for (const key in raw) if (!FAST_KEYS.has(key)) return undefined;
  const type = raw.type ?? "view";
  if (typeof type !== "string" || !TYPES.has(type)) return undefined;
  const config: ActionConfig = { type: type as SqlxType, tags: [], dependencies: [], columns: {}, disabled: false, expectations: [] };
  for (const key of STRING_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== "string") return undefined;
    config[key] = value;
  }
  for (const key of LIST_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === "string") config[key] = [value];
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) config[key] = [...value];
    else return undefined;
  }
  for (const key of ["disabled", "hasOutput"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") return undefined;
    config[key] = value;
  }
  if (raw.dependencies !== undefined) {
    const deps = Array.isArray(raw.dependencies) ? raw.dependencies : [raw.dependencies];
    if (!deps.every((d) => typeof d === "string")) return undefined;
    config.dependencies = deps as string[];
  }
  if (raw.columns !== undefined) {
    const columns = parseColumns(raw.columns, config.type);
    if (typeof columns === "string") return undefined;
    config.columns = columns;
  }
  if (raw.assertions !== undefined) {
    const assertions = BuiltinAssertionsSchema.safeParse(raw.assertions);
    if (!assertions.success) return undefined;
    config.assertions = assertions.data;
  }
  return config;
}
