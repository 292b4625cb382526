import { afterEach, describe, expect, it } from "vitest";
import { runGraph } from "../../src/execute/run.js";
import { action, graphOf, makeProject, type TestProject } from "./fixture.js";

let project: TestProject;
afterEach(() => project?.cleanup());

describe("expectation counts on a failed model", () => {
  it("keeps every rule's count in the action result when a fail rule stops the model", async () => {
    project = makeProject();
    await project.exec(`CREATE SCHEMA IF NOT EXISTS lakehouse.raw`);
    await project.exec(`CREATE OR REPLACE TABLE lakehouse.raw.src AS SELECT * FROM (VALUES (1, 10), (2, 500), (300, 20)) AS t(id, v)`);
    const model = action({
      name: "readings",
      query: "SELECT * FROM lakehouse.raw.src",
      expectations: [
        { name: "in_range", condition: "v BETWEEN 0 AND 100", action: "warn" },
        { name: "small_ids", condition: "id < 100", action: "fail" },
      ],
    });
    const [result] = (await runGraph({ graph: graphOf([model]), profile: project.profile }, { resultsPath: false })).actions;
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("expectation-failed");
    expect(result.expectations).toEqual({ in_range: { action: "warn", violations: 1 }, small_ids: { action: "fail", violations: 1 } });
  });
});
