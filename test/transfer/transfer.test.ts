import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import type { ResolvedProfile } from "../../src/config/profiles.js";
import { transferStrategy } from "../../src/execute/strategies/transfer.js";
import { SluiceError } from "../../src/errors.js";
import { ActionSchema, type Action, type TransferSpec } from "../../src/graph/schema.js";
import { MemoryStateStore, connect, makeContext, makeProfile, runStrategy, scalar } from "../ingest/helpers.js";

function transferAction(name: string, spec: Partial<TransferSpec>): Action {
  return ActionSchema.parse({
    id: `warehouse.staging.${name}`,
    type: "transfer",
    target: { database: "warehouse", schema: "staging", name },
    targetName: "warehouse",
    engine: "duckdb",
    fileName: "definitions/gold/hourly_sensor_aggregates.sqlx",
    line: 12,
    transfer: {
      source: "lakehouse.gold.hourly",
      sourceTarget: { database: "lakehouse", schema: "gold", name: "hourly" },
      sourceEngine: "duckdb",
      sourceTargetName: "lakehouse",
      ...spec,
    },
    fingerprint: { data: "d", metadata: "m" },
  });
}

describe("transfer strategy (lakehouse → warehouse through Parquet in the processed zone)", () => {
  let profile: ResolvedProfile;
  let lakehouse: EngineAdapter;
  let warehouse: EngineAdapter;
  const adapters = () => ({ lakehouse, warehouse });

  beforeAll(async () => {
    profile = makeProfile();
    lakehouse = await connect(profile, "lakehouse");
    warehouse = await connect(profile, "warehouse");
    await lakehouse.execute(`CREATE SCHEMA lakehouse.gold`);
    await lakehouse.execute(`CREATE TABLE lakehouse.gold.hourly (sensor_id VARCHAR, hour TIMESTAMP, avg_value DOUBLE, updated_at TIMESTAMP)`);
    await lakehouse.execute(`INSERT INTO lakehouse.gold.hourly VALUES
      ('S-1', '2024-01-01 00:00', 1.0, '2024-01-02 00:00:00'),
      ('S-1', '2024-01-01 01:00', 2.0, '2024-01-02 00:00:00'),
      ('S-2', '2024-01-01 00:00', 3.0, '2024-01-02 00:00:00')`);
  });
  afterAll(async () => {
    await lakehouse?.close();
    await warehouse?.close();
  });

  it("moves only rows at or after the watermark and merges them on the unique key", async () => {
    const state = new MemoryStateStore();
    const action = transferAction("hourly", { watermarkColumn: "updated_at", uniqueKey: ["sensor_id", "hour"] });

    const first = await runStrategy(transferStrategy, makeContext(action, profile, adapters(), { state, runId: "run-1" }));
    expect(first.transfer).toEqual({ rows: 3, watermark: "2024-01-02 00:00:00" });
    expect(state.states.get(action.id)?.watermark).toBe("2024-01-02 00:00:00");
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly`)).toBe(3);
    expect(existsSync(join(profile.zones.processed, "gold", "hourly", "batch=run-1.parquet"))).toBe(true);

    // Nothing new: the rows at the watermark are sent again, merge onto themselves, and change nothing.
    const idle = await runStrategy(transferStrategy, makeContext(action, profile, adapters(), { state, runId: "run-2" }));
    expect(idle.status).toBe("up_to_date");
    expect(idle.rowsAffected).toBe(0);
    expect(idle.transfer).toEqual({ rows: 3, watermark: "2024-01-02 00:00:00" });
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly`)).toBe(3);

    // Late data: one row revised, one new; an old row untouched.
    await lakehouse.execute(`UPDATE lakehouse.gold.hourly SET avg_value = 2.5, updated_at = '2024-01-03 00:00:00' WHERE sensor_id = 'S-1' AND hour = '2024-01-01 01:00'`);
    await lakehouse.execute(`INSERT INTO lakehouse.gold.hourly VALUES ('S-2', '2024-01-01 01:00', 4.0, '2024-01-03 00:00:00')`);
    const second = await runStrategy(transferStrategy, makeContext(action, profile, adapters(), { state, runId: "run-3" }));
    // The two rows after the watermark, and the two still at it (S-1 and S-2 at 00:00).
    expect(second.transfer).toEqual({ rows: 4, watermark: "2024-01-03 00:00:00" });
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly`)).toBe(4);
    expect(await scalar(warehouse, `SELECT avg_value FROM warehouse.staging.hourly WHERE sensor_id = 'S-1' AND hour = '2024-01-01 01:00'`)).toBe(2.5);
    // The destination equals the source.
    const source = await lakehouse.queryAll(`SELECT sensor_id, CAST(hour AS VARCHAR) AS hour, avg_value FROM lakehouse.gold.hourly ORDER BY ALL`);
    const copied = await warehouse.queryAll(`SELECT sensor_id, CAST(hour AS VARCHAR) AS hour, avg_value FROM warehouse.staging.hourly ORDER BY ALL`);
    expect(copied).toEqual(source);
    // Each committed load removed the batches before it: only the latest stays.
    expect(readdirSync(join(profile.zones.processed, "gold", "hourly")).sort()).toEqual(["batch=run-3.parquet"]);
  });

  it("moves a row committed after a transfer with the same watermark value as the stored maximum", async () => {
    const state = new MemoryStateStore();
    const action = transferAction("late_ties", { watermarkColumn: "updated_at", uniqueKey: ["sensor_id", "hour"] });
    await lakehouse.execute(`CREATE TABLE lakehouse.gold.ties AS SELECT * FROM lakehouse.gold.hourly`);
    const ties = { ...action, transfer: { ...action.transfer!, sourceTarget: { database: "lakehouse", schema: "gold", name: "ties" } } };
    const first = await runStrategy(transferStrategy, makeContext(ties, profile, adapters(), { state, runId: "ties-1" }));
    const stored = state.states.get(ties.id)!.watermark!;
    expect(first.transfer!.watermark).toBe(stored);

    // Committed on the source after the unload, stamped with exactly the stored maximum.
    await lakehouse.execute(`INSERT INTO lakehouse.gold.ties VALUES ('S-8', '2024-01-01 00:00', 8.0, '${stored}')`);
    const next = await runStrategy(transferStrategy, makeContext(ties, profile, adapters(), { state, runId: "ties-2" }));
    expect(next.status).toBe("success");
    expect(next.rowsAffected).toBe(1);
    expect(await scalar(warehouse, `SELECT avg_value FROM warehouse.staging.late_ties WHERE sensor_id = 'S-8'`)).toBe(8);
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.late_ties`)).toBe(await scalar(lakehouse, `SELECT count(*) FROM lakehouse.gold.ties`));
    expect(state.states.get(ties.id)!.watermark).toBe(stored);
  });

  it("refuses a watermark without a unique key: an append could not take the repeated rows at the watermark", async () => {
    const state = new MemoryStateStore();
    const action = transferAction("hourly_log", { watermarkColumn: "updated_at" });
    const attempt = runStrategy(transferStrategy, makeContext(action, profile, adapters(), { state, runId: "log-1" }));
    await expect(attempt).rejects.toThrow(SluiceError);
    await expect(attempt).rejects.toThrow(/has watermarkColumn "updated_at" but no uniqueKey/);
    await expect(attempt).rejects.toMatchObject({
      diagnostics: [expect.objectContaining({ code: "transfer-watermark-needs-unique-key", location: { file: "definitions/gold/hourly_sensor_aggregates.sqlx", line: 12 }, hint: expect.stringMatching(/give lakehouse\.gold\.hourly a uniqueKey/) })],
    });
    expect(await warehouse.describeRelation({ database: "warehouse", schema: "staging", name: "hourly_log" })).toBeNull();
  });

  it("replaces the destination with every row when there is no watermark column, and on a full refresh", async () => {
    const action = transferAction("hourly_full", {});
    const state = new MemoryStateStore();
    const total = await scalar(lakehouse, `SELECT count(*) FROM lakehouse.gold.hourly`);
    for (const runId of ["full-1", "full-2"]) {
      const outcome = await runStrategy(transferStrategy, makeContext(action, profile, adapters(), { state, runId }));
      expect(outcome.transfer!.rows).toBe(total);
      expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly_full`)).toBe(total);
    }
    const watermarked = transferAction("hourly", { watermarkColumn: "updated_at", uniqueKey: ["sensor_id", "hour"] });
    const refreshed = await runStrategy(transferStrategy, makeContext(watermarked, profile, adapters(), { state, fullRefresh: true, runId: "full-3" }));
    expect(refreshed.transfer!.rows).toBe(total);
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly`)).toBe(total);
  });

  it("adds a column the source gained since the last transfer", async () => {
    const state = new MemoryStateStore();
    const action = transferAction("hourly_wide", { watermarkColumn: "updated_at", uniqueKey: ["sensor_id", "hour"] });
    await lakehouse.execute(`CREATE TABLE lakehouse.gold.wide AS SELECT * FROM lakehouse.gold.hourly`);
    const wide = { ...action, transfer: { ...action.transfer!, sourceTarget: { database: "lakehouse", schema: "gold", name: "wide" } } };
    await runStrategy(transferStrategy, makeContext(wide, profile, adapters(), { state, runId: "wide-1" }));
    await lakehouse.execute(`ALTER TABLE lakehouse.gold.wide ADD COLUMN p95_value DOUBLE`);
    await lakehouse.execute(`INSERT INTO lakehouse.gold.wide VALUES ('S-7', '2024-01-05 00:00', 7.0, '2024-03-01', 9.5)`);
    const next = await runStrategy(transferStrategy, makeContext(wide, profile, adapters(), { state, runId: "wide-2" }));
    expect(next.transfer!.watermark).toBe("2024-03-01 00:00:00");
    expect(await scalar(warehouse, `SELECT p95_value FROM warehouse.staging.hourly_wide WHERE sensor_id = 'S-7'`)).toBe(9.5);
    expect(await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly_wide WHERE p95_value IS NULL`)).toBe(
      (await scalar(warehouse, `SELECT count(*) FROM warehouse.staging.hourly_wide`)) - 1,
    );
  });

  it("refuses to merge rows whose unique key repeats", async () => {
    const state = new MemoryStateStore();
    const action = transferAction("hourly_dupes", { watermarkColumn: "updated_at", uniqueKey: ["sensor_id"] });
    await lakehouse.execute(`CREATE TABLE lakehouse.gold.dupes AS SELECT * FROM lakehouse.gold.hourly`);
    const spec = { ...action.transfer!, sourceTarget: { database: "lakehouse", schema: "gold", name: "dupes" } };
    const dupes = { ...action, transfer: spec };
    await runStrategy(transferStrategy, makeContext(dupes, profile, adapters(), { state, runId: "dupes-1" }));
    await lakehouse.execute(`INSERT INTO lakehouse.gold.dupes VALUES ('S-9', '2024-01-01 00:00', 1, '2024-02-01'), ('S-9', '2024-01-01 01:00', 1, '2024-02-01')`);
    await expect(runStrategy(transferStrategy, makeContext(dupes, profile, adapters(), { state, runId: "dupes-2" }))).rejects.toThrow(/appear more than once/);
    // A failed load removes nothing: the last loaded batch is still there beside the refused one.
    expect(readdirSync(join(profile.zones.processed, "gold", "dupes")).sort()).toEqual(["batch=dupes-1.parquet", "batch=dupes-2.parquet"]);
  });
});
