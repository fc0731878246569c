// Renders many notices on every core: a pool of worker threads (piscina), used for big builds.
import os from 'node:os';
import { Piscina } from 'piscina';
import { LOCALES } from '../model.js';
import type { LazyNotice } from '../transform/lazy-notice.js';
import type { NoticeOutputs } from './render-notice-outputs.js';
import type { NoticeJob, WorkerContext } from './render-worker.js';

/** Below this many notices to render, starting workers (each loads the Markdown stack) costs more than it saves. */
export const POOL_MIN_NOTICES = 48;

/** Whether this machine has cores to spread work over. */
export function poolUseful(notices: number): boolean {
  return notices >= POOL_MIN_NOTICES && os.availableParallelism() > 1;
}

/**
 * Render `notices` in worker threads, handing each result to `emit` as it arrives (in any order).
 * A few jobs per thread are in flight, so results never pile up in memory.
 */
export async function renderInPool(
  notices: readonly LazyNotice[], context: WorkerContext, emit: (notice: LazyNotice, outputs: NoticeOutputs) => Promise<void>,
): Promise<void> {
  const threads = Math.max(1, Math.min(os.availableParallelism(), 8));
  const pool = new Piscina({ filename: new URL('./render-worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads });
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  try {
    for (const notice of notices) {
      if (failure) break;
      const task: Promise<void> = pool.run(toJob(notice, context))
        .then((outputs: NoticeOutputs) => emit(notice, outputs))
        .catch((error: unknown) => {
          failure ??= new Error(`Could not render ${notice.dir}`, { cause: error });
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      while (inFlight.size >= threads * 4) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
  if (failure) throw failure;
}

function toJob(notice: LazyNotice, context: WorkerContext): NoticeJob {
  const versions: NoticeJob['versions'] = {};
  for (const locale of LOCALES) {
    const version = notice.source.versions[locale];
    if (version) versions[locale] = { meta: version.meta, path: version.file.path, text: String(version.file.value) };
  }
  return {
    context, id: notice.id, dir: notice.dir, assets: notice.source.assets,
    ...(notice.source.diskNames ? { diskNames: notice.source.diskNames } : {}), versions,
  };
}
