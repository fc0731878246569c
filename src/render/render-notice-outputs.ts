// Everything one notice contributes to the site on its own: its pages and its feed items' content.
import { LOCALES, type Locale } from '../model.js';
import type { CompiledNotice } from '../transform/compile-notice.js';
import type { RenderContext } from './html/layout.js';
import { noticePath, renderNoticePage } from './html/notice-page.js';
import type { FeedTarget } from './feeds/feed-model.js';
import { renderItemContent, type ItemContent } from './feeds/render-item-content.js';

export interface NoticeOutputs {
  /** Files of its folder the pages use (see publishedAssets). */
  assets: string[];
  /** The page in each published language. */
  pages: Partial<Record<Locale, string>>;
  /** Feed item content by language and by the base URL of each target whose feeds carry it. */
  items: Partial<Record<Locale, Record<string, ItemContent>>>;
  /** Set (by a worker) when the text could not be compiled or laid out: the message for its file. */
  failed?: { locale: Locale; reason: string };
}

/** Made in one go while the body is compiled (in a worker, or in the build's own thread). */
export function renderNoticeOutputs(notice: CompiledNotice, ctx: RenderContext, targets: readonly FeedTarget[]): NoticeOutputs {
  const out: NoticeOutputs = { assets: notice.assets, pages: {}, items: {} };
  for (const locale of LOCALES) {
    const version = notice.versions[locale];
    if (!version) continue;
    out.pages[locale] = renderNoticePage(notice, locale, ctx);
    if (version.meta.status === 'draft') continue;
    const items: Record<string, ItemContent> = {};
    for (const target of targets) {
      if (!target.locales.includes(locale) || !target.takes(version.meta, locale)) continue;
      items[target.baseUrl] = renderItemContent(notice, locale, ctx, { pageUrl: target.baseUrl + noticePath(notice.id, locale), baseUrl: target.baseUrl });
    }
    out.items[locale] = items;
  }
  return out;
}
