/**
 * Runs a DAG of jobs in dependency order with at most `concurrency` at once. A job that does not
 * succeed blocks everything downstream: those jobs are reported skipped, never started.
 * Ready jobs start highest priority first (see plan/priority.ts), ties in the order they were
 * given, so runs are repeatable.
 */
export interface ScheduledJob {
  id: string;
  /** Ids of jobs (within this schedule) that must succeed first. */
  waitsFor: string[];
  /** Higher starts first among ready jobs; default 0. */
  priority?: number;
}

export interface SchedulerHooks {
  /** Runs one job; resolves true when it succeeded (its dependents may start). */
  run(id: string): Promise<boolean>;
  /** Called once for every job that will not run, with the job that caused it. */
  skip(id: string, because: string): void;
  /** Stops starting new jobs (SIGINT); the rest are skipped. */
  signal?: AbortSignal;
}

export async function runScheduled(jobs: ScheduledJob[], concurrency: number, hooks: SchedulerHooks): Promise<void> {
  const order = new Map(jobs.map((job, index) => [job.id, index]));
  const priority = new Map(jobs.map((job) => [job.id, job.priority ?? 0]));
  /** Negative when a should start before b. */
  const before = (a: string, b: string) => priority.get(b)! - priority.get(a)! || order.get(a)! - order.get(b)!;
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const job of jobs) {
    const waits = job.waitsFor.filter((id) => order.has(id) && id !== job.id);
    pending.set(job.id, waits.length);
    for (const id of waits) dependents.set(id, [...(dependents.get(id) ?? []), job.id]);
  }
  const ready = jobs
    .filter((job) => pending.get(job.id) === 0)
    .map((job) => job.id)
    .sort(before);
  const settled = new Set<string>();
  const limit = Math.max(1, Math.floor(concurrency));
  let running = 0;

  const skipDownstream = (id: string, because: string) => {
    const stack = [...(dependents.get(id) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (settled.has(next)) continue;
      settled.add(next);
      hooks.skip(next, because);
      stack.push(...(dependents.get(next) ?? []));
    }
  };

  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (hooks.signal?.aborted) {
        for (const id of ready.splice(0)) {
          if (settled.has(id)) continue;
          settled.add(id);
          hooks.skip(id, "interrupted");
          skipDownstream(id, "interrupted");
        }
      }
      while (running < limit && ready.length) {
        const id = ready.shift()!;
        if (settled.has(id)) continue;
        running++;
        hooks.run(id).then(
          (ok) => {
            running--;
            settled.add(id);
            if (!ok) skipDownstream(id, id);
            else {
              for (const next of dependents.get(id) ?? []) {
                const left = pending.get(next)! - 1;
                pending.set(next, left);
                if (left === 0 && !settled.has(next)) insertInOrder(ready, next, before);
              }
            }
            pump();
          },
          (error: unknown) => reject(error),
        );
      }
      if (running === 0 && !ready.length) {
        // Jobs never reached (a cycle) are skipped rather than silently forgotten.
        for (const job of jobs) {
          if (!settled.has(job.id)) {
            settled.add(job.id);
            hooks.skip(job.id, "dependency cycle");
          }
        }
        resolve();
      }
    };
    pump();
  });
}

function insertInOrder(queue: string[], id: string, before: (a: string, b: string) => number): void {
  let index = queue.length;
  while (index > 0 && before(id, queue[index - 1]) < 0) index--;
  queue.splice(index, 0, id);
}
