// Per-language listings of notices, newest first, paginated; and the root language chooser.
import { createHash } from 'node:crypto';
import { h } from 'hastscript';
import type { Element } from 'hast';
import { LOCALES, type Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { formatDate } from '../format.js';
import { relativeRoot, renderPage, type RenderContext } from './layout.js';
import { noticePath } from './notice-page.js';
import type { KeyedOutput } from '../../write/write-site.js';
import { searchPath } from '../search/search-page.js';

export function listingPath(locale: Locale, page: number): string {
  return page === 1 ? `${locale}/` : `${locale}/page/${page}/`;
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
): KeyedOutput[] {
  const inLocale = notices.filter((n) => n.versions[locale]);
  const perPage = ctx.config.site.perPage;
  const pages = Math.max(1, Math.ceil(inLocale.length / perPage));
  const out: KeyedOutput[] = [];
  for (let page = 1; page <= pages; page++) {
    const path = listingPath(locale, page);
    const items = inLocale.slice((page - 1) * perPage, page * perPage);
    const key = createHash('sha256').update(JSON.stringify([contextKey, ctx.config.site.url, locales, path, pages]));
    for (const notice of items) key.update('\0').update(notice.key ?? JSON.stringify(notice.versions[locale]!.meta));
    out.push({ path: `${path}index.html`, key: key.digest('hex'), make: () => ({ data: renderListingPage(items, page, pages, locale, ctx, locales) }) });
  }
  return out;
}

function renderListingPage(items: CompiledNotice[], page: number, pages: number, locale: Locale, ctx: RenderContext, locales: readonly Locale[]): string {
  const tr = ctx.t[locale];
  const perPage = ctx.config.site.perPage;
  {
    const path = listingPath(locale, page);
    const here = (target: string) => relativeRoot(path) + target;
    const list: Element = items.length === 0
      ? h('p.listing-empty', tr('listing.empty'))
      : h('ol.listing', items.map((notice) => {
        const { meta } = notice.versions[locale]!;
        return h('li.listing-item', [h('article', [
          h('p.listing-meta', [
            h('time', { dateTime: meta.date.iso }, formatDate(meta.date, ctx.config.site.timeZone, tr)),
            ' ',
            h('span.listing-category', tr(`category.${meta.category}`, { defaultValue: meta.category })),
            ...(meta.status === 'withdrawn' ? [' ', h('span.listing-withdrawn', tr('notice.withdrawnLabel'))] : []),
          ]),
          h('h2', [h('a', { href: here(noticePath(notice.id, locale)) }, meta.title)]),
          ...(meta.subtitle[0] ? [h('p.listing-summary', meta.subtitle[0])] : []),
        ])]);
      }));
    const pageLink = (n: number, label: string, rel?: string) => h('li', [
      h('a', { href: here(listingPath(locale, n)), ...(rel ? { rel } : {}), ...(n === page && !rel ? { ariaCurrent: 'page' } : {}) }, label),
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
      ...(page > 1 ? [h('link', { rel: 'prev', href: here(listingPath(locale, page - 1)) })] : []),
      ...(page < pages ? [h('link', { rel: 'next', href: here(listingPath(locale, page + 1)) })] : []),
    ];
    return renderPage({
        locale,
        path,
        title: page === 1 ? tr('site.title', { publisher: ctx.config.site.publisher[locale] }) : tr('listing.pageTitle', { n: page }),
        description: tr('site.description', { publisher: ctx.config.site.publisher[locale] }),
        // Page n of one language is not a translation of page n of the other: only page 1 pairs up.
        alternates: page === 1 ? locales.map((l) => ({ locale: l, path: listingPath(l, 1) })) : [{ locale, path }],
        fallbackAlternates: locales.map((l) => ({ locale: l, path: listingPath(l, 1) })),
        head,
        jsonLd: {
          '@context': 'https://schema.org',
          '@type': 'CollectionPage',
          url: ctx.config.site.url + path,
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
        main: [h('h1.listing-title', page === 1 ? tr('listing.title') : tr('listing.pageTitle', { n: page })), ...searchForm, list, ...pagination],
      }, ctx);
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
