// A worker thread of the build's pool: compiles notices and renders their pages and feed items.
import { VFile } from 'vfile';
import type { Root as MdastRoot } from 'mdast';
import { createI18n } from '../i18n/create-i18n.js';
import { compileNotice, createProcessors, guarded, type Processors } from '../transform/compile-notice.js';
import type { Locale, Notice, NoticeMeta, SiteConfig } from '../model.js';
import type { RenderContext } from './html/layout.js';
import { listFeedLinks } from './feeds/list-feed-links.js';
import { listFeedTargets } from './feeds/list-feed-targets.js';
import type { FeedTarget } from './feeds/feed-model.js';
import { renderNoticeOutputs, type NoticeOutputs } from './render-notice-outputs.js';

/** What a worker needs to render like the build does; the same for every job of a build. */
export interface WorkerContext {
  /** Identifies this context: a worker sets one up once per build. */
  key: string;
  root: string;
  config: SiteConfig;
  pdf: boolean;
  cards: boolean;
  previewNow?: number;
}

/** A notice as plain data (it crosses to a worker thread by structured clone). */
export interface NoticeJob {
  context: WorkerContext;
  id: string;
  dir: string;
  assets: string[];
  diskNames?: Record<string, string>;
  versions: Partial<Record<Locale, { meta: NoticeMeta; path: string; text: string }>>;
}

let current: { key: string; ctx: RenderContext; processors: Processors; targets: FeedTarget[] } | undefined;

function setUp(context: WorkerContext) {
  if (current?.key === context.key) return current;
  const t = createI18n(context.root);
  const ctx: RenderContext = {
    config: context.config, t, pdf: context.pdf, cards: context.cards, feeds: listFeedLinks(t),
    ...(context.previewNow !== undefined ? { preview: { now: context.previewNow } } : {}),
  };
  current = { key: context.key, ctx, processors: createProcessors(t), targets: listFeedTargets(context.config) };
  return current;
}

export default function renderNoticeJob(job: NoticeJob): NoticeOutputs {
  const notice: Notice = {
    id: job.id, dir: job.dir, assets: job.assets, versions: {}, ...(job.diskNames ? { diskNames: job.diskNames } : {}),
  };
  for (const [locale, version] of Object.entries(job.versions) as Array<[Locale, NonNullable<NoticeJob['versions'][Locale]>]>) {
    notice.versions[locale] = { locale, meta: version.meta, file: new VFile({ path: version.path, cwd: job.context.root, value: version.text, data: { locale } }) };
  }
  return renderNotice(notice, job.context);
}

/**
 * Compile `notice` (its published languages) and render its pages and feed items as the build's
 * thread would. `parsed`: its files' trees, when validation has just parsed them in this thread.
 */
export function renderNotice(notice: Notice, context: WorkerContext, parsed?: ReadonlyMap<VFile, MdastRoot>): NoticeOutputs {
  const { ctx, processors, targets } = setUp(context);
  // A text that exhausts the stack is reported on its file in the build's thread, like any other.
  const failure = (): NoticeOutputs => {
    for (const [locale, version] of Object.entries(notice.versions) as Array<[Locale, NonNullable<Notice['versions'][Locale]>]>) {
      const message = version.file.messages.find((m) => m.fatal);
      if (message) return { assets: [], pages: {}, items: {}, failed: { locale, reason: message.reason } };
    }
    return { assets: [], pages: {}, items: {}, failed: { locale: Object.keys(notice.versions)[0] as Locale, reason: 'gongbo could not lay out this text: it is nested too deeply or is too long' } };
  };
  const compiled = compileNotice(notice, processors, parsed);
  if (!compiled) return failure();
  return guarded(Object.values(notice.versions)[0]!.file, () => renderNoticeOutputs(compiled, ctx, targets)) ?? failure();
}
