// Splits one feed set's items in one language into a subscription document and RFC 5005 archive pages.
import type { Locale } from '../../model.js';
import type { RenderContext } from '../html/layout.js';
import { listingPath } from '../html/listing-pages.js';
import { feedPath } from './feed-paths.js';
import { FEED_FORMATS, FEED_PAGE_SIZE, type FeedFormat, type FeedFormatName } from './feed-formats.js';
import type { FeedDocument, FeedItem, FeedLink, FeedSource, FeedTarget } from './feed-model.js';
import { cleanText } from './clean-text.js';
import { describeLicense } from './describe-license.js';

export interface PlanFeedOptions {
  target: FeedTarget;
  locale: Locale;
  /** Every item of the target in `locale`, newest first. */
  items: readonly FeedItem[];
  ctx: RenderContext;
  /** `updated` of a document with no items: the site's newest change, so never the clock. */
  fallbackUpdated: number;
  /** The origin feed, for a mirror's documents. */
  source?: FeedSource;
}

/**
 * The subscription document holds the newest `FEED_PAGE_SIZE` items. Archive page k holds the
 * items k·50−50 … k·50−1 counted from the oldest, oldest first, and exists only once it is full:
 * so a page, once written, keeps the same entries as later notices arrive, and a mirror that was
 * down can walk `prev-archive` from the subscription document back to the first notice. The newest
 * page overlaps the subscription document; RFC 5005 lets readers take the newest copy of an entry.
 */
export function planFeedDocuments(options: PlanFeedOptions): FeedDocument[] {
  const { target, locale, items, ctx } = options;
  const tr = ctx.t[locale];
  const publisher = ctx.config.site.publisher[locale];
  const { category } = target;
  const url = (format: FeedFormat, page?: number) => target.baseUrl + feedPath(locale, format, page, category);
  const pages = Math.floor(items.length / FEED_PAGE_SIZE);
  const oldestFirst = [...items].reverse();
  const license = describeLicense(ctx.config.site.license, locale, tr, publisher, undefined, target.baseUrl);
  const homeUrl = target.baseUrl + listingPath(locale, 1, category === undefined ? undefined : { kind: 'category', code: category });
  const names = { publisher, category: category === undefined ? '' : tr(`category.${category}`, { defaultValue: category }) };
  const atom = FEED_FORMATS.find((f) => f.name === 'atom')!;

  const documentOf = (page: number | undefined, docItems: FeedItem[]): FeedDocument => {
    const formats = FEED_FORMATS.filter((f) => page === undefined || f.archived);
    const links: Partial<Record<FeedFormatName, FeedLink[]>> = {};
    const paths: Partial<Record<FeedFormatName, string>> = {};
    for (const format of formats) {
      paths[format.name] = target.outDir + feedPath(locale, format, page, category);
      const list: FeedLink[] = [
        { rel: 'self', href: url(format, page), type: format.type },
        { rel: 'alternate', href: homeUrl, type: 'text/html', hreflang: locale },
      ];
      if (page === undefined) {
        for (const other of FEED_FORMATS) {
          if (other !== format) list.push({ rel: 'alternate', href: url(other), type: other.type, hreflang: locale });
        }
        for (const language of target.locales) {
          if (language !== locale) list.push({ rel: 'alternate', href: target.baseUrl + feedPath(language, format, undefined, category), type: format.type, hreflang: language });
        }
        for (const hub of ctx.config.hubs) list.push({ rel: 'hub', href: hub });
        if (pages > 0 && format.archived) list.push({ rel: 'prev-archive', href: url(format, pages), type: format.type });
      } else {
        list.push({ rel: 'current', href: url(format), type: format.type });
        if (page > 1) list.push({ rel: 'prev-archive', href: url(format, page - 1), type: format.type });
        if (page < pages) list.push({ rel: 'next-archive', href: url(format, page + 1), type: format.type });
      }
      links[format.name] = list;
    }
    return {
      locale,
      id: url(atom),
      title: cleanText(tr(category === undefined ? 'feed.title' : 'feed.categoryTitle', names)),
      description: cleanText(tr(category === undefined ? 'feed.description' : 'feed.categoryDescription', names)),
      homeUrl,
      updated: docItems.reduce((newest, item) => Math.max(newest, item.updated), Number.NEGATIVE_INFINITY),
      publisher: { name: cleanText(publisher), url: ctx.config.site.url },
      rights: license.rights,
      kogl: license.kogl,
      hubs: page === undefined ? [...ctx.config.hubs] : [],
      archive: page !== undefined,
      items: docItems,
      paths,
      links,
      ...(options.source ? { source: options.source } : {}),
    };
  };

  const documents = [documentOf(undefined, items.slice(0, FEED_PAGE_SIZE))];
  for (let page = 1; page <= pages; page++) {
    documents.push(documentOf(page, oldestFirst.slice((page - 1) * FEED_PAGE_SIZE, page * FEED_PAGE_SIZE)));
  }
  for (const document of documents) {
    if (!Number.isFinite(document.updated)) document.updated = options.fallbackUpdated;
  }
  return documents;
}

/** Where a document of the whole site's feeds lives: `ko/atom.xml`, `ko/archive/2/atom.xml`. */
export function relativePath(locale: Locale, format: FeedFormat, page?: number): string {
  return feedPath(locale, format, page);
}
