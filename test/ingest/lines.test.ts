import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { linesQuery } from "../../src/engines/duckdb/ingest.js";
import type { IngestFile } from "../../src/engines/ingest.js";

/**
 * The two ways the DuckDB ingest numbers a file's lines — whole with read_text (files up to the
 * limit) and streamed with read_csv (larger ones) — must give the same lines for the same file.
 */
const FILES: Record<string, string> = {
  "lf.ndjson": '{"a":1}\n{"a":2}\n',
  "crlf.ndjson": '{"a":1}\r\n{"a":2}\r\n',
  "mixed.ndjson": '{"a":1}\r\n{"a":2}\n{"a":3}\r\n',
  "bom.ndjson": '\ufeff{"a":1}\n{"a":2}\n',
  "blank.ndjson": '{"a":1}\n\n   \n{"a":2}\n\n',
  "no-final-newline.ndjson": '{"a":1}\n{"a":2}',
  "year=2024/month=03/day=07/part.ndjson": '{"a":1}\n',
  // Names DuckDB's readers would expand as globs: each must read itself only, once.
  "globs/part-00000.ndjson": '{"g":0}\n',
  "globs/part-0000?.ndjson": '{"g":"?"}\n',
  "globs/p*.ndjson": '{"g":"*"}\n',
  "globs/x1.ndjson": '{"g":1}\n',
  "globs/x[12].ndjson": '{"g":"[]"}\n',
};

describe("DuckDB ingest lines", () => {
  let dir: string;
  let connection: DuckDBConnection;
  const files: IngestFile[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sluice-lines-"));
    for (const [path, text] of Object.entries(FILES)) {
      const location = join(dir, ...path.split("/"));
      mkdirSync(join(location, ".."), { recursive: true });
      writeFileSync(location, text);
      files.push({ path, location, size: statSync(location).size, mtimeMs: 0 });
    }
    connection = await (await DuckDBInstance.create(":memory:")).connect();
  });
  afterAll(() => connection?.closeSync());

  async function lines(limit: number, only = files.filter((f) => f.path !== "mixed.ndjson")) {
    const reader = await connection.runAndReadAll(`SELECT _source_file, _year, _month, _day, CAST(_source_line AS INTEGER) AS _source_line, coalesce(line, '') AS line FROM (${linesQuery(only, limit)}) ORDER BY ALL`);
    return reader.getRowObjectsJson();
  }

  it("reads every file the same whole and streamed, line by line", async () => {
    const whole = await lines(Number.MAX_SAFE_INTEGER, files);
    const streamed = await lines(0);
    expect(streamed).toEqual(whole.filter((r) => r._source_file !== "mixed.ndjson"));
    const text = (file: string) => whole.filter((r) => r._source_file === file).map((r) => [r._source_line, r.line]);
    expect(text("mixed.ndjson")).toEqual([[1, '{"a":1}'], [2, '{"a":2}'], [3, '{"a":3}']]);
    expect(text("bom.ndjson")).toEqual([[1, '{"a":1}'], [2, '{"a":2}']]);
    expect(text("blank.ndjson")).toEqual([[1, '{"a":1}'], [2, ""], [3, "   "], [4, '{"a":2}'], [5, ""]]);
    expect(text("no-final-newline.ndjson")).toEqual([[1, '{"a":1}'], [2, '{"a":2}']]);
    expect(whole.find((r) => r._source_file === "year=2024/month=03/day=07/part.ndjson")).toMatchObject({ _year: 2024, _month: 3, _day: 7 });
    expect(whole.filter((r) => String(r._source_file).startsWith("globs/")).map((r) => [r._source_file, r.line])).toEqual([
      ["globs/p*.ndjson", '{"g":"*"}'],
      ["globs/part-00000.ndjson", '{"g":0}'],
      ["globs/part-0000?.ndjson", '{"g":"?"}'],
      ["globs/x1.ndjson", '{"g":1}'],
      ["globs/x[12].ndjson", '{"g":"[]"}'],
    ]);
  });

  it("a streamed file mixing LF and CRLF fails loudly rather than misnumbering lines", async () => {
    await expect(lines(0, files.filter((f) => f.path === "mixed.ndjson"))).rejects.toThrow(/CSV Parser|invalid state/);
  });

  it("streams only the files above the limit", () => {
    const sql = linesQuery(files, statSync(files[0].location).size);
    expect(sql.match(/read_csv\(/g)?.length).toBe(files.filter((f) => f.size > files[0].size).length);
    expect(sql).toContain("read_text(");
  });
});
