import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SluiceContext } from "../../src/context.js";
import { connectDuckDB } from "../../src/engines/duckdb/adapter.js";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import { runGraph, type RunOptions } from "../../src/execute/run.js";
import type { RunResults } from "../../src/execute/results.js";

/**
 * Only the necessary work, end to end: a small SQLX project compiled by the real compiler and run
 * on DuckDB with --changed-only. raw_events is a declared source the test fills between runs.
 */
const FILES: Record<string, string> = {
  "raw_events.sqlx": `config { type: "declaration", database: "lakehouse", schema: "bronze", name: "raw_events" }`,
  "events.sqlx": `config { type: "incremental", uniqueKey: ["id"] }
SELECT id, day FROM \${ref("raw_events")}
\${when(incremental(), \`WHERE id > (SELECT coalesce(max(id), -1) FROM \${self()})\`)}`,
  "daily.sqlx": `config { type: "table", description: "events per day" }
SELECT day, count(*) AS n FROM \${ref("events")} GROUP BY day`,
  "daily_v.sqlx": `config { type: "view" }
SELECT * FROM \${ref("daily")}`,
  "few_days.sqlx": `config { type: "assertion" }
SELECT * FROM \${ref("daily")} WHERE day > 2`,
  "other.sqlx": `config { type: "table", description: "unrelated" }
SELECT 1 AS x`,
};

let dir: string;
let raw: EngineAdapter | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sluice-changed-"));
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ defaultDatabase: "lakehouse", defaultSchema: "silver", assertionSchema: "audit", targets: { lakehouse: {} } }));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, "definitions", name), text);
});
afterEach(async () => {
  await raw?.close();
  raw = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh context each time, as each CLI invocation compiles the project as it is on disk now. */
function load(): SluiceContext {
  return SluiceContext.load({ projectDir: dir });
}

async function addRawEvents(from: number, to: number): Promise<void> {
  raw ??= await connectDuckDB(load().profile.targets.lakehouse, { redact: (text) => text });
  await raw.execute(`CREATE SCHEMA IF NOT EXISTS lakehouse.bronze`);
  await raw.execute(`CREATE TABLE IF NOT EXISTS lakehouse.bronze.raw_events (id INTEGER, day INTEGER)`);
  await raw.execute(`INSERT INTO lakehouse.bronze.raw_events SELECT range, range % 3 FROM range(${from}, ${to})`);
}

function editFile(name: string, edit: (text: string) => string): void {
  const file = join(dir, "definitions", name);
  writeFileSync(file, edit(readFileSync(file, "utf8")));
}

async function run(options: RunOptions = {}): Promise<RunResults> {
  return runGraph(load(), { changedOnly: true, concurrency: 2, ...options });
}

/** Status per action name (declarations left out), e.g. { events: "success", daily: "up_to_date" }. */
function statuses(results: RunResults): Record<string, string> {
  return Object.fromEntries(results.actions.filter((a) => a.type !== "declaration").map((a) => [a.id.split(".").pop()!, a.status]));
}

const ALL_BUILT = { events: "success", daily: "success", daily_v: "success", few_days: "success", other: "success" };

describe("--changed-only: only the necessary work", () => {
  it("a second run with no new data reports tables, views and assertions up to date; the incremental model still runs", async () => {
    await addRawEvents(0, 6);
    expect(statuses(await run())).toEqual(ALL_BUILT);
    const second = await run();
    expect(statuses(second)).toEqual({ events: "success", daily: "up_to_date", daily_v: "up_to_date", few_days: "up_to_date", other: "up_to_date" });
    const daily = second.actions.find((a) => a.id.endsWith(".daily"))!;
    expect(daily.statements).toEqual([]);
    expect(daily.message).toBe("fingerprint and upstream data unchanged");
    const events = second.actions.find((a) => a.id.endsWith(".events"))!;
    expect(events.rowsAffected).toBe(0);
    expect(events.statements.some((s) => s.startsWith("MERGE INTO"))).toBe(true);
  });

  it("new rows in the incremental model rebuild what reads it, and nothing else", async () => {
    await addRawEvents(0, 6);
    await run();
    await addRawEvents(6, 9);
    const next = await run();
    expect(statuses(next)).toEqual({ events: "success", daily: "success", daily_v: "success", few_days: "success", other: "up_to_date" });
    expect(next.actions.find((a) => a.id.endsWith(".events"))!.rowsAffected).toBe(3);
    const [counts] = await (raw as EngineAdapter).queryAll(`SELECT sum(n) AS n FROM lakehouse.silver.daily`);
    expect(Number(counts.n)).toBe(9);
  });

  it("an edited model rebuilds with exactly its downstream", async () => {
    await addRawEvents(0, 6);
    await run();
    editFile("daily.sqlx", (text) => text.replace("count(*) AS n", "count(*) AS n, max(id) AS last_id"));
    expect(statuses(await run())).toEqual({ events: "success", daily: "success", daily_v: "success", few_days: "success", other: "up_to_date" });
    expect(statuses(await run())).toEqual({ events: "success", daily: "up_to_date", daily_v: "up_to_date", few_days: "up_to_date", other: "up_to_date" });
  });

  it("an edited incremental model is rebuilt from scratch, and so is everything after it", async () => {
    await addRawEvents(0, 6);
    await run();
    editFile("events.sqlx", (text) => text.replace("SELECT id, day FROM", "SELECT id, day, id * 10 AS score FROM"));
    const next = await run();
    expect(statuses(next)).toEqual({ events: "success", daily: "success", daily_v: "success", few_days: "success", other: "up_to_date" });
    const events = next.actions.find((a) => a.id.endsWith(".events"))!;
    expect(events.statements.some((s) => s.startsWith("MERGE INTO"))).toBe(false);
    expect(events.rowsAffected).toBe(6);
  });

  it("a description-only or formatting edit rebuilds nothing", async () => {
    await addRawEvents(0, 6);
    await run();
    editFile("daily.sqlx", (text) => text.replace('description: "events per day"', 'description: "how many events arrived on each day"'));
    editFile("other.sqlx", (text) => text.replace("SELECT 1 AS x", "SELECT   1   AS x -- the answer"));
    expect(statuses(await run())).toEqual({ events: "success", daily: "up_to_date", daily_v: "up_to_date", few_days: "up_to_date", other: "up_to_date" });
  });

  it("an up-to-date upstream does not rebuild its downstream when only a selection ran", async () => {
    await addRawEvents(0, 6);
    await run();
    // Only daily_v is selected: its upstream is unchanged and unselected, so it stays up to date.
    const ids = load()
      .compile()
      .actions.filter((a) => a.id.endsWith(".daily_v"))
      .map((a) => a.id);
    expect(statuses(await run({ ids }))).toEqual({ daily_v: "up_to_date" });
  });

  it("runs without --changed-only in between keep the versions a later --changed-only run relies on", async () => {
    await addRawEvents(0, 6);
    await run();
    const idOf = (name: string) => load().compile().actions.find((a) => a.id.endsWith(`.${name}`))!.id;
    // Plain runs: everything, then the incremental model alone, which brings new rows in…
    await run({ changedOnly: false });
    await addRawEvents(6, 8);
    expect(statuses(await run({ ids: [idOf("events")], changedOnly: false }))).toEqual({ events: "success" });
    // …so daily, though only it is selected and events is not run again, must rebuild.
    expect(statuses(await run({ ids: [idOf("daily")] }))).toEqual({ daily: "success" });
    const [counts] = await (raw as EngineAdapter).queryAll(`SELECT sum(n) AS n FROM lakehouse.silver.daily`);
    expect(Number(counts.n)).toBe(8);
  });

  it("an explicit empty selection runs nothing", async () => {
    await addRawEvents(0, 3);
    const results = await run({ ids: [] });
    expect(results.totals.selected).toBe(0);
    expect(results.actions).toEqual([]);
  });
});

describe("--changed-only across engines", () => {
  /** A lakehouse summary moved to the warehouse by a watermarked transfer, read there by an incremental model. */
  function addWarehouseModels(): void {
    writeFileSync(
      join(dir, "dataform.json"),
      JSON.stringify({ defaultDatabase: "lakehouse", defaultSchema: "silver", assertionSchema: "audit", targets: { lakehouse: {}, warehouse: { paths: ["definitions/warehouse/**"] } } }),
    );
    writeFileSync(
      join(dir, "definitions", "summary.sqlx"),
      `config { type: "table", uniqueKey: ["day"], watermarkColumn: "last_id" }
SELECT day, count(*) AS n, max(id) AS last_id FROM \${ref("raw_events")} GROUP BY day`,
    );
    mkdirSync(join(dir, "definitions", "warehouse"));
    writeFileSync(
      join(dir, "definitions", "warehouse", "fct.sqlx"),
      `config { type: "incremental", schema: "marts", uniqueKey: ["day"] }
SELECT day, n, last_id FROM \${ref("summary")}
\${when(incremental(), \`WHERE last_id > (SELECT coalesce(max(last_id), -1) FROM \${self()})\`)}`,
    );
  }

  it("a source rebuilt under a new definition is reloaded whole, and the warehouse model reading it rebuilds: rewritten rows keep their watermark", async () => {
    addWarehouseModels();
    await addRawEvents(0, 9);
    await run();
    editFile("summary.sqlx", (text) => text.replace("count(*) AS n", "count(*) * 10 AS n"));
    const next = await run();
    const byName = Object.fromEntries(next.actions.map((a) => [a.id.split(".").slice(-2).join("."), a]));
    expect(byName["staging.summary"]).toMatchObject({ type: "transfer", status: "success" });
    expect(byName["marts.fct"]).toMatchObject({ status: "success" });
    const warehouse = await connectDuckDB(load().profile.targets.warehouse, { redact: (text) => text });
    try {
      const rows = await warehouse.queryAll(`SELECT day, n FROM warehouse.marts.fct ORDER BY day`);
      expect(rows.map((r) => [Number(r.day), Number(r.n)])).toEqual([
        [0, 30],
        [1, 30],
        [2, 30],
      ]);
    } finally {
      await warehouse.close();
    }
  });
});
