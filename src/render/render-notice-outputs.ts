// Everything one notice contributes to the site on its own: its pages and its feed items' content.
import { LOCALES, type Locale } from '../model.js';
import type { CompiledNotice } from '../transform/compile-notice.js';
import type { RenderContext } from './html/layout.js';
import { renderNoticePage } from './html/notice-page.js';
import type { FeedTarget } from './feeds/feed-model.js';
import { renderItemTemplate, renderItemXmlTemplate, xmlName, type ItemEntry, type ItemXml } from './feeds/item-cache.js';
import { withCategoryFeeds } from './feeds/list-feed-links.js';

export interface NoticeOutputs {
  /** Files of its folder the pages use (see publishedAssets). */
  assets: string[];
  /** The page in each published language. */
  pages: Partial<Record<Locale, string>>;
  /** Feed item content by language, for every target whose feeds carry it, and its elements (see item-cache). */
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
      const template = renderItemTemplate(notice, locale, ctx);
      out.items[locale] = template;
      // Without PDFs no item has an enclosure, so its elements are known now, on whichever core
      // compiles it; with PDFs they wait for the PDF's size (made by the feeds, see item-cache).
      if (!ctx.pdf) {
        const xml: ItemXml = {};
        for (const format of ['rss', 'atom'] as const) xml[xmlName(format)] = renderItemXmlTemplate(notice, locale, ctx, template, format);
        out.items[locale] = { ...template, xml };
      }
    }
  }
  return out;
}
