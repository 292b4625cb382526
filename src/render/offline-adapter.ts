import type { EngineKind, Target } from "../graph/schema.js";
import type { Capabilities, EngineAdapter, ExecuteOptions, ExecuteResult, RelationInfo, Row, SqlDialect } from "../engines/adapter.js";
import type { Scenario } from "./scenarios.js";

/**
 * An EngineAdapter with no connection behind it: the engine's real dialect and capability flags,
 * introspection answered by a scenario. It is not an engine and runs nothing. A dry run should
 * send it no statement at all; any that arrives anyway (a strategy calling the adapter directly)
 * is kept in `sent` so the rendering shows it instead of hiding it.
 */
export class OfflineAdapter implements EngineAdapter {
  readonly sent: string[] = [];

  constructor(
    readonly engine: EngineKind,
    readonly targetName: string,
    readonly capabilities: Capabilities,
    readonly dialect: SqlDialect,
    private readonly scenario: Scenario,
  ) {}

  async execute(sql: string, _options?: ExecuteOptions): Promise<ExecuteResult> {
    this.sent.push(sql);
    return { rowsAffected: null };
  }

  async queryAll(sql: string, _options?: ExecuteOptions): Promise<Row[]> {
    this.sent.push(sql);
    return [];
  }

  async *queryChunks(sql: string, _options?: ExecuteOptions): AsyncIterable<Row[]> {
    this.sent.push(sql);
  }

  async schemaExists(target: Pick<Target, "database" | "schema">): Promise<boolean> {
    return this.scenario.schemaExists(target);
  }

  async describeRelation(target: Target): Promise<RelationInfo | null> {
    return this.scenario.describeRelation(target);
  }

  /** Like a real adapter, a transaction is BEGIN … COMMIT where the engine has them. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.capabilities.transactions) return fn();
    await this.execute(this.dialect.beginTransaction());
    const value = await fn();
    await this.execute(this.dialect.commit());
    return value;
  }

  isTransientError(): boolean {
    return false;
  }

  async cancel(): Promise<void> {}

  async close(): Promise<void> {}
}
