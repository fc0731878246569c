// Renders many notices on the build's worker threads (a cold build of an archive).
import { LOCALES } from '../model.js';
import type { LazyNotice } from '../transform/lazy-notice.js';
import type { NoticeOutputs } from './render-notice-outputs.js';
import type { NoticeJob, WorkerContext } from './render-worker.js';
import { runInPool } from '../work-pool.js';

/** Render `notices` on worker threads, handing each result to `emit` as it arrives (in any order). */
export async function renderInPool<N extends LazyNotice>(
  notices: readonly N[], context: WorkerContext, emit: (notice: N, outputs: NoticeOutputs) => Promise<void>,
): Promise<void> {
  await runInPool<N, NoticeOutputs>('render', notices, (notice) => toJob(notice, context), emit, (notice) => notice.dir);
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
