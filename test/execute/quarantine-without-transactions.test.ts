import { afterEach, describe, expect, it, vi } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { action, graphOf, makeProject, withoutTransactions, type TestProject } from "./fixture.js";

/**
 * On an engine without transactions (Delta) the quarantine insert and the merge commit apart, so a
 * batch can be read twice: after a crash between the two, and whenever the newest rows were all
 * dropped (the watermark, read from the target, stays below them). Each dropped row must still be
 * quarantined once. DuckDB stands in for the engine: every statement commits on its own, and a
 * statement can be made to fail as a crash would.
 */
let crashOn: RegExp | undefined;

vi.mock("../../src/engines/registry.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/engines/registry.js")>();
  return {
    ...original,
    connectTarget: async (...args: Parameters<typeof original.connectTarget>) => withoutTransactions(await original.connectTarget(...args), () => crashOn),
  };
});

let project: TestProject;
afterEach(() => {
  crashOn = undefined;
  project?.cleanup();
});

const model = action({
  name: "m",
  type: "incremental",
  uniqueKey: ["id"],
  query: "SELECT * FROM lakehouse.bronze.batch",
  // The watermark comes from the target alone, as on Databricks.
  incrementalQuery: "SELECT * FROM lakehouse.bronze.batch WHERE ts > (SELECT coalesce(max(ts), 0) FROM lakehouse.silver.m)",
  expectations: [{ name: "is_ok", condition: "ok", action: "drop" }],
});

async function land(rows: string): Promise<void> {
  await project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.bronze; CREATE TABLE IF NOT EXISTS lakehouse.bronze.batch (id INTEGER, ts INTEGER, ok BOOLEAN); INSERT INTO lakehouse.bronze.batch VALUES ${rows}`);
}

const run = async () => (await runGraph({ graph: graphOf([model]), profile: project.profile })).actions[0];
const kept = async () => (await project.rows(`SELECT id FROM lakehouse.silver.m ORDER BY id`)).map((r) => r.id);
const quarantined = async () => (await project.rows(`SELECT id FROM lakehouse.audit.m_quarantine ORDER BY id`)).map((r) => r.id);

describe("quarantine on an engine without transactions", () => {
  it("holds each dropped row once when a batch is read again, after a crash or because its newest rows were dropped", async () => {
    project = makeProject();
    await land(`(1, 1, true), (2, 2, false)`);
    expect(await run()).toMatchObject({ status: "success" });
    expect([await kept(), await quarantined()]).toEqual([[1], [2]]);

    // Row 2 is newer than the target's watermark, so every run reads it again.
    expect(await run()).toMatchObject({ status: "success", expectations: { is_ok: { violations: 1 } } });
    expect(await quarantined()).toEqual([2]);

    // A crash after the quarantine insert, before the merge.
    await land(`(3, 3, true), (4, 4, false)`);
    crashOn = /^MERGE/;
    expect(await run()).toMatchObject({ status: "failed" });
    expect([await kept(), await quarantined()]).toEqual([[1], [2, 4]]);

    crashOn = undefined;
    expect(await run()).toMatchObject({ status: "success", expectations: { is_ok: { violations: 2 } } });
    expect([await kept(), await quarantined()]).toEqual([[1, 3], [2, 4]]);
  });
});
