// The feeds a reader can subscribe to in one language at the origin: the whole site's, then each category's.
import type { Locale } from '../../model.js';
import type { RenderContext } from '../html/layout.js';
import { listingPath } from '../html/listing-pages.js';
import { FEED_FORMATS, type FeedFormat } from './feed-formats.js';
import { feedPath } from './feed-paths.js';

export interface Subscription {
  /** `undefined` for the whole site's feeds. */
  category?: string;
  /** The feed's own title, as its documents give it. */
  title: string;
  /** The category's label, or the name of the whole site's feeds. */
  label: string;
  /** The listing the feed follows, relative to `dist/`. */
  homePath: string;
  /** Each format's document: path relative to `dist/`, and absolute URL (what a feed reader needs). */
  feeds: Array<{ format: FeedFormat; path: string; url: string }>;
}

export function listSubscriptions(locale: Locale, ctx: RenderContext): Subscription[] {
  const tr = ctx.t[locale];
  const { url, publisher } = ctx.config.site;
  const of = (category?: string): Subscription => {
    const label = category === undefined ? tr('subscribe.allLabel') : tr(`category.${category}`, { defaultValue: category });
    const names = { publisher: publisher[locale], category: label };
    return {
      ...(category === undefined ? {} : { category }),
      title: tr(category === undefined ? 'feed.title' : 'feed.categoryTitle', names),
      label,
      homePath: listingPath(locale, 1, category === undefined ? undefined : { kind: 'category', code: category }),
      feeds: FEED_FORMATS.map((format) => {
        const path = feedPath(locale, format, undefined, category);
        return { format, path, url: url + path };
      }),
    };
  };
  return [of(), ...ctx.config.categories.map((c) => of(c))];
}
