import type { CompiledGraph } from "../../graph/schema.js";
import { toQuartz } from "./cron.js";
import { DEFAULT_TASK_LOCK_TIMEOUT_SECONDS, scheduledTasks } from "./tasks.js";

export interface DatabricksJobsExportOptions {
  name?: string;
  cron?: string;
  /** IANA time zone of the schedule. */
  timezone?: string;
  /**
   * The Python file each task runs (spark_python_task); it must start the Sluice CLI with the
   * given parameters. Databricks has no shell task type, hence a launcher.
   */
  launcher?: string;
  /** How long each task waits for the project's run lock (--lock-timeout); DEFAULT_TASK_LOCK_TIMEOUT_SECONDS by default. */
  lockTimeoutSeconds?: number;
}

/** A Databricks Jobs API 2.1 job definition (the body of jobs/create). */
export interface DatabricksJob {
  name: string;
  max_concurrent_runs: number;
  tags: Record<string, string>;
  schedule?: { quartz_cron_expression: string; timezone_id: string; pause_status: "UNPAUSED" };
  tasks: Array<{
    task_key: string;
    description: string;
    depends_on?: Array<{ task_key: string }>;
    spark_python_task: { python_file: string; parameters: string[] };
  }>;
}

/**
 * One Databricks task per action with depends_on mirroring the graph. max_concurrent_runs is 1 so a
 * scheduled run never starts while the previous one is going, as with `sluice schedule`.
 *
 * Within a run, Databricks starts sibling tasks at once, and each `sluice run` takes the project's
 * run lock (one writer for the state and for DuckDB files). The Jobs API has no per-run task
 * limit, so the siblings are serialised by the lock itself: each task waits up to
 * lockTimeoutSeconds for it. Chaining every task after the previous one would serialise them
 * too, but a failed task would then stop every unrelated task listed after it, and repair runs and
 * the job's graph view would no longer follow the project's graph; waiting on the lock keeps both.
 */
export function databricksJob(graph: CompiledGraph, options: DatabricksJobsExportOptions = {}): DatabricksJob {
  const tasks = scheduledTasks(graph, { allowed: /[A-Za-z0-9_-]/, maxLength: 100 });
  const lockTimeout = String(options.lockTimeoutSeconds ?? DEFAULT_TASK_LOCK_TIMEOUT_SECONDS);
  const job: DatabricksJob = {
    name: options.name ?? "sluice",
    max_concurrent_runs: 1,
    tags: { generated_by: "sluice", profile: graph.profile },
    tasks: tasks.map((task) => ({
      task_key: task.key,
      description: `${task.type} ${task.actionId}`,
      ...(task.upstream.length > 0 ? { depends_on: task.upstream.map((key) => ({ task_key: key })) } : {}),
      spark_python_task: {
        python_file: options.launcher ?? "sluice_launcher.py",
        parameters: ["run", ...task.selection, "--profile", graph.profile, "--lock-timeout", lockTimeout],
      },
    })),
  };
  if (options.cron !== undefined) {
    job.schedule = { quartz_cron_expression: toQuartz(options.cron), timezone_id: options.timezone ?? "UTC", pause_status: "UNPAUSED" };
  }
  return job;
}
