// Everything one notice contributes to the site on its own: its pages and its feed items' content.
import { LOCALES, type Locale } from '../model.js';
import type { CompiledNotice } from '../transform/compile-notice.js';
import type { RenderContext } from './html/layout.js';
import { renderNoticePage } from './html/notice-page.js';
import type { FeedTarget } from './feeds/feed-model.js';
import { renderItemTemplate, type ItemEntry } from './feeds/item-cache.js';
import { withCategoryFeeds } from './feeds/list-feed-links.js';

export interface NoticeOutputs {
  /** Files of its folder the pages use (see publishedAssets). */
  assets: string[];
  /** The page in each published language. */
  pages: Partial<Record<Locale, string>>;
  /** Feed item content by language, for every target whose feeds carry it (see item-cache). */
  items: ItemEntry;
  /** Set (by a worker) when the text could not be compiled or laid out: the message for its file. */
  failed?: { locale: Locale; reason: string };
}

/**
 * The page of `notice` in `locale` as every path writes it (a worker, the build's thread, `serve`'s
 * preview): it announces its category's feeds too.
 */
export function renderNoticePageIn(notice: CompiledNotice, locale: Locale, ctx: RenderContext): string {
  return renderNoticePage(notice, locale, withCategoryFeeds(ctx, notice.versions[locale]!.meta.category));
}

/** Made in one go while the body is compiled (in a worker, or in the build's own thread). */
export function renderNoticeOutputs(notice: CompiledNotice, ctx: RenderContext, targets: readonly FeedTarget[]): NoticeOutputs {
  const out: NoticeOutputs = { assets: notice.assets, pages: {}, items: {} };
  for (const locale of LOCALES) {
    const version = notice.versions[locale];
    if (!version) continue;
    out.pages[locale] = renderNoticePageIn(notice, locale, ctx);
    if (version.meta.status === 'draft') continue;
    if (targets.some((target) => target.locales.includes(locale) && target.takes(version.meta, locale))) {
      // Its RSS and Atom elements are made from this on the build's thread, when the item cache
      // keeps it, once for every document that carries them (see item-cache): made here, on a
      // worker, they cost more to send back, keep and write than to make (a cold build of 10,000
      // notices: 22 s more before the feeds).
      out.items[locale] = renderItemTemplate(notice, locale, ctx);
    }
  }
  return out;
}
