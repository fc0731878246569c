// Per-language listings of notices (all, a category's, a tag's), newest first, paginated; and the root language chooser.
import { createHash } from 'node:crypto';
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { LOCALES, type Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { formatDate } from '../format.js';
import { relativeRoot, renderPage, type RenderContext } from './layout.js';
import { noticePath } from './notice-page.js';
import { withCategoryFeeds } from '../feeds/list-feed-links.js';
import { FEED_FORMATS } from '../feeds/feed-formats.js';
import { feedPath } from '../feeds/feed-paths.js';
import { tagSlug } from './tag-slug.js';
import type { KeyedOutput } from '../../write/write-site.js';
import { searchPath } from '../search/search-page.js';

/** Which notices a listing shows: every one, a category's, or a tag's (`label`: its spelling on the page). */
export type Listing =
  | { kind: 'all' }
  | { kind: 'category'; code: string }
  | { kind: 'tag'; slug: string; label: string };

const ALL: Listing = { kind: 'all' };

/** Folder of a listing's first page: `ko/`, `ko/press-release/`, `ko/tags/인공지능/` (on disk, NFC). */
export function listingFolder(locale: Locale, listing: Listing = ALL): string {
  switch (listing.kind) {
    case 'all': return `${locale}/`;
    case 'category': return `${locale}/${listing.code}/`;
    case 'tag': return `${locale}/tags/${listing.slug}/`;
  }
}

/** Folder of page `page` of a listing under `dist/`, as on disk. */
export function listingPath(locale: Locale, page: number, listing: Listing = ALL): string {
  const folder = listingFolder(locale, listing);
  return page === 1 ? folder : `${folder}page/${page}/`;
}

/** The same folder as a URL path: tag slugs may hold Hangul, percent-encoded in links. */
export function listingUrlPath(locale: Locale, page: number, listing: Listing = ALL): string {
  return listingPath(locale, page, listing).split('/').map(encodeURIComponent).join('/');
}

/** Where the subscribe page of a language is. */
export function subscribePath(locale: Locale): string {
  return `${locale}/subscribe/`;
}

export interface ListingOptions {
  /** Which listing the pages are; `notices` must be only its notices. Default: every notice. */
  listing?: Listing;
  /**
   * Whether the pages are the origin's, which has tag listings and a subscribe page to link (a
   * mirror's listings link neither). Default `true`.
   */
  origin?: boolean;
}

export interface RenderedFile {
  path: string;
  data: string;
}

/**
 * `notices` must be sorted newest first. Every language gets at least one listing page, even with
 * no notices, so the language chooser never links to nothing. Each page is made when its `make` is
 * called; its key names what it shows (`contextKey`: the config, locales and code it is made with).
 */
export function renderListingPages(
  notices: CompiledNotice[], locale: Locale, ctx: RenderContext, locales: readonly Locale[] = LOCALES, contextKey = '',
  options: ListingOptions = {},
): KeyedOutput[] {
  const listing = options.listing ?? ALL;
  const origin = options.origin ?? true;
  const inLocale = notices.filter((n) => n.versions[locale]);
  const perPage = ctx.config.site.perPage;
  const pages = Math.max(1, Math.ceil(inLocale.length / perPage));
  const out: KeyedOutput[] = [];
  for (let page = 1; page <= pages; page++) {
    const path = listingPath(locale, page, listing);
    const items = inLocale.slice((page - 1) * perPage, page * perPage);
    const key = createHash('sha256').update(JSON.stringify([contextKey, ctx.config.site.url, locales, path, pages, listing, origin]));
    for (const notice of items) key.update('\0').update(notice.pageKeys?.[locale] ?? notice.key ?? JSON.stringify(notice.versions[locale]!.meta));
    out.push({
      path: `${path}index.html`,
      key: key.digest('hex'),
      make: () => ({ data: renderListingPage(items, page, pages, locale, ctx, locales, listing, origin) }),
    });
  }
  return out;
}

/** What a listing is called: its heading and `<title>`, on its first page and on page `n`. */
function listingTitles(listing: Listing, page: number, ctx: RenderContext, locale: Locale): { heading: string; title: string } {
  const tr = ctx.t[locale];
  if (listing.kind === 'all') {
    return page === 1
      ? { heading: tr('listing.title'), title: tr('site.title', { publisher: ctx.config.site.publisher[locale] }) }
      : { heading: tr('listing.pageTitle', { n: page }), title: tr('listing.pageTitle', { n: page }) };
  }
  const name = listing.kind === 'category'
    ? tr('listing.categoryTitle', { category: tr(`category.${listing.code}`, { defaultValue: listing.code }) })
    : tr('listing.tagTitle', { tag: listing.label });
  const heading = page === 1 ? name : tr('listing.topicPageTitle', { name, n: page });
  return { heading, title: heading };
}

function renderListingPage(
  items: CompiledNotice[], page: number, pages: number, locale: Locale, ctx: RenderContext, locales: readonly Locale[],
  listing: Listing, origin: boolean,
): string {
  const tr = ctx.t[locale];
  const perPage = ctx.config.site.perPage;
  {
    const path = listingPath(locale, page, listing);
    const urlPath = listingUrlPath(locale, page, listing);
    const here = (target: string) => relativeRoot(path) + target;
    const categoryLink = (code: string) => h('a.listing-category', { href: here(listingUrlPath(locale, 1, { kind: 'category', code })) },
      tr(`category.${code}`, { defaultValue: code }));
    const tagLinks = (tags: readonly string[]): ElementContent[] => {
      const seen = new Set<string>();
      const links = tags.map((tag) => ({ tag, slug: tagSlug(tag) })).filter(({ slug }) => !seen.has(slug) && Boolean(seen.add(slug)));
      return links.length === 0 ? [] : [h('ul.listing-tags', { ariaLabel: tr('notice.tags') }, links.map(({ tag, slug }) => h('li', [
        h('a', { href: here(listingUrlPath(locale, 1, { kind: 'tag', slug, label: tag })) }, tag),
      ])))];
    };
    const list: Element = items.length === 0
      ? h('p.listing-empty', tr('listing.empty'))
      : h('ol.listing', items.map((notice) => {
        const { meta } = notice.versions[locale]!;
        return h('li.listing-item', [h('article', [
          h('p.listing-meta', [
            h('time', { dateTime: meta.date.iso }, formatDate(meta.date, ctx.config.site.timeZone, tr)),
            ' ',
            categoryLink(meta.category),
            ...(meta.status === 'withdrawn' ? [' ', h('span.listing-withdrawn', tr('notice.withdrawnLabel'))] : []),
          ]),
          h('h2', [h('a', { href: here(noticePath(notice.id, locale)) }, meta.title)]),
          ...(meta.subtitle[0] ? [h('p.listing-summary', meta.subtitle[0])] : []),
          ...(origin ? tagLinks(meta.tags) : []),
        ])]);
      }));
    const pageLink = (n: number, label: string, rel?: string) => h('li', [
      h('a', { href: here(listingUrlPath(locale, n, listing)), ...(rel ? { rel } : {}), ...(n === page && !rel ? { ariaCurrent: 'page' } : {}) }, label),
    ]);
    const pagination = pages > 1 ? [h('nav.pagination', { ariaLabel: tr('listing.pagination') }, [h('ul', [
      ...(page > 1 ? [pageLink(page - 1, tr('listing.previous'), 'prev')] : []),
      ...pageWindow(page, pages).map((n, i, all) => (n - (all[i - 1] ?? n - 1) > 1
        ? [h('li.pagination-gap', { ariaHidden: 'true' }, '…'), pageLink(n, String(n))]
        : [pageLink(n, String(n))])).flat(),
      ...(page < pages ? [pageLink(page + 1, tr('listing.next'), 'next')] : []),
    ])])] : [];
    // On the origin's listings only: a mirror has no search page for the form to go to.
    const searchForm = ctx.search ? [h('form.search-form.search-form-inline', { role: 'search', action: here(searchPath(locale)), method: 'get' }, [
      h('label', { htmlFor: 'listing-search-q' }, tr('search.label')),
      h('input#listing-search-q', { type: 'search', name: 'q', autoComplete: 'off', enterKeyHint: 'search' }),
      h('button', { type: 'submit' }, tr('search.submit')),
    ])] : [];
    const head = [
      ...(ctx.search ? [h('link', { rel: 'stylesheet', href: here('assets/search.css') })] : []),
      ...(page > 1 ? [h('link', { rel: 'prev', href: here(listingUrlPath(locale, page - 1, listing)) })] : []),
      ...(page < pages ? [h('link', { rel: 'next', href: here(listingUrlPath(locale, page + 1, listing)) })] : []),
    ];
    const { heading, title } = listingTitles(listing, page, ctx, locale);
    // A category's own feeds come first: feed readers given the page subscribe to the first one.
    const pageCtx = listing.kind === 'category' ? withCategoryFeeds(ctx, listing.code, true) : ctx;
    const subscribe: ElementContent[] = [];
    if (listing.kind === 'category') {
      subscribe.push(h('p.listing-subscribe', [
        `${tr('listing.categoryFeeds')} `,
        ...FEED_FORMATS.flatMap((format, i) => [
          ...(i > 0 ? [' · '] : []),
          h('a', { href: here(feedPath(locale, format, undefined, listing.code)), type: format.type }, tr(format.labelKey)),
        ]),
        ...(origin ? [' · ', h('a', { href: here(subscribePath(locale)) }, tr('listing.allFeeds'))] : []),
      ]));
    } else if (listing.kind === 'all' && origin) {
      subscribe.push(h('p.listing-subscribe', [h('a', { href: here(subscribePath(locale)) }, tr('listing.subscribe'))]));
    }
    // A tag's listing exists only in the languages that use the tag: it pairs with none.
    const paired = page === 1 && listing.kind !== 'tag';
    return renderPage({
        locale,
        path: urlPath,
        title,
        description: tr('site.description', { publisher: ctx.config.site.publisher[locale] }),
        // Page n of one language is not a translation of page n of the other: only page 1 pairs up.
        alternates: paired ? locales.map((l) => ({ locale: l, path: listingUrlPath(l, 1, listing) })) : [{ locale, path: urlPath }],
        fallbackAlternates: locales.map((l) => ({ locale: l, path: listingPath(l, 1) })),
        head,
        jsonLd: {
          '@context': 'https://schema.org',
          '@type': 'CollectionPage',
          url: ctx.config.site.url + urlPath,
          inLanguage: locale,
          isPartOf: { '@type': 'WebSite', url: ctx.config.site.url },
          publisher: { '@type': 'GovernmentOrganization', name: ctx.config.site.publisher[locale] },
          mainEntity: {
            '@type': 'ItemList',
            itemListElement: items.map((notice, i) => ({
              '@type': 'ListItem',
              position: (page - 1) * perPage + i + 1,
              url: ctx.config.site.url + noticePath(notice.id, locale),
            })),
          },
        },
        main: [h('h1.listing-title', heading), ...subscribe, ...searchForm, list, ...pagination],
      }, pageCtx);
  }
}

/**
 * The page numbers a listing links: the first, the last, and two either side of the current one.
 * Linking every page would make each of n pages n links long (quadratic in the archive's size).
 */
export function pageWindow(page: number, pages: number): number[] {
  const numbers = new Set([1, pages]);
  for (let n = Math.max(1, page - 2); n <= Math.min(pages, page + 2); n++) numbers.add(n);
  return [...numbers].sort((a, b) => a - b);
}

/** `dist/index.html`: a chooser between the languages, in both languages. */
export function renderRootPage(ctx: RenderContext, locales: readonly Locale[] = LOCALES): RenderedFile {
  const { t, config } = ctx;
  const titles = locales.map((l) => t[l]('site.title', { publisher: config.site.publisher[l] }));
  return {
    path: 'index.html',
    data: renderPage({
      locale: 'ko',
      path: '',
      title: titles.join(' · '),
      description: t.ko('site.description', { publisher: config.site.publisher.ko }),
      alternates: locales.map((l) => ({ locale: l, path: listingPath(l, 1) })),
      bodyClass: 'chooser',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        url: config.site.url,
        name: titles,
        inLanguage: [...locales],
        publisher: { '@type': 'GovernmentOrganization', name: config.site.publisher.ko, alternateName: config.site.publisher.en },
      },
      main: [h('div.chooser-inner', [
        h('h1', [t.ko('language.choose'), ' · ', h('span', { lang: 'en' }, t.en('language.choose'))]),
        h('ul.chooser-list', locales.map((l, i) => h('li', [
          h('a', { href: listingPath(l, 1), hrefLang: l, lang: l }, [
            h('span.chooser-language', t[l](`language.${l}`)),
            h('span.chooser-title', titles[i]!),
          ]),
        ]))),
      ])],
    }, ctx),
  };
}
