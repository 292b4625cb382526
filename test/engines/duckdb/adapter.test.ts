import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ResolvedTarget } from "../../../src/config/profiles.js";
import { closeDuckDBInstances, connectDuckDB } from "../../../src/engines/duckdb/adapter.js";
import { isTransientDuckDBError } from "../../../src/engines/duckdb/errors.js";

const dir = mkdtempSync(join(tmpdir(), "sluice-duckdb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function target(name: string, database: string, file: string): ResolvedTarget {
  return { name, engine: "duckdb", database, settings: { engine: "duckdb", database, path: join(dir, "nested", "deeper", file) }, missingEnv: [] };
}
const redact = (text: string) => text.replace(/hunter2/g, "***");

describe("DuckDB adapter", () => {
  it("creates the file with its folders and uses the profile's database as the catalog, attaching when the stem differs", async () => {
    const adapter = await connectDuckDB(target("lakehouse", "lakehouse", "lake_file.duckdb"), { redact });
    expect(existsSync(join(dir, "nested", "deeper", "lake_file.duckdb"))).toBe(true);
    await adapter.execute(`CREATE SCHEMA "lakehouse"."silver"`);
    await adapter.execute(`CREATE TABLE "lakehouse"."silver"."x" AS SELECT 1 AS id, 'a' AS v`);
    expect(await adapter.schemaExists({ database: "lakehouse", schema: "silver" })).toBe(true);
    expect(await adapter.schemaExists({ database: "lakehouse", schema: "gold" })).toBe(false);
    expect(await adapter.describeRelation({ database: "lakehouse", schema: "silver", name: "x" })).toEqual({
      kind: "table",
      columns: [
        { name: "id", type: "INTEGER" },
        { name: "v", type: "VARCHAR" },
      ],
    });
    // Unqualified names resolve in the profile's catalog too (USE).
    expect(await adapter.queryAll(`SELECT current_database() AS db, count(*) AS n FROM silver.x`)).toEqual([{ db: "lakehouse", n: 1 }]);
    expect(await adapter.describeRelation({ schema: "silver", name: "missing" })).toBeNull();
    await adapter.close();
  });

  it("creates new files in the v1.5 storage format, opened directly or attached", async () => {
    for (const [database, file] of [["sv_direct", "sv_direct.duckdb"], ["sv_attached", "other_stem.duckdb"]]) {
      const adapter = await connectDuckDB(target(database, database, file), { redact });
      const [row] = await adapter.queryAll(`SELECT CAST(tags AS VARCHAR) AS tags FROM duckdb_databases() WHERE database_name = '${database}'`);
      expect(String(row.tags), database).toContain("v1.5.0");
      await adapter.close();
    }
  });

  it("closeDuckDBInstances releases the files, so another process can open them, and a later connect reopens them", async () => {
    const t = target("closing", "closing", "closing.duckdb");
    const adapter = await connectDuckDB(t, { redact });
    await adapter.execute(`CREATE TABLE kept AS SELECT 42 AS answer`);
    await adapter.close();
    const path = String(t.settings.path);
    const openElsewhere = () =>
      spawnSync(process.execPath, ["--input-type=module", "-e", `const { DuckDBInstance } = await import("@duckdb/node-api"); const c = await (await DuckDBInstance.create(${JSON.stringify(path)})).connect(); console.log((await c.runAndReadAll("SELECT answer FROM kept")).getRows()[0][0]);`], { cwd: process.cwd(), encoding: "utf8" });
    expect(openElsewhere().status).not.toBe(0); // still held by this process
    await closeDuckDBInstances();
    const other = openElsewhere();
    expect(other.stderr).toBe("");
    expect(other.stdout.trim()).toBe("42");
    const again = await connectDuckDB(t, { redact });
    expect(await again.queryAll(`SELECT answer FROM kept`)).toEqual([{ answer: 42 }]);
    await again.close();
  });

  it("reports rows affected, binds parameters and turns BigInt into numbers (or strings when too large)", async () => {
    const adapter = await connectDuckDB(target("t2", "t2", "t2.duckdb"), { redact });
    expect(await adapter.execute(`CREATE TABLE n AS SELECT range AS i FROM range(7)`)).toEqual({ rowsAffected: 7 });
    expect(await adapter.execute(`DELETE FROM n WHERE i < ?`, { params: [3] })).toEqual({ rowsAffected: 3 });
    const [row] = await adapter.queryAll(`SELECT (SELECT count(*) FROM n) AS c, 9007199254740993::HUGEINT AS big, [1::BIGINT, 2] AS arr, $1 AS p`, { params: ["x"] });
    expect(row).toEqual({ c: 4, big: "9007199254740993", arr: [1, 2], p: "x" });
    expect(() => JSON.stringify(row)).not.toThrow();
    await adapter.close();
  });

  it("streams large results in chunks", async () => {
    const adapter = await connectDuckDB(target("t3", "t3", "t3.duckdb"), { redact });
    let chunks = 0;
    let rows = 0;
    for await (const chunk of adapter.queryChunks(`SELECT range AS i FROM range(10000)`)) {
      chunks++;
      rows += chunk.length;
    }
    expect(rows).toBe(10000);
    expect(chunks).toBeGreaterThan(1);
    await adapter.close();
  });

  it("rolls back a transaction whose failed statement was swallowed (DuckDB's COMMIT would hide it)", async () => {
    const adapter = await connectDuckDB(target("t4", "t4", "t4.duckdb"), { redact });
    await adapter.execute(`CREATE TABLE k (i INTEGER)`);
    await expect(
      adapter.transaction(async () => {
        await adapter.execute(`INSERT INTO k VALUES (1)`);
        await adapter.execute(`INSERT INTO nowhere VALUES (2)`).catch(() => undefined);
        return "done";
      }),
    ).rejects.toThrow(/Catalog Error/);
    expect(await adapter.queryAll(`SELECT count(*) AS n FROM k`)).toEqual([{ n: 0 }]);
    // The connection is usable again and a clean transaction commits.
    await adapter.transaction(async () => adapter.execute(`INSERT INTO k VALUES (3)`));
    expect(await adapter.queryAll(`SELECT i FROM k`)).toEqual([{ i: 3 }]);
    await adapter.close();
  });

  it("lets concurrent callers take turns without entering each other's transaction", async () => {
    const adapter = await connectDuckDB(target("t5", "t5", "t5.duckdb"), { redact });
    await adapter.execute(`CREATE TABLE c (i INTEGER)`);
    const failing = adapter.transaction(async () => {
      await adapter.execute(`INSERT INTO c VALUES (1)`);
      await new Promise((r) => setTimeout(r, 30));
      throw new Error("abandon");
    });
    const outside = adapter.execute(`INSERT INTO c VALUES (2)`);
    await expect(failing).rejects.toThrow("abandon");
    await outside;
    expect(await adapter.queryAll(`SELECT i FROM c`)).toEqual([{ i: 2 }]);
    await adapter.close();
  });

  it("does not create a missing file in a dry run", async () => {
    const t = target("dry", "dry", "dry.duckdb");
    const adapter = await connectDuckDB(t, { redact, dryRun: true } as Parameters<typeof connectDuckDB>[1]);
    expect(await adapter.describeRelation({ database: "dry", schema: "main", name: "x" })).toBeNull();
    expect(await adapter.schemaExists({ database: "dry", schema: "silver" })).toBe(false);
    expect(existsSync(String(t.settings.path))).toBe(false);
    await adapter.close();
  });

  it("redacts secrets from engine errors", async () => {
    const adapter = await connectDuckDB(target("t6", "t6", "t6.duckdb"), { redact });
    await expect(adapter.execute(`SELECT * FROM "hunter2"`)).rejects.toThrow(/"\*\*\*"/);
    await adapter.close();
  });
});

describe("transient DuckDB errors", () => {
  it("retries lock conflicts and connection loss, never statement errors", () => {
    expect(isTransientDuckDBError(new Error(`IO Error: Could not set lock on file "/x.duckdb": Conflicting lock is held in node (PID 1)`))).toBe(true);
    expect(isTransientDuckDBError(new Error(`TransactionContext Error: Catalog write-write conflict on alter with "t"`))).toBe(true);
    expect(isTransientDuckDBError(new Error("Connection was closed"))).toBe(true);
    expect(isTransientDuckDBError(new Error(`Parser Error: syntax error at or near "SELEC"`))).toBe(false);
    expect(isTransientDuckDBError(new Error(`Catalog Error: Table with name lock does not exist!`))).toBe(false);
    expect(isTransientDuckDBError(new Error(`Binder Error: Referenced column "conflict" not found`))).toBe(false);
    expect(isTransientDuckDBError("Could not set lock on file")).toBe(true);
    expect(isTransientDuckDBError(undefined)).toBe(false);
  });
});
