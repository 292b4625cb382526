import type { CompiledGraph, Target } from "../graph/schema.js";
import type { EngineAdapter } from "../engines/adapter.js";
import type { RunResults } from "../execute/results.js";

/**
 * What `npm start` prints after a run: rows per layer, quarantined records by reason and
 * assertion outcomes — read back from the engines, so the figures are what the tables hold.
 */
export interface LayerCount {
  targetName: string;
  schema: string;
  relations: number;
  rows: number;
}

export interface QuarantineCount {
  relation: string;
  reason: string;
  records: number;
}

export interface PipelineSummary {
  layers: LayerCount[];
  quarantine: QuarantineCount[];
  assertions: { passed: number; failed: string[]; warned: string[]; skipped: number };
}

const COUNTED_TYPES = new Set(["table", "incremental", "ingest", "transfer"]);

export async function summarisePipeline(
  graph: CompiledGraph,
  results: RunResults,
  adapterFor: (targetName: string) => Promise<EngineAdapter>,
): Promise<PipelineSummary> {
  const layers = new Map<string, LayerCount>();
  const quarantine: QuarantineCount[] = [];
  for (const action of graph.actions) {
    if (!COUNTED_TYPES.has(action.type) || action.disabled) continue;
    const adapter = await adapterFor(action.targetName);
    const rows = await countRows(adapter, action.target);
    if (rows === null) continue;
    const key = `${action.targetName}.${action.target.schema}`;
    const layer = layers.get(key) ?? { targetName: action.targetName, schema: action.target.schema, relations: 0, rows: 0 };
    layer.relations++;
    layer.rows += rows;
    layers.set(key, layer);
    if (action.ingest) {
      quarantine.push(...(await groupedCounts(adapter, action.ingest.quarantine, "reason")));
    }
    if (action.expectations.some((e) => e.action === "drop")) {
      const target = { database: action.target.database, schema: graph.projectConfig.auditSchema ?? "audit", name: `${action.target.name}_quarantine` };
      quarantine.push(...(await groupedCounts(adapter, target, "_failed_rules")));
    }
  }
  const assertionResults = results.actions.filter((a) => a.type === "assertion");
  return {
    layers: [...layers.values()],
    quarantine,
    assertions: {
      passed: assertionResults.filter((a) => a.status === "success" && !a.assertion?.violations).length,
      failed: assertionResults.filter((a) => a.status === "failed").map((a) => a.id),
      warned: assertionResults.filter((a) => a.status === "success" && (a.assertion?.violations ?? 0) > 0).map((a) => a.id),
      skipped: assertionResults.filter((a) => a.status === "skipped").length,
    },
  };
}

async function countRows(adapter: EngineAdapter, target: Target): Promise<number | null> {
  if (!(await adapter.describeRelation(target))) return null;
  const [row] = await adapter.queryAll(`SELECT count(*) AS n FROM ${adapter.dialect.relation(target)}`);
  return Number(row?.n ?? 0);
}

async function groupedCounts(adapter: EngineAdapter, target: Target, column: string): Promise<QuarantineCount[]> {
  if (!(await adapter.describeRelation(target))) return [];
  const quoted = adapter.dialect.quoteIdentifier(column);
  const rows = await adapter.queryAll(
    `SELECT ${quoted} AS reason, count(*) AS n FROM ${adapter.dialect.relation(target)} GROUP BY ${quoted} ORDER BY n DESC`,
  );
  return rows.map((row) => ({ relation: `${target.schema}.${target.name}`, reason: String(row.reason), records: Number(row.n) }));
}
