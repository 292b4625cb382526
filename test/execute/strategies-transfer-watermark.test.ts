import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import type { ResolvedProfile } from "../../src/config/profiles.js";
import { transferStrategy } from "../../src/execute/strategies/transfer.js";
import type { ActionState, StateStore } from "../../src/execute/strategy.js";
import { ActionSchema, type Action } from "../../src/graph/schema.js";
import { MemoryStateStore, connect, makeContext, makeProfile, scalar } from "../ingest/helpers.js";

/**
 * A transfer stores its watermark inside the load's transaction: the rows and the watermark that
 * describes them commit together. Here the state write fails on purpose, after the rows were
 * loaded: the load must roll back with it, or the next run would move the same rows twice.
 */
class FailingStateStore implements StateStore {
  constructor(private readonly inner: MemoryStateStore) {}
  writes: Array<{ state: ActionState; throughAdapter: boolean }> = [];
  get(actionId: string) {
    return this.inner.get(actionId);
  }
  async put(state: ActionState, adapter?: EngineAdapter) {
    this.writes.push({ state, throughAdapter: adapter !== undefined });
    throw new Error("state store unavailable");
  }
  async discard() {}
}

function transferAction(): Action {
  return ActionSchema.parse({
    id: "warehouse.staging.events",
    type: "transfer",
    target: { database: "warehouse", schema: "staging", name: "events" },
    targetName: "warehouse",
    engine: "duckdb",
    fileName: "definitions/gold/events.sqlx",
    transfer: {
      source: "lakehouse.gold.events",
      sourceTarget: { database: "lakehouse", schema: "gold", name: "events" },
      sourceEngine: "duckdb",
      sourceTargetName: "lakehouse",
      watermarkColumn: "updated_at",
      uniqueKey: ["id"],
    },
    fingerprint: { data: "d", metadata: "m" },
  });
}

describe("transfer watermark", () => {
  let profile: ResolvedProfile;
  let lakehouse: EngineAdapter;
  let warehouse: EngineAdapter;
  const adapters = () => ({ lakehouse, warehouse });

  beforeAll(async () => {
    profile = makeProfile();
    lakehouse = await connect(profile, "lakehouse");
    warehouse = await connect(profile, "warehouse");
    await lakehouse.execute(`CREATE SCHEMA lakehouse.gold`);
    await lakehouse.execute(`CREATE TABLE lakehouse.gold.events (id INTEGER, updated_at TIMESTAMP)`);
    await lakehouse.execute(`INSERT INTO lakehouse.gold.events VALUES (1, '2024-01-01 00:00'), (2, '2024-01-01 01:00')`);
  });
  afterAll(async () => {
    await lakehouse?.close();
    await warehouse?.close();
  });

  it("commits with the rows it describes: a failed state write rolls the load back", async () => {
    const memory = new MemoryStateStore();
    const action = transferAction();
    const first = await transferStrategy.execute(makeContext(action, profile, adapters(), { state: memory, runId: "run-1" }).context);
    expect(first.status).toBe("success");
    // Stored by the strategy itself (through the adapter, inside its transaction), not left to the runner.
    expect(memory.states.get(action.id)?.watermark).toBe("2024-01-01 01:00:00");
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.events`)).toBe(2);

    // An incremental load (a merge on id) whose watermark cannot be stored.
    await lakehouse.execute(`INSERT INTO lakehouse.gold.events VALUES (3, '2024-01-02 00:00')`);
    const failing = new FailingStateStore(memory);
    await expect(transferStrategy.execute(makeContext(action, profile, adapters(), { state: failing, runId: "run-2" }).context)).rejects.toThrow(
      /state store unavailable/,
    );
    expect(failing.writes).toEqual([{ state: expect.objectContaining({ actionId: action.id, watermark: "2024-01-02 00:00:00" }), throughAdapter: true }]);
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.events`)).toBe(2);

    // The next run (state store back) moves the new row, with the one still at the old watermark, once.
    const retried = await transferStrategy.execute(makeContext(action, profile, adapters(), { state: memory, runId: "run-3" }).context);
    expect(retried.transfer).toEqual({ rows: 2, watermark: "2024-01-02 00:00:00" });
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.events`)).toBe(3);
    expect(await scalar(warehouse, `SELECT count(DISTINCT id) FROM warehouse.staging.events`)).toBe(3);
  });

  it("moves rows whose watermark is NULL on every run, so one that arrives later is not left behind", async () => {
    const memory = new MemoryStateStore();
    const action = { ...transferAction(), id: "warehouse.staging.events_nulls", target: { database: "warehouse", schema: "staging", name: "events_nulls" } };
    await lakehouse.execute(`CREATE TABLE lakehouse.gold.events_nulls AS SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 00:00'), (2, NULL)) t(id, updated_at)`);
    const nulls = { ...action, transfer: { ...action.transfer!, source: "lakehouse.gold.events_nulls", sourceTarget: { database: "lakehouse", schema: "gold", name: "events_nulls" } } };
    const run = (runId: string) => transferStrategy.execute(makeContext(nulls, profile, adapters(), { state: memory, runId }).context);
    await run("nulls-1");
    await lakehouse.execute(`INSERT INTO lakehouse.gold.events_nulls VALUES (3, NULL), (4, TIMESTAMP '2024-01-02 00:00')`);
    const second = await run("nulls-2");
    expect(second.status).toBe("success");
    expect(await warehouse.queryAll(`SELECT id FROM warehouse.staging.events_nulls ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    expect((await run("nulls-3")).status).toBe("up_to_date");
  });
});
