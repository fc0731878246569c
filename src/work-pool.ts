// The build's worker threads (piscina): validation and rendering of many notices on every core.
import os from 'node:os';
import { Piscina } from 'piscina';
import { limitHeapGrowth } from './limit-heap-growth.js';

/** Below this many notices to validate or render, starting threads (each loads the Markdown stack) costs more than it saves. */
export const POOL_MIN_NOTICES = 48;

/** Whether this machine has cores to spread `notices` jobs over. */
export function poolUseful(notices: number): boolean {
  return notices >= POOL_MIN_NOTICES && poolThreads() > 1;
}

/**
 * Threads for a build: one per core, at most 8, or `GONGBO_THREADS` (1: no threads), for a machine
 * shared with other work.
 */
export function poolThreads(): number {
  const asked = Number.parseInt(process.env.GONGBO_THREADS ?? '', 10);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 64);
  return Math.max(1, Math.min(os.availableParallelism(), 8));
}

/**
 * Run `task` (a named export of pool-worker.ts) for each of `items` on threads started for this
 * call and ended with it: each phase of a build (validating, rendering) starts with fresh heaps and
 * gives them back when it ends. Each answer goes to `emit` as it arrives (in any order); a few jobs
 * per thread are in flight, so answers never pile up in memory. The first failure stops sending and
 * is thrown once the jobs in flight are done.
 */
export async function runInPool<T, A>(
  task: 'render' | 'validate' | 'checkAndRender', items: readonly T[], job: (item: T) => unknown,
  emit: (item: T, answer: A) => void | Promise<void>, describe: (item: T) => string,
): Promise<void> {
  limitHeapGrowth();
  const threads = poolThreads();
  const pool = new Piscina({ filename: new URL('./pool-worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads });
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for (const item of items) {
      if (failure) break;
      const running: Promise<void> = pool.run(job(item), { name: task })
        .then((answer: A) => emit(item, answer))
        .catch((error: unknown) => {
          failure ??= new Error(`Could not ${task} ${describe(item)}`, { cause: error });
        })
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
      while (inFlight.size >= threads * 4) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
  if (failure) throw failure;
}
