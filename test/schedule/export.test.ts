import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { airflowDag } from "../../src/schedule/export/airflow.js";
import { databricksJob, type DatabricksJob } from "../../src/schedule/export/databricks-jobs.js";
import { toQuartz } from "../../src/schedule/export/cron.js";
import { scheduledTasks } from "../../src/schedule/export/tasks.js";
import { SluiceError } from "../../src/errors.js";
import { selectActions } from "../../src/select/select.js";
import { action, graphOf, id, shopGraph } from "../select/fixtures.js";

const graph = shopGraph();
const buildable = graph.actions.filter((a) => a.type !== "declaration");
const key = (actionId: string) => actionId.replace(/\./g, "__");

/** Edges between work-doing actions; declarations have no upstream here so none is bridged. */
const expectedEdges = buildable.flatMap((a) =>
  a.dependencies.filter((dep) => buildable.some((b) => b.id === dep)).map((dep) => [key(dep), key(a.id)] as const),
);

describe("scheduledTasks", () => {
  it("bridges edges through declarations and disabled actions", () => {
    const small = graphOf([
      action({ name: "a" }),
      { ...action({ name: "b", deps: ["a"] }), disabled: true },
      action({ name: "c", deps: ["b"] }),
      action({ name: "src", type: "declaration" }),
      action({ name: "d", deps: ["src", "c"] }),
    ]);
    expect(scheduledTasks(small, { allowed: /[A-Za-z0-9_]/, maxLength: 100 })).toEqual([
      { key: "db__analytics__a", actionId: id("a"), type: "table", upstream: [], selection: ["--select", id("a")] },
      { key: "db__analytics__c", actionId: id("c"), type: "table", upstream: ["db__analytics__a"], selection: ["--select", id("c")] },
      { key: "db__analytics__d", actionId: id("d"), type: "table", upstream: ["db__analytics__c"], selection: ["--select", id("d")] },
    ]);
  });

  it("selects exactly its own action, as `sluice run` resolves the arguments (assertions have their own tasks)", () => {
    // An assertion whose only input is another assertion: indirect selection would pull it into the first one's task.
    const withChecks = graphOf([
      ...graph.actions,
      action({ name: "check_of_check", schema: "assertions", type: "assertion", deps: ["db.assertions.customer_orders_unique"] }),
    ]);
    const tasks = scheduledTasks(withChecks, { allowed: /[A-Za-z0-9_]/, maxLength: 100 });
    expect(tasks.find((t) => t.actionId === id("customer_orders"))!.selection).toEqual(["--select", id("customer_orders"), "--exclude", "type:assertion"]);
    for (const task of tasks) {
      const select = task.selection.filter((_, i) => task.selection[i - 1] === "--select");
      const exclude = task.selection.filter((_, i) => task.selection[i - 1] === "--exclude");
      expect(selectActions(withChecks, { select, exclude, indirectAssertions: "cautious" }), task.actionId).toEqual([task.actionId]);
    }
  });

  it("keeps keys unique after sanitising and truncating", () => {
    const small = graphOf([action({ name: "x-y" }), action({ name: "x_y" })]);
    expect(scheduledTasks(small, { allowed: /[A-Za-z0-9_]/, maxLength: 100 }).map((t) => t.key)).toEqual(["db__analytics__x_y", "db__analytics__x_y_2"]);
    expect(scheduledTasks(small, { allowed: /[A-Za-z0-9_]/, maxLength: 8 }).map((t) => t.key)).toEqual(["db__anal", "db__an_2"]);
  });
});

describe("airflow export", () => {
  const dag = airflowDag(graph, { cron: "*/5 * * * *", dagId: "shop" });

  it("has one BashOperator per action that does work, running sluice run --select <id> and waiting for the run lock", () => {
    expect(dag.match(/= BashOperator\(/g)).toHaveLength(buildable.length);
    for (const a of buildable) {
      expect(dag).toContain(`tasks["${key(a.id)}"] = BashOperator(`);
      expect(dag).toContain(`"--select", shlex.quote("${a.id}")`);
    }
    expect(dag).toContain(`"--select", shlex.quote("${id("customer_orders")}"), "--exclude", shlex.quote("type:assertion"), "--profile", shlex.quote(PROFILE), "--lock-timeout", LOCK_TIMEOUT]`);
    expect(dag).toContain('LOCK_TIMEOUT = "3600"');
    expect(airflowDag(graph, { lockTimeoutSeconds: 60 })).toContain('LOCK_TIMEOUT = "60"');
    expect(dag).not.toContain("raw_orders");
  });

  it("mirrors every edge of the graph and nothing else", () => {
    const edges = [...dag.matchAll(/^ {4}tasks\["([^"]+)"\] >> tasks\["([^"]+)"\]$/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
    expect(edges).toEqual(expectedEdges.map(([from, to]) => `${from} -> ${to}`).sort());
    expect(edges.length).toBeGreaterThan(0);
  });

  it("schedules without overlap and is deterministic", () => {
    expect(dag).toContain('schedule="*/5 * * * *"');
    expect(dag).toContain("max_active_runs=1");
    expect(dag).toContain("catchup=False");
    expect(airflowDag(graph, { cron: "*/5 * * * *", dagId: "shop" })).toBe(dag);
    expect(airflowDag(graph)).toContain("schedule=None");
  });

  const hasPython = spawnSync("python3", ["--version"]).status === 0;
  it.skipIf(!hasPython)("is valid Python", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sluice-dag-")), "dag.py");
    writeFileSync(file, airflowDag(graph, { cron: "0 * * * *", projectDir: 'C:\\odd "dir"' }));
    expect(() => execFileSync("python3", ["-m", "py_compile", file], { stdio: "pipe" })).not.toThrow();
  });

  it("refuses a seconds field", () => {
    expect(() => airflowDag(graph, { cron: "*/10 * * * * *" })).toThrow(SluiceError);
  });
});

describe("databricks jobs export", () => {
  const json = JSON.stringify(databricksJob(graph, { cron: "*/5 * * * *", name: "shop" }), null, 2);
  const job = JSON.parse(json) as DatabricksJob;

  it("has one task per action with depends_on mirroring the graph", () => {
    expect(job.tasks.map((t) => t.task_key).sort()).toEqual(buildable.map((a) => key(a.id)).sort());
    const edges = job.tasks.flatMap((t) => (t.depends_on ?? []).map((d) => `${d.task_key} -> ${t.task_key}`)).sort();
    expect(edges).toEqual(expectedEdges.map(([from, to]) => `${from} -> ${to}`).sort());
    const report = job.tasks.find((t) => t.task_key === key(id("report")))!;
    expect(report.spark_python_task.parameters).toEqual(["run", "--select", id("report"), "--profile", "local", "--lock-timeout", "3600"]);
  });

  it("runs each task's own action only, waiting for the run lock its siblings hold", () => {
    const checked = job.tasks.find((t) => t.task_key === key(id("customer_orders")))!;
    expect(checked.spark_python_task.parameters).toEqual(["run", "--select", id("customer_orders"), "--exclude", "type:assertion", "--profile", "local", "--lock-timeout", "3600"]);
    const patient = databricksJob(graph, { lockTimeoutSeconds: 7200 });
    for (const task of patient.tasks) expect(task.spark_python_task.parameters.slice(-2)).toEqual(["--lock-timeout", "7200"]);
  });

  it("lists tasks after everything they depend on, never overlaps runs, and is deterministic", () => {
    const seen = new Set<string>();
    for (const task of job.tasks) {
      for (const dep of task.depends_on ?? []) expect(seen.has(dep.task_key)).toBe(true);
      seen.add(task.task_key);
    }
    expect(job.max_concurrent_runs).toBe(1);
    expect(job.schedule).toEqual({ quartz_cron_expression: "0 */5 * * * ?", timezone_id: "UTC", pause_status: "UNPAUSED" });
    expect(JSON.stringify(databricksJob(graph, { cron: "*/5 * * * *", name: "shop" }), null, 2)).toBe(json);
  });
});

describe("toQuartz", () => {
  it("converts unix cron to quartz", () => {
    expect(toQuartz("*/5 * * * *")).toBe("0 */5 * * * ?");
    expect(toQuartz("30 2 1 * *")).toBe("0 30 2 1 * ?");
    expect(toQuartz("0 9 * * 1-5")).toBe("0 0 9 ? * 2-6");
    expect(toQuartz("0 9 * * 0,6")).toBe("0 0 9 ? * 1,7");
    expect(toQuartz("15 */10 * * * *")).toBe("15 */10 * * * ?");
  });

  it("refuses what quartz cannot express", () => {
    expect(() => toQuartz("0 9 1 * 1")).toThrow(SluiceError);
    expect(() => toQuartz("0 9 * * 5-7")).toThrow(SluiceError);
    expect(() => toQuartz("* * *")).toThrow(SluiceError);
  });
});
