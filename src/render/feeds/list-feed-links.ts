// The feeds pages advertise in their head and footer: their language's origin feeds, and a category's.
import { LOCALES, type Locale } from '../../model.js';
import type { Translator } from '../../i18n/create-i18n.js';
import type { RenderContext } from '../html/layout.js';
import { FEED_FORMATS } from './feed-formats.js';
import { feedPath } from './feed-paths.js';

type FeedLinks = RenderContext['feeds'][Locale];

/** Paths are relative to `dist/`: pages link them relatively, so mirrors' pages reach mirrors' copies. */
export function listFeedLinks(t: Translator): RenderContext['feeds'] {
  const links = {} as RenderContext['feeds'];
  for (const locale of LOCALES) {
    links[locale] = FEED_FORMATS.map((format) => ({ type: format.type, title: t[locale](format.labelKey), path: feedPath(locale, format) }));
  }
  return links;
}

/** One category's feeds in `locale`, titled with the category's label (`보도자료 RSS`). */
export function listCategoryFeedLinks(t: Translator, locale: Locale, category: string): FeedLinks {
  const tr = t[locale];
  const label = tr(`category.${category}`, { defaultValue: category });
  return FEED_FORMATS.map((format) => ({
    type: format.type,
    title: tr('feed.categoryLink', { category: label, format: tr(format.labelKey) }),
    path: feedPath(locale, format, undefined, category),
  }));
}

/**
 * `ctx` with a category's feeds announced after the site's: what a page of that category (a notice
 * of it) advertises. `first` puts them first, for the category's own listing.
 */
export function withCategoryFeeds(ctx: RenderContext, category: string, first = false): RenderContext {
  const feeds = {} as RenderContext['feeds'];
  for (const locale of LOCALES) {
    const own = listCategoryFeedLinks(ctx.t, locale, category);
    feeds[locale] = first ? [...own, ...ctx.feeds[locale]] : [...ctx.feeds[locale], ...own];
  }
  return { ...ctx, feeds };
}
