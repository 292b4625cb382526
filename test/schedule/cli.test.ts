import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { SluiceContext } from "../../src/context.js";
import type { DatabricksJob } from "../../src/schedule/export/databricks-jobs.js";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "projects", "multi-engine");
let dir: string;
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function copyProject(): string {
  dir = mkdtempSync(join(tmpdir(), "sluice-cli-"));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe("sluice export-schedule", () => {
  it("writes a Databricks job with a task per action and the graph's edges", async () => {
    const project = copyProject();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const output = join(project, "out", "job.json");
    expect(await main(["export-schedule", "--format", "databricks-jobs", "--cron", "0 2 * * *", "--project", project, "--output", output])).toBe(0);
    const job = JSON.parse(readFileSync(output, "utf8")) as DatabricksJob;
    const graph = SluiceContext.load({ projectDir: project }).compile();
    const work = graph.actions.filter((a) => a.type !== "declaration" && !a.disabled);
    expect(job.tasks.map((t) => t.spark_python_task.parameters[2]).sort()).toEqual(work.map((a) => a.id).sort());
    expect(job.schedule?.quartz_cron_expression).toBe("0 0 2 * * ?");
    const keyOf = new Map(job.tasks.map((t) => [t.spark_python_task.parameters[2], t.task_key]));
    for (const a of work) {
      const expected = a.dependencies.filter((d) => keyOf.has(d)).map((d) => keyOf.get(d)).sort();
      const task = job.tasks.find((t) => t.task_key === keyOf.get(a.id))!;
      expect((task.depends_on ?? []).map((d) => d.task_key).sort()).toEqual(expected);
    }
  });

  it("prints an Airflow DAG for a selection", async () => {
    const project = copyProject();
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
    expect(await main(["export-schedule", "--format", "airflow", "--select", "tag:daily", "--project", project])).toBe(0);
    const dag = out.join("");
    expect(dag).toContain("lakehouse.gold.daily");
    expect(dag).not.toContain("clean_readings");
  });

  it("rejects an unknown format and a mistyped selector", async () => {
    const project = copyProject();
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
    expect(await main(["export-schedule", "--format", "cron", "--project", project])).toBe(2);
    expect(await main(["export-schedule", "--format", "airflow", "--select", "daliy", "--project", project])).toBe(1);
    expect(err.join("")).toContain("did you mean `daily`");
  });
});

describe("sluice schedule", () => {
  it("fails at start on an invalid cron pattern or selector, before any run", async () => {
    const project = copyProject();
    const err: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
    // A cron pattern that cannot be read is a wrong command line (2); a mistyped state: value a project error (1).
    expect(await main(["schedule", "--cron", "*/5 * * *  nope", "--project", project])).toBe(2);
    expect(err.join("")).toContain("invalid cron pattern");
    expect(await main(["schedule", "--cron", "*/5 * * * *", "--select", "state:modifed", "--project", project])).toBe(1);
    expect(err.join("")).toContain("`modified`");
  });
});
