import type { EngineAdapter, Row } from "../engines/adapter.js";
import type { Expectation, Target } from "../graph/schema.js";
import type { ExpectationCount } from "../execute/strategy.js";
import { SluiceError, type SourceLocation } from "../errors.js";

/**
 * Expectations with Delta Live Tables semantics, applied to a model's new rows after they are built
 * into a work relation and before they reach the target:
 *   warn — the row is kept and counted;
 *   drop — the row moves to the quarantine table with the names of the rules it broke (never lost);
 *   fail — the model stops with an error naming the rule; the caller then leaves the target as it was.
 *
 * NULL counts as a violation: a condition that cannot be decided (e.g. `value BETWEEN 0 AND 100` on
 * a NULL value) has not shown the row to be good, and letting it through would make a `drop` rule
 * leak exactly the rows it exists to stop. A rule that accepts NULL says so (`value IS NULL OR …`).
 * (SQL CHECK constraints do the opposite; we deliberately follow "prove it good".)
 *
 * Only dialect methods and plain SQL (CREATE TABLE AS, INSERT, DELETE, CASE) are used, so every engine
 * runs the same steps. A first aggregate scan counts violations; only when a drop rule has some is
 * each rule evaluated once more into a 0/1 flag column of a scratch copy of the batch, and counts,
 * quarantine and kept rows then all read those flags, so a non-deterministic condition
 * (`ts <= CURRENT_TIMESTAMP`) can never put a row in both places or in neither.
 */

export const FAILED_RULES_COLUMN = "_failed_rules";
/**
 * The run that quarantined the row. Not `_batch_id`: models often carry their own (bronze's ingestion
 * batch), and the quarantine keeps every model column as it was.
 */
export const BATCH_ID_COLUMN = "_quarantine_run_id";
export const QUARANTINED_AT_COLUMN = "_quarantined_at";
const FLAG_PREFIX = "_sluice_dq_";

export interface ApplyExpectationsArgs {
  adapter: EngineAdapter;
  /** Runs one statement; pass StrategyContext.run so it is recorded. Defaults to adapter.execute. */
  run?: (sql: string) => Promise<unknown>;
  /** Reads rows; pass StrategyContext.query. Defaults to adapter.queryAll. */
  query?: (sql: string) => Promise<Row[]>;
  /** The work relation holding the model's new rows; on return it holds only the rows to keep. */
  temp: Target;
  /** Where dropped rows are appended (created on first use); see quarantineTarget. */
  quarantine: Target;
  expectations: Expectation[];
  /** Written into every quarantined row (the run id), so a batch can be found or replayed. */
  batchId: string;
  /**
   * The batch is the model's whole content (a table rebuilt in full), not an increment: the rows
   * already in quarantine came from earlier builds of the same rows and are replaced by this
   * batch's, so rebuilding unchanged data never grows the quarantine. Cleared only once no fail
   * rule has fired.
   */
  replaceQuarantine?: boolean;
  /** Names the model in error messages, e.g. its action id. */
  model?: string;
  location?: SourceLocation;
}

export interface ExpectationsResult {
  /** Violations per rule name, for StrategyOutcome.expectations. */
  counts: Record<string, ExpectationCount>;
  inputRows: number;
  keptRows: number;
  quarantinedRows: number;
}

export interface ExpectationFailure {
  rule: string;
  condition: string;
  violations: number;
}

export class ExpectationFailedError extends SluiceError {
  constructor(
    readonly model: string,
    readonly failures: ExpectationFailure[],
    readonly counts: Record<string, ExpectationCount>,
    location?: SourceLocation,
  ) {
    super(
      failures.map((f) => ({
        code: "expectation-failed",
        message: `expectation "${f.rule}" (fail) on ${model}: ${f.violations} row(s) violate \`${f.condition}\`; the target is left unchanged`,
        location,
        hint: `change the rule to "drop" to quarantine such rows instead of stopping the model`,
      })),
    );
    this.name = "ExpectationFailedError";
  }
}

/** `<auditSchema>.<model>_quarantine`, in the model's database. */
export function quarantineTarget(model: Target, auditSchema: string): Target {
  return { ...(model.database ? { database: model.database } : {}), schema: auditSchema, name: `${model.name}_quarantine` };
}

export async function applyExpectations(args: ApplyExpectationsArgs): Promise<ExpectationsResult> {
  const { adapter, temp, expectations } = args;
  const { dialect } = adapter;
  const run = args.run ?? ((sql: string) => adapter.execute(sql));
  const query = args.query ?? ((sql: string) => adapter.queryAll(sql));
  const model = args.model ?? temp.name;
  validateRules(expectations, model, args.location);

  // Every alias read back in JS is quoted: Snowflake would otherwise hand back INPUT_ROWS for input_rows.
  const flag = (index: number) => dialect.quoteIdentifier(`${FLAG_PREFIX}${index}`);
  const inputRowsAlias = dialect.quoteIdentifier("input_rows");
  const droppedRowsAlias = dialect.quoteIdentifier("dropped_rows");
  const violated = (index: number) => `CASE WHEN (${expectations[index].condition}) THEN 0 ELSE 1 END`;
  const dropIndexes = expectations.flatMap((e, i) => (e.action === "drop" ? [i] : []));

  // One aggregate scan of the batch: enough when nothing has to move, which is the usual case.
  const firstSums = expectations.map((_, i) => `SUM(${violated(i)}) AS ${flag(i)}`);
  const [first] = await query(`SELECT COUNT(*) AS ${inputRowsAlias}${firstSums.map((s) => `, ${s}`).join("")}\nFROM ${dialect.relation(temp)}`);
  const firstCounts = countsFrom(expectations, first, (i) => `${FLAG_PREFIX}${i}`);
  const firstInput = toCount(first?.input_rows);
  throwOnFailRules(expectations, firstCounts, model, args.location);
  if (dropIndexes.every((i) => firstCounts[expectations[i].name].violations === 0)) {
    if (args.replaceQuarantine) await clearQuarantine(args, run);
    return { counts: firstCounts, inputRows: firstInput, keptRows: firstInput, quarantinedRows: 0 };
  }

  // Rows must move: evaluate every rule once into flags, and let the flags decide everything below.
  const checked: Target = { ...temp, name: `${temp.name}__dq` };
  const anyDrop = dropIndexes.map((i) => `${flag(i)} = 1`).join(" OR ");
  await run(
    dialect.createTableAs({
      target: checked,
      orReplace: true,
      query: `SELECT t.*, ${expectations.map((_, i) => `${violated(i)} AS ${flag(i)}`).join(", ")}\nFROM ${dialect.relation(temp)} AS t`,
    }),
  );
  let failed = false;
  try {
    const sums = expectations.map((_, i) => `SUM(${flag(i)}) AS ${flag(i)}`);
    const [row] = await query(
      `SELECT COUNT(*) AS ${inputRowsAlias}, SUM(CASE WHEN ${anyDrop} THEN 1 ELSE 0 END) AS ${droppedRowsAlias}, ${sums.join(", ")}\nFROM ${dialect.relation(checked)}`,
    );
    // Recounted from the flags so the reported counts match what moved, even for a
    // non-deterministic condition; a fail rule is checked again on the same evidence.
    const counts = countsFrom(expectations, row, (i) => `${FLAG_PREFIX}${i}`);
    const inputRows = toCount(row?.input_rows);
    const quarantinedRows = toCount(row?.dropped_rows);
    throwOnFailRules(expectations, counts, model, args.location);
    if (args.replaceQuarantine) await clearQuarantine(args, run);
    if (quarantinedRows === 0) return { counts, inputRows, keptRows: inputRows, quarantinedRows };

    const described = await adapter.describeRelation(temp);
    if (!described) throw new Error(`expectations: the work relation ${dialect.relation(temp)} does not exist`);
    const columns = described.columns.map((c) => c.name);
    const clash = columns.find((c) => [FAILED_RULES_COLUMN, BATCH_ID_COLUMN, QUARANTINED_AT_COLUMN].includes(c.toLowerCase()));
    if (clash) {
      throw new SluiceError({
        code: "expectation-config",
        message: `${model} has a column named ${clash}, which the quarantine table adds itself`,
        location: args.location,
        hint: "rename the model's column",
      });
    }
    const columnList = columns.map((c) => dialect.quoteIdentifier(c)).join(", ");

    // ",rule_a,rule_b" → "rule_a,rule_b": || and SUBSTRING behave alike on all three engines
    // (CONCAT_WS does not: Snowflake's returns NULL when any part is NULL).
    const ruleList = expectations.map((e, i) => `CASE WHEN ${flag(i)} = 1 THEN ${dialect.literal(`,${e.name}`)} ELSE '' END`).join(" || ");
    const quarantineRows = `SELECT ${columnList},
  CAST(SUBSTRING(${ruleList}, 2) AS STRING) AS ${dialect.quoteIdentifier(FAILED_RULES_COLUMN)},
  CAST(${dialect.literal(args.batchId)} AS STRING) AS ${dialect.quoteIdentifier(BATCH_ID_COLUMN)},
  CURRENT_TIMESTAMP AS ${dialect.quoteIdentifier(QUARANTINED_AT_COLUMN)}
FROM ${dialect.relation(checked)}
WHERE ${anyDrop}`;
    await writeQuarantine(args, run, described.columns, quarantineRows);

    // Keep the good rows in the work relation itself, so its DDL (partitioning, transient) survives.
    await run(`DELETE FROM ${dialect.relation(temp)}`);
    await run(
      dialect.insertInto({
        target: temp,
        columns,
        query: `SELECT ${columnList} FROM ${dialect.relation(checked)} WHERE NOT (${anyDrop})`,
      }),
    );
    return { counts, inputRows, keptRows: inputRows - quarantinedRows, quarantinedRows };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const drop = run(dialect.dropRelation({ target: checked, kind: "table", ifExists: true }));
    // After an error (perhaps inside an aborted transaction) the drop may fail too: keep the first error.
    if (failed) await drop.catch(() => undefined);
    else await drop;
  }
}

/** Empties the quarantine table, when there is one (whole-table builds; see replaceQuarantine). */
async function clearQuarantine(args: ApplyExpectationsArgs, run: (sql: string) => Promise<unknown>): Promise<void> {
  const { adapter, quarantine } = args;
  if (await adapter.describeRelation(quarantine)) await run(`DELETE FROM ${adapter.dialect.relation(quarantine)}`);
}

/** Appends to the quarantine table, creating it (and its schema) on first use and adding new model columns. */
async function writeQuarantine(
  args: ApplyExpectationsArgs,
  run: (sql: string) => Promise<unknown>,
  modelColumns: { name: string; type: string }[],
  rowsQuery: string,
): Promise<void> {
  const { adapter, quarantine } = args;
  const { dialect } = adapter;
  if (!(await adapter.schemaExists(quarantine))) await run(dialect.createSchema(quarantine));
  const existing = await adapter.describeRelation(quarantine);
  if (!existing) {
    await run(dialect.createTableAs({ target: quarantine, query: rowsQuery }));
    return;
  }
  const present = new Set(existing.columns.map((c) => c.name.toLowerCase()));
  for (const column of modelColumns) {
    if (!present.has(column.name.toLowerCase())) await run(dialect.addColumn({ target: quarantine, column }));
  }
  await run(
    dialect.insertInto({
      target: quarantine,
      columns: [...modelColumns.map((c) => c.name), FAILED_RULES_COLUMN, BATCH_ID_COLUMN, QUARANTINED_AT_COLUMN],
      query: rowsQuery,
    }),
  );
}

function validateRules(expectations: Expectation[], model: string, location?: SourceLocation): void {
  const seen = new Set<string>();
  for (const e of expectations) {
    const problem = seen.has(e.name)
      ? "is defined twice"
      : e.name.includes(",")
        ? "contains a comma (the quarantine lists rule names separated by commas)"
        : !e.condition.trim()
          ? "has an empty condition"
          : undefined;
    if (problem) {
      throw new SluiceError({ code: "expectation-config", message: `expectation "${e.name}" on ${model} ${problem}`, location });
    }
    seen.add(e.name);
  }
}

function countsFrom(expectations: Expectation[], row: Row | undefined, key: (index: number) => string): Record<string, ExpectationCount> {
  const counts: Record<string, ExpectationCount> = {};
  expectations.forEach((e, i) => {
    counts[e.name] = { action: e.action, violations: toCount(row?.[key(i)]) };
  });
  return counts;
}

function throwOnFailRules(expectations: Expectation[], counts: Record<string, ExpectationCount>, model: string, location?: SourceLocation): void {
  const failures = expectations
    .filter((e) => e.action === "fail" && counts[e.name].violations > 0)
    .map((e) => ({ rule: e.name, condition: e.condition, violations: counts[e.name].violations }));
  if (failures.length) throw new ExpectationFailedError(model, failures, counts, location);
}

/** SUM over zero rows is NULL; engines return counts as number, bigint or numeric string. */
function toCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
