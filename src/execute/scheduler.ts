/**
 * Runs a DAG of jobs in dependency order with at most `concurrency` at once. A job that does not
 * succeed blocks everything downstream: those jobs are reported skipped, never started.
 * Ready jobs start in the order they were given, so runs are repeatable.
 */
export interface ScheduledJob {
  id: string;
  /** Ids of jobs (within this schedule) that must succeed first. */
  waitsFor: string[];
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
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const job of jobs) {
    const waits = job.waitsFor.filter((id) => order.has(id) && id !== job.id);
    pending.set(job.id, waits.length);
    for (const id of waits) dependents.set(id, [...(dependents.get(id) ?? []), job.id]);
  }
  const ready = jobs.filter((job) => pending.get(job.id) === 0).map((job) => job.id);
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
                if (left === 0 && !settled.has(next)) insertByOrder(ready, next, order);
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

function insertByOrder(queue: string[], id: string, order: Map<string, number>): void {
  const rank = order.get(id)!;
  let index = queue.length;
  while (index > 0 && order.get(queue[index - 1])! > rank) index--;
  queue.splice(index, 0, id);
}
