import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import type { RunResults } from "../../src/execute/results.js";
import { ingestAction, SENSOR_SPEC } from "../ingest/helpers.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

/** --changed-only never skips ingest: it is how new data enters; what reads it rebuilds only when it landed rows. */
let project: TestProject;
afterEach(() => project?.cleanup());

function land(day: number, ids: number[]): void {
  const dir = join(project.profile.zones.raw, "sensor_readings", `day=0${day}`);
  mkdirSync(dir, { recursive: true });
  const lines = ids.map((id) => JSON.stringify({ sensor_id: `S${id}`, equipment_id: "EQ-1", ts: `2024-01-0${day}T00:00:00Z`, metric: "temp", value: id, unit: "C", status: "ok" }));
  writeFileSync(join(dir, "part-00000.ndjson"), lines.join("\n") + "\n");
}

function graph() {
  const bronze = ingestAction("sensor_readings", SENSOR_SPEC);
  const count = action({ name: "reading_count", query: "SELECT count(*) AS n FROM lakehouse.bronze.sensor_readings", dependencies: [bronze.id] });
  return graphOf([bronze, count]);
}

async function run(): Promise<Record<string, [string, string | undefined]>> {
  const results: RunResults = await runGraph({ graph: graph(), profile: project.profile }, { changedOnly: true, resultsPath: false });
  return Object.fromEntries(results.actions.map((a) => [a.id.split(".").pop()!, [a.status, a.message]]));
}

describe("--changed-only with ingest", () => {
  it("runs the ingest every time and rebuilds its readers only when it landed rows", async () => {
    project = makeProject();
    land(1, [1, 2, 3]);
    expect((await run()).reading_count[0]).toBe("success");
    // No new files: the ingest ran (and said so), its reader is up to date.
    const idle = await run();
    expect(idle.sensor_readings).toEqual(["up_to_date", "no new files"]);
    expect(idle.reading_count).toEqual(["up_to_date", "fingerprint and upstream data unchanged"]);
    land(2, [4, 5]);
    const next = await run();
    expect(next.sensor_readings[0]).toBe("success");
    expect(next.reading_count[0]).toBe("success");
    expect(await project.rows(`SELECT n FROM lakehouse.silver.reading_count`)).toEqual([{ n: 5 }]);
  });
});
