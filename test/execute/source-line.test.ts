import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { sourceLineOf } from "../../src/execute/action-runner.js";

/** A statement error points at the line of the SQLX file the user wrote, not at line 1 or the generated statement's line. */
describe("sourceLineOf", () => {
  const sqlx = [
    'config { type: "table" }', // 1
    "", // 2
    "SELECT", // 3
    "  equipment_id,", // 4
    "  ${macros.eventState(\"e.event\")} AS AS state,", // 5
    "  sum(CASE WHEN event = 'fault' THEN 1 ELSE 0 END) AS fault_count", // 6
    "FROM ${ref(\"logs\")}", // 7
  ].join("\n");
  const dir = mkdtempSync(join(tmpdir(), "sluice-line-"));
  writeFileSync(join(dir, "model.sqlx"), sqlx);

  /** The message DuckDB gives for the statement Sluice would send (the SQL rendered, wrapped in a CREATE). */
  async function duckdbError(sql: string): Promise<string> {
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    try {
      await connection.run(sql);
      return "";
    } catch (error) {
      return (error as Error).message;
    } finally {
      connection.closeSync();
    }
  }

  it("finds the echoed line, even when a macro produced part of it", async () => {
    const rendered = `CREATE TABLE t AS (\nSELECT\n  equipment_id,\n  CASE WHEN e.event = 'start' THEN 'running' END AS AS state,\n  1 AS fault_count\nFROM logs\n)`;
    const message = await duckdbError(rendered);
    expect(message).toMatch(/^Parser Error[\s\S]*LINE 4:/);
    expect(sourceLineOf(message, { fileName: "model.sqlx" }, dir)).toBe(5);
  });

  it("gives up rather than guess when the text is on no line or on several", () => {
    expect(sourceLineOf("Parser Error: x\n\nLINE 2: nowhere in the file at all", { fileName: "model.sqlx" }, dir)).toBeUndefined();
    expect(sourceLineOf("Binder Error: no LINE echo here", { fileName: "model.sqlx" }, dir)).toBeUndefined();
    expect(sourceLineOf("Parser Error: x\n\nLINE 9: ${ref", { fileName: "model.sqlx" }, dir)).toBeUndefined();
    expect(sourceLineOf("Parser Error: x\n\nLINE 9: sum(CASE WHEN event = 'fault'", { fileName: "missing.sqlx" }, dir)).toBeUndefined();
  });
});
