// A worker job of a cold build: validate one notice and render it from the same parse.
import type { VFile } from 'vfile';
import type { Root as MdastRoot } from 'mdast';
import { sourceOf, type ValidateJob } from './validate/validate-job.js';
import { validateNotice } from './validate/validate-notice.js';
import { validatedEntry, type MemoEntry } from './validate/check-memo.js';
import { publicVersions } from './transform/compile-notice.js';
import { renderNotice, type WorkerContext } from './render/render-worker.js';
import type { NoticeOutputs } from './render/render-notice-outputs.js';
import type { Notice } from './model.js';

/** How a build wants the notices it validates rendered at once (see `checkAndRenderJob`). */
export interface RenderPlan {
  context: WorkerContext;
  /** The build's time, which decides the languages published (see publicVersions). */
  now: number;
}

export interface CheckedAndRendered {
  entry: MemoEntry;
  /** Its outputs, when it has no error and a language is published. */
  outputs?: NoticeOutputs;
}

/**
 * Validate the job's notice and, when it has no error, render it for `plan` from the trees
 * validation parsed: a cold build parses each Markdown file once instead of twice.
 */
export function checkAndRenderJob(job: ValidateJob & { plan: RenderPlan }): CheckedAndRendered {
  const source = sourceOf(job);
  const parsed = new Map<VFile, MdastRoot>();
  let notice: Notice | undefined;
  const entry = validatedEntry(source, () => (notice = validateNotice(source, job.config, job.labels, (file, tree) => parsed.set(file, tree))));
  if (!notice) return { entry };
  // A preview (`serve --drafts`, which has `previewNow`) shows drafts and embargoed languages too.
  const versions = publicVersions(notice, job.plan.now, job.plan.context.previewNow !== undefined);
  if (Object.keys(versions).length === 0) return { entry };
  return { entry, outputs: renderNotice({ ...notice, versions }, job.plan.context, parsed) };
}

