import { afterEach, describe, expect, it, vi } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

/**
 * A remote target that cannot be reached (a wrong host, a network down) fails one action with the
 * engine's error; every other action on that target is skipped, naming it, rather than failing
 * with the same error again. The warehouse target stands in for a remote one here: it is not
 * opened at run start, and connecting to it fails as a network error would.
 */
vi.mock("../../src/engines/registry.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/engines/registry.js")>();
  return {
    ...original,
    capabilitiesFor: async (...args: Parameters<typeof original.capabilitiesFor>) => ({ ...(await original.capabilitiesFor(...args)), embedded: false }),
    connectTarget: async (...args: Parameters<typeof original.connectTarget>) => {
      if (args[0].name === "warehouse") throw new Error("connect ECONNREFUSED 10.0.0.1:443");
      return original.connectTarget(...args);
    },
  };
});

let project: TestProject;
afterEach(() => project?.cleanup());

describe("an unreachable target", () => {
  it("fails one action with the connection error and skips the others on it, naming that one", async () => {
    project = makeProject();
    const lake = action({ name: "lake_table", query: "SELECT 1 AS x" });
    const facts = [1, 2, 3].map((n) => action({ name: `fact_${n}`, schema: "marts", targetName: "warehouse", query: `SELECT ${n} AS x` }));
    const results = await runGraph({ graph: graphOf([lake, ...facts]), profile: project.profile }, { concurrency: 2 });
    const byName = Object.fromEntries(results.actions.map((a) => [a.id.split(".").pop(), a]));
    expect(byName.lake_table.status).toBe("success");
    const failed = facts.map((f) => byName[f.target.name]).filter((a) => a.status === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0].error?.message).toMatch(/ECONNREFUSED/);
    const skipped = facts.map((f) => byName[f.target.name]).filter((a) => a.status === "skipped");
    expect(skipped.map((a) => a.message)).toEqual([`target warehouse could not be connected to (see ${failed[0].id})`, `target warehouse could not be connected to (see ${failed[0].id})`]);
    expect(results.totals).toMatchObject({ success: 1, failed: 1, skipped: 2 });
  });
});
