import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EngineAdapter } from "../../src/engines/adapter.js";
import type { ResolvedProfile } from "../../src/config/profiles.js";
import { ingestStrategy } from "../../src/execute/strategies/ingest.js";
import type { IngestSpec } from "../../src/graph/schema.js";
import { connect, ingestAction, makeContext, makeProfile, runStrategy } from "./helpers.js";

/** Hand-written files for the cases the generator does not produce. */
describe("ingest edge cases", () => {
  let profile: ResolvedProfile;
  let adapter: EngineAdapter;

  beforeAll(async () => {
    profile = makeProfile();
    adapter = await connect(profile);
  });
  afterAll(async () => adapter?.close());

  function land(path: string, text: string) {
    const file = join(profile.zones.raw, path);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, text);
  }

  it("CSV: quoted commas and quotes, CRLF, a column added mid-stream, blank lines, bad quotes", async () => {
    land("logs/year=2024/month=03/day=01/part-00000.csv", "equipment_id,ts,code\r\nEQ-1,2024-03-01T00:00:00Z,\"F1, \"\"hot\"\"\"\r\nEQ-2,2024-03-01T01:00:00Z,\r\n");
    land(
      "logs/year=2024/month=03/day=02/part-00000.csv",
      [
        "equipment_id,ts,operator,code", // a new column, in the middle
        "EQ-3,2024-03-02T00:00:00Z,alice,F2",
        "",
        "EQ-4,2024-03-02T01:00:00Z,bob",
        '"EQ-5,2024-03-02T02:00:00Z,carol,F3',
        "EQ-6,2024-03-02T03:00:00Z,dan,notanumber",
        "",
      ].join("\n"),
    );
    const spec: IngestSpec = {
      path: "logs/**/*.csv",
      format: "csv",
      columns: { equipment_id: "VARCHAR", ts: "VARCHAR", code: "VARCHAR" },
      rescuedDataColumn: "_rescued_data",
      quarantine: { schema: "audit", name: "logs_q" },
    };
    land("logs/year=2024/month=03/day=03/part-00000.csv", "\nEQ-7,2024-03-03T00:00:00Z,F4\n");
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("logs", spec), profile, { lakehouse: adapter }));
    expect(outcome.ingest).toEqual({ files: 3, rows: 4, quarantined: 4, quarantineReasons: { empty_line: 1, column_count: 1, malformed_csv: 1, missing_header: 1 } });
    const rows = await adapter.queryAll(`SELECT equipment_id, ts, code, _rescued_data, _source_line, day FROM lakehouse.bronze.logs ORDER BY equipment_id`);
    expect(rows).toEqual([
      { equipment_id: "EQ-1", ts: "2024-03-01T00:00:00Z", code: 'F1, "hot"', _rescued_data: null, _source_line: 2, day: 1 },
      { equipment_id: "EQ-2", ts: "2024-03-01T01:00:00Z", code: null, _rescued_data: null, _source_line: 3, day: 1 },
      { equipment_id: "EQ-3", ts: "2024-03-02T00:00:00Z", code: "F2", _rescued_data: '{"operator":"alice"}', _source_line: 2, day: 2 },
      { equipment_id: "EQ-6", ts: "2024-03-02T03:00:00Z", code: "notanumber", _rescued_data: '{"operator":"dan"}', _source_line: 6, day: 2 },
    ]);
    const bad = await adapter.queryAll(`SELECT _source_line, raw_text, reason FROM lakehouse.audit.logs_q ORDER BY _source_line, reason`);
    expect(bad).toEqual([
      { _source_line: 2, raw_text: "EQ-7,2024-03-03T00:00:00Z,F4", reason: "missing_header" },
      { _source_line: 3, raw_text: null, reason: "empty_line" },
      { _source_line: 4, raw_text: "EQ-4,2024-03-02T01:00:00Z,bob", reason: "column_count" },
      { _source_line: 5, raw_text: '"EQ-5,2024-03-02T02:00:00Z,carol,F3', reason: "malformed_csv" },
    ]);
  });

  it("a batch of empty files only gets ledger rows and is not read again", async () => {
    land("quiet/year=2024/month=03/day=01/part-00000.ndjson", "");
    const spec: IngestSpec = { path: "quiet/**/*.ndjson", format: "json", columns: { id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "quiet_q" } };
    const action = ingestAction("quiet", spec);
    const first = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
    expect(first.ingest).toEqual({ files: 1, rows: 0, quarantined: 0, quarantineReasons: {} });
    const ledger = await adapter.queryAll(`SELECT file_path, size, "rows", quarantined FROM lakehouse._sluice.file_ledger WHERE action_id = '${action.id}'`);
    expect(ledger).toEqual([{ file_path: "quiet/year=2024/month=03/day=01/part-00000.ndjson", size: 0, rows: 0, quarantined: 0 }]);
    const again = await runStrategy(ingestStrategy, makeContext(action, profile, { lakehouse: adapter }));
    expect(again.status).toBe("up_to_date");
  });

  it("a file with a byte order mark, mixing LF and CRLF, reads right, line by line", async () => {
    // Starting with a UTF-8 byte order mark, which is not part of the first record.
    land("mixed/a.ndjson", '\ufeff{"id":"a"}\r\n{"id":"b"}\n{"id":"c"}\r\n');
    const spec: IngestSpec = { path: "mixed/*.ndjson", format: "json", columns: { id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "mixed_q" } };
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("mixed", spec), profile, { lakehouse: adapter }));
    expect(outcome.ingest).toEqual({ files: 1, rows: 3, quarantined: 0, quarantineReasons: {} });
    expect(await adapter.queryAll(`SELECT id, _source_line FROM lakehouse.bronze.mixed ORDER BY _source_line`)).toEqual([
      { id: "a", _source_line: 1 },
      { id: "b", _source_line: 2 },
      { id: "c", _source_line: 3 },
    ]);
  });

  it("a file that is not UTF-8 fails the batch naming the file, and commits nothing", async () => {
    land("latin1/good.ndjson", '{"id":"a"}\n');
    const file = join(profile.zones.raw, "latin1/bad.ndjson");
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, Buffer.from('{"id":"caf\xe9"}\n', "latin1"));
    const spec: IngestSpec = { path: "latin1/*.ndjson", format: "json", columns: { id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "latin1_q" } };
    await expect(runStrategy(ingestStrategy, makeContext(ingestAction("latin1", spec), profile, { lakehouse: adapter }))).rejects.toThrow(/latin1\/bad\.ndjson.*UTF-8/);
    const ledger = await adapter.queryAll(`SELECT count(*) AS n FROM lakehouse._sluice.file_ledger WHERE action_id = 'lakehouse.bronze.latin1'`);
    expect(Number(ledger[0].n)).toBe(0);
    expect(await adapter.queryAll(`SELECT count(*) AS n FROM lakehouse.bronze.latin1`)).toEqual([{ n: 0 }]);
  });

  it("a non-empty file the stage has no record of fails the batch, naming the file, and commits nothing", async () => {
    land("unread/a.ndjson", '{"id":"a"}\n');
    land("unread/b.ndjson", '{"id":"b"}\n');
    const spec: IngestSpec = { path: "unread/*.ndjson", format: "json", columns: { id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "unread_q" } };
    const run = makeContext(ingestAction("unread", spec), profile, { lakehouse: adapter });
    // As if the engine had read b.ndjson under another name: its lines are missing from the stage summary.
    const query = run.context.query;
    run.context.query = async (sql, options) => {
      const rows = await query(sql, options);
      return /_reason AS reason/.test(sql) ? rows.filter((row) => row.file !== "unread/b.ndjson") : rows;
    };
    await expect(runStrategy(ingestStrategy, run)).rejects.toThrow(/1 file\(s\) produced no records .*unread\/b\.ndjson/);
    expect(await adapter.queryAll(`SELECT count(*) AS n FROM lakehouse._sluice.file_ledger WHERE action_id = 'lakehouse.bronze.unread'`)).toEqual([{ n: 0 }]);
    expect(await adapter.queryAll(`SELECT count(*) AS n FROM lakehouse.bronze.unread`)).toEqual([{ n: 0 }]);
  });

  it("CSV: a quoted field holding line breaks is one record, numbered by its first line; stray quotes cost one line each", async () => {
    land(
      "notes/year=2024/month=03/day=01/part-00000.csv",
      ["equipment_id,message,code", 'EQ-1,"Overheat', "", 'see ticket ""42"", then', 'restart",F1', "EQ-2,plain,F2", 'EQ-3,"short",F3'].join("\r\n") + "\r\n",
    );
    land("notes/year=2024/month=03/day=02/part-00000.csv", ["equipment_id,message,code", "EQ-4,ok,F4", 'EQ-5,"never closed,F5', "EQ-6,ok,F6", ""].join("\n"));
    // Two stray quotes: joined, lines 2–4 would not read as one record, so each line stays one.
    land("notes/year=2024/month=03/day=03/part-00000.csv", ["equipment_id,message,code", 'EQ-7,"stray,F7', "EQ-8,ok,F8", 'EQ-9,"stray,F9', "EQ-10,ok,F10"].join("\n"));
    const spec: IngestSpec = { path: "notes/**/*.csv", format: "csv", columns: { equipment_id: "VARCHAR", message: "VARCHAR", code: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "notes_q" } };
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("notes", spec), profile, { lakehouse: adapter }));
    expect(outcome.ingest).toEqual({ files: 3, rows: 7, quarantined: 3, quarantineReasons: { malformed_csv: 3 } });
    expect(await adapter.queryAll(`SELECT equipment_id, message, code, _source_line, day FROM lakehouse.bronze.notes ORDER BY day, _source_line`)).toEqual([
      { equipment_id: "EQ-1", message: 'Overheat\n\nsee ticket "42", then\nrestart', code: "F1", _source_line: 2, day: 1 },
      { equipment_id: "EQ-2", message: "plain", code: "F2", _source_line: 6, day: 1 },
      { equipment_id: "EQ-3", message: "short", code: "F3", _source_line: 7, day: 1 },
      { equipment_id: "EQ-4", message: "ok", code: "F4", _source_line: 2, day: 2 },
      { equipment_id: "EQ-6", message: "ok", code: "F6", _source_line: 4, day: 2 },
      { equipment_id: "EQ-8", message: "ok", code: "F8", _source_line: 3, day: 3 },
      { equipment_id: "EQ-10", message: "ok", code: "F10", _source_line: 5, day: 3 },
    ]);
    expect(await adapter.queryAll(`SELECT _source_line, raw_text, reason FROM lakehouse.audit.notes_q ORDER BY raw_text`)).toEqual([
      { _source_line: 3, raw_text: 'EQ-5,"never closed,F5', reason: "malformed_csv" },
      { _source_line: 2, raw_text: 'EQ-7,"stray,F7', reason: "malformed_csv" },
      { _source_line: 4, raw_text: 'EQ-9,"stray,F9', reason: "malformed_csv" },
    ]);
  });

  it("CSV with one column: a blank or whitespace line is an empty line, as in a wider file and on Databricks", async () => {
    land("single/part-00000.csv", "lot_id\nL-1\n\n   \nL-2\n");
    const spec: IngestSpec = { path: "single/*.csv", format: "csv", columns: { lot_id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "single_q" } };
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("single", spec), profile, { lakehouse: adapter }));
    expect(outcome.ingest).toEqual({ files: 1, rows: 2, quarantined: 2, quarantineReasons: { empty_line: 2 } });
    expect(await adapter.queryAll(`SELECT lot_id FROM lakehouse.bronze.single ORDER BY lot_id`)).toEqual([{ lot_id: "L-1" }, { lot_id: "L-2" }]);
  });

  it("a CSV file with only its header, or a file with only a byte order mark, lands no record and blocks nothing", async () => {
    land("headers/year=2024/month=03/day=01/part-00000.csv", "equipment_id,code\nEQ-1,F1\n");
    land("headers/year=2024/month=03/day=01/part-00001.csv", "equipment_id,code\n");
    land("headers/year=2024/month=03/day=01/part-00002.csv", "\ufeffequipment_id,code\r\n");
    land("headers/year=2024/month=03/day=01/part-00003.csv", "\ufeff");
    const spec: IngestSpec = { path: "headers/**/*.csv", format: "csv", columns: { equipment_id: "VARCHAR", code: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "headers_q" } };
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("headers", spec), profile, { lakehouse: adapter }));
    expect(outcome.ingest).toEqual({ files: 4, rows: 1, quarantined: 0, quarantineReasons: {} });
    const ledger = await adapter.queryAll(`SELECT file_path, "rows", quarantined FROM lakehouse._sluice.file_ledger WHERE action_id = 'lakehouse.bronze.headers' ORDER BY file_path`);
    expect(ledger.map((r) => [String(r.file_path).split("/").pop(), Number(r.rows), Number(r.quarantined)])).toEqual([
      ["part-00000.csv", 1, 0],
      ["part-00001.csv", 0, 0],
      ["part-00002.csv", 0, 0],
      ["part-00003.csv", 0, 0],
    ]);

    // A header and a record line that the stage lost is still a file that was not read.
    land("headers/year=2024/month=03/day=02/part-00000.csv", "equipment_id,code\nEQ-2,F2\n");
    const run = makeContext(ingestAction("headers", spec), profile, { lakehouse: adapter });
    const query = run.context.query;
    run.context.query = async (sql, options) => {
      const rows = await query(sql, options);
      return /_reason AS reason/.test(sql) ? rows.filter((row) => !String(row.file).includes("day=02")) : rows;
    };
    await expect(runStrategy(ingestStrategy, run)).rejects.toThrow(/1 file\(s\) produced no records .*day=02\/part-00000\.csv/);
  });

  it("a file that changes size after it was ingested has its lines quarantined as changed_after_ingest, once; a touched file is left alone", async () => {
    const path = "grown/year=2024/month=03/day=01/part-00000.ndjson";
    const complete = '{"id":"a"}\n{"id":"b"}\n{"id":"c"}\n';
    land(path, complete.slice(0, 26)); // landed while still being written: the third record is cut short
    const spec: IngestSpec = { path: "grown/**/*.ndjson", format: "json", columns: { id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "grown_q" } };
    const run = () => runStrategy(ingestStrategy, makeContext(ingestAction("grown", spec), profile, { lakehouse: adapter }));
    expect((await run()).ingest).toEqual({ files: 1, rows: 2, quarantined: 1, quarantineReasons: { invalid_json: 1 } });

    land(path, complete);
    const grown = await run();
    expect(grown.status).toBe("success");
    expect(grown.ingest).toEqual({ files: 1, rows: 0, quarantined: 3, quarantineReasons: { changed_after_ingest: 3 } });
    expect(grown.message).toMatch(/changed after they were ingested/);
    expect(await adapter.queryAll(`SELECT id FROM lakehouse.bronze.grown ORDER BY id`)).toEqual([{ id: "a" }, { id: "b" }]);
    expect(await adapter.queryAll(`SELECT _source_line, raw_text, reason FROM lakehouse.audit.grown_q ORDER BY reason, _source_line`)).toEqual([
      { _source_line: 1, raw_text: '{"id":"a"}', reason: "changed_after_ingest" },
      { _source_line: 2, raw_text: '{"id":"b"}', reason: "changed_after_ingest" },
      { _source_line: 3, raw_text: '{"id":"c"}', reason: "changed_after_ingest" },
      { _source_line: 3, raw_text: '{"id', reason: "invalid_json" },
    ]);
    expect((await run()).status).toBe("up_to_date");

    // Only the size counts: a new modification time (a copy of the raw zone, a touch) reads nothing again.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(profile.zones.raw, path), later, later);
    expect((await run()).status).toBe("up_to_date");
  });

  it("stamps a batch after the last one even when the clock has stepped back, so models reading above their watermark still see it", async () => {
    const spec: IngestSpec = { path: "clock/*.ndjson", format: "json", columns: { id: "VARCHAR" }, rescuedDataColumn: "_rescued_data", quarantine: { schema: "audit", name: "clock_q" } };
    const run = () => runStrategy(ingestStrategy, makeContext(ingestAction("clock", spec), profile, { lakehouse: adapter }));
    land("clock/a.ndjson", '{"id":"a"}\n');
    await run();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() - 3_600_000);
      land("clock/b.ndjson", '{"id":"b"}\n');
      await run();
    } finally {
      vi.useRealTimers();
    }
    const rows = await adapter.queryAll(`SELECT id, epoch_ms(_ingested_at) AS at FROM lakehouse.bronze.clock ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
    expect(Number(rows[1].at)).toBe(Number(rows[0].at) + 1);
  });

  it("JSON: blank lines, CRLF, arrays and scalars, nested unknown fields, wrong types, a file outside the partition layout", async () => {
    land(
      "events/year=2024/month=03/day=01/part-00000.ndjson",
      ['{"id":"a","n":1}', "", '{"id":"b","n":"2.5","extra":{"deep":[1,2]},"more":null}', "[1,2]", "42", '{"id":"c","n":"x"}', '{"id":"d"'].join("\r\n") + "\r\n",
    );
    land("events/loose.ndjson", '{"id":"e","n":5}\n');
    const spec: IngestSpec = {
      path: "events/**/*.ndjson",
      format: "json",
      columns: { id: "VARCHAR", n: "DOUBLE" },
      rescuedDataColumn: "_rescued_data",
      quarantine: { schema: "audit", name: "events_q" },
    };
    const outcome = await runStrategy(ingestStrategy, makeContext(ingestAction("events", spec), profile, { lakehouse: adapter }));
    expect(outcome.ingest).toEqual({
      files: 2,
      rows: 3,
      quarantined: 5,
      quarantineReasons: { empty_line: 1, not_a_json_object: 2, "cast_failed:n": 1, invalid_json: 1 },
    });
    const rows = await adapter.queryAll(`SELECT id, n, _rescued_data, _source_file, _source_line, year FROM lakehouse.bronze.events ORDER BY id`);
    expect(rows).toEqual([
      { id: "a", n: 1, _rescued_data: null, _source_file: "events/year=2024/month=03/day=01/part-00000.ndjson", _source_line: 1, year: 2024 },
      { id: "b", n: 2.5, _rescued_data: '{"extra":{"deep":[1,2]},"more":null}', _source_file: "events/year=2024/month=03/day=01/part-00000.ndjson", _source_line: 3, year: 2024 },
      { id: "e", n: 5, _rescued_data: null, _source_file: "events/loose.ndjson", _source_line: 1, year: null },
    ]);
    const bad = await adapter.queryAll(`SELECT _source_line, raw_text, reason FROM lakehouse.audit.events_q ORDER BY _source_line`);
    expect(bad).toEqual([
      { _source_line: 2, raw_text: null, reason: "empty_line" },
      { _source_line: 4, raw_text: "[1,2]", reason: "not_a_json_object" },
      { _source_line: 5, raw_text: "42", reason: "not_a_json_object" },
      { _source_line: 6, raw_text: '{"id":"c","n":"x"}', reason: "cast_failed:n" },
      { _source_line: 7, raw_text: '{"id":"d"', reason: "invalid_json" },
    ]);
  });
});
