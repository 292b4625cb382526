import { z } from "zod";

/**
 * The compiled graph: the one contract between compile and execute.
 * Field names follow Dataform's compiled graph (target, type, dependencyTargets, query,
 * incrementalQuery, preOps, postOps, uniqueKey, fileName) so tools that read Dataform graphs
 * read ours; Sluice adds engine, targetName and the fields of its own action kinds.
 */

export const EngineKindSchema = z.enum(["duckdb", "databricks", "snowflake"]);
export type EngineKind = z.infer<typeof EngineKindSchema>;

export const TargetSchema = z.object({
  database: z.string().optional(),
  schema: z.string(),
  name: z.string(),
});
export type Target = z.infer<typeof TargetSchema>;

export const ActionTypeSchema = z.enum([
  "table",
  "view",
  "incremental",
  "operations",
  "assertion",
  "declaration",
  "ingest",
  "transfer",
]);
export type ActionType = z.infer<typeof ActionTypeSchema>;

export const IncrementalStrategySchema = z.enum(["merge", "append", "insert_overwrite", "delete_insert"]);
export type IncrementalStrategy = z.infer<typeof IncrementalStrategySchema>;

export const OnSchemaChangeSchema = z.enum(["fail", "append_new_columns", "sync"]);
export type OnSchemaChange = z.infer<typeof OnSchemaChangeSchema>;

export const SeveritySchema = z.enum(["error", "warn"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const ExpectationSchema = z.object({
  name: z.string(),
  /** A boolean SQL expression that a good row satisfies. */
  condition: z.string(),
  /** warn keeps and counts, drop quarantines, fail stops the model and leaves the target unchanged. */
  action: z.enum(["warn", "drop", "fail"]),
});
export type Expectation = z.infer<typeof ExpectationSchema>;

export const IngestSpecSchema = z.object({
  /** Glob relative to the raw zone, e.g. "sensor_readings/**\/*.ndjson". */
  path: z.string(),
  format: z.enum(["json", "csv"]),
  /** Known fields and their SQL types; anything else lands in the rescued-data column. */
  columns: z.record(z.string(), z.string()),
  rescuedDataColumn: z.string().default("_rescued_data"),
  /** The quarantine relation for malformed records. */
  quarantine: TargetSchema,
});
export type IngestSpec = z.infer<typeof IngestSpecSchema>;

export const TransferSpecSchema = z.object({
  /** Id of the lakehouse action whose rows are copied. */
  source: z.string(),
  sourceTarget: TargetSchema,
  sourceEngine: EngineKindSchema,
  sourceTargetName: z.string(),
  /** Column whose maximum is remembered so the next transfer moves only newer rows. */
  watermarkColumn: z.string().optional(),
  uniqueKey: z.array(z.string()).optional(),
});
export type TransferSpec = z.infer<typeof TransferSpecSchema>;

export const ColumnDocSchema = z.object({ description: z.string().optional() });

export const ActionSchema = z.object({
  /** Unique id: "database.schema.name" (or "schema.name" when there is no database). */
  id: z.string(),
  type: ActionTypeSchema,
  target: TargetSchema,
  /** Which engine target of the profile the action runs on, e.g. "lakehouse". */
  targetName: z.string(),
  engine: EngineKindSchema,
  fileName: z.string(),
  /** 1-based line of the definition in fileName, where known. */
  line: z.number().int().optional(),
  tags: z.array(z.string()).default([]),
  description: z.string().optional(),
  columns: z.record(z.string(), z.string()).default({}),
  dependencyTargets: z.array(TargetSchema).default([]),
  /** Ids of the actions this one depends on (the same edges as dependencyTargets). */
  dependencies: z.array(z.string()).default([]),
  disabled: z.boolean().default(false),
  hasOutput: z.boolean().default(true),

  query: z.string().optional(),
  incrementalQuery: z.string().optional(),
  /** Operations: statements run in order. */
  queries: z.array(z.string()).optional(),
  preOps: z.array(z.string()).default([]),
  postOps: z.array(z.string()).default([]),
  incrementalPreOps: z.array(z.string()).default([]),
  incrementalPostOps: z.array(z.string()).default([]),

  uniqueKey: z.array(z.string()).optional(),
  partitionBy: z.array(z.string()).optional(),
  clusterBy: z.array(z.string()).optional(),
  incrementalStrategy: IncrementalStrategySchema.optional(),
  onSchemaChange: OnSchemaChangeSchema.optional(),

  /** Assertions: whether a failure blocks dependents. */
  severity: SeveritySchema.optional(),
  /** Built-in assertions: the id of the model they check. */
  parentAction: z.string().optional(),
  /**
   * Built-in uniqueKey assertion of an incremental model that merges on the same key: the check
   * limited to the keys the model merged in this run (mergedKeysTarget). Used instead of query
   * when the table passed the whole check as of the model's previous run (see the assertion strategy).
   */
  mergedKeysQuery: z.string().optional(),
  expectations: z.array(ExpectationSchema).default([]),

  ingest: IngestSpecSchema.optional(),
  transfer: TransferSpecSchema.optional(),

  /** Data fingerprint (SQL normalised + output-changing config) and metadata fingerprint. */
  fingerprint: z.object({ data: z.string(), metadata: z.string() }),
});
export type Action = z.infer<typeof ActionSchema>;

export const TestInputSchema = z.object({ target: TargetSchema, query: z.string() });

export const TestCaseSchema = z.object({
  name: z.string(),
  fileName: z.string(),
  /** Id of the action under test. */
  dataset: z.string(),
  inputs: z.array(TestInputSchema),
  /** The model's query with every ref to an input replaced by that input's fixture rows. */
  testQuery: z.string(),
  expectedOutputQuery: z.string(),
});
export type TestCase = z.infer<typeof TestCaseSchema>;

export const EngineTargetInfoSchema = z.object({
  engine: EngineKindSchema,
  database: z.string().optional(),
});

export const CompiledGraphSchema = z.object({
  sluiceVersion: z.string(),
  profile: z.string(),
  projectConfig: z.object({
    defaultDatabase: z.string().optional(),
    defaultSchema: z.string(),
    assertionSchema: z.string(),
    /** dataform.json auditSchema: quarantine tables and stored assertion failures (default "audit"). */
    auditSchema: z.string().optional(),
    vars: z.record(z.string(), z.string()),
  }),
  targets: z.record(z.string(), EngineTargetInfoSchema),
  actions: z.array(ActionSchema),
  tests: z.array(TestCaseSchema).default([]),
});
export type CompiledGraph = z.infer<typeof CompiledGraphSchema>;

/** The schema of Sluice's own bookkeeping (state, file ledger, merged keys) in each database it writes to. */
export const BOOKKEEPING_SCHEMA = "_sluice";

/**
 * Where an incremental model that merges on its uniqueKey leaves the distinct keys of its last
 * batch (replaced by each incremental run), for its uniqueKey assertion to check only those.
 */
export function mergedKeysTarget(target: Target): Target {
  return { ...(target.database ? { database: target.database } : {}), schema: BOOKKEEPING_SCHEMA, name: `${target.schema}__${target.name}__merged_keys` };
}

export function targetId(target: Target): string {
  return target.database ? `${target.database}.${target.schema}.${target.name}` : `${target.schema}.${target.name}`;
}
