// `sitemap.xml`: every page of the origin with its language alternates (xhtml:link hreflang), for search engines.
import { createHash } from 'node:crypto';
import { x } from 'xastscript';
import { toXml } from 'xast-util-to-xml';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';
import { lastModified, type CompiledNotice } from '../transform/compile-notice.js';
import { noticePath } from './html/notice-page.js';
import { listingPath, listingUrlPath, subscribePath, type Listing } from './html/listing-pages.js';
import { categoryListings } from './html/category-pages.js';
import { tagListings } from './html/tag-pages.js';
import { searchPath } from './search/search-page.js';
import { xDefaultPath, type Alternate } from './html/layout.js';
import type { KeyedOutput } from '../write/write-site.js';

/**
 * What one sitemap file may hold (sitemaps.org): 50,000 URLs and 50 MiB uncompressed. A site with
 * more is split into `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index,
 * so the address given to search engines never changes.
 */
export const SITEMAP_LIMITS = { maxUrls: 50_000, maxBytes: 50 * 1024 * 1024 };

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const URLSET_OPEN = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">';
const URLSET_CLOSE = '</urlset>\n';

/**
 * The sitemap file(s) of the origin site. `key` names every input (see sitemapKey). Entries are
 * made from notices' metadata only, twice (once to plan the files, once to write each; `previousKey`,
 * the key each path had in the previous build, spares the plan when nothing changed): no body is
 * compiled and no file's text is held longer than it takes to write it.
 */
export function renderSitemaps(
  notices: readonly CompiledNotice[], config: SiteConfig, key: string, limits = SITEMAP_LIMITS, previousKey?: (path: string) => string | undefined,
): KeyedOutput[] {
  const budget = limits.maxBytes - Buffer.byteLength(XML_DECLARATION + URLSET_OPEN + URLSET_CLOSE);
  const sub = (...parts: string[]) => createHash('sha256').update([key, ...parts].join('\0')).digest('hex');
  const urlset = (from: number, to: number) => () => {
    const parts = [XML_DECLARATION, URLSET_OPEN];
    let n = 0;
    for (const entry of sitemapEntries(notices, config)) {
      if (n >= from && n < to) parts.push(entry);
      n += 1;
    }
    parts.push(URLSET_CLOSE);
    return { data: parts.join('') };
  };
  // The same inputs as the previous build's one file: one file again, without counting its pages.
  if (previousKey?.('sitemap.xml') === sub('urlset')) return [{ path: 'sitemap.xml', key: sub('urlset'), make: urlset(0, Infinity) }];
  // Counted, not written, when it surely fits one file (every archive short of ~25,000 pages): a
  // rebuild whose sitemap did not change then writes none of it.
  const count = countEntries(notices, config);
  const longestEntry = 600 + 4 * (config.site.url.length + 200);
  if (count <= limits.maxUrls && count * longestEntry <= budget) return [{ path: 'sitemap.xml', key: sub('urlset'), make: urlset(0, count) }];
  // Where each file starts, by entry number: a new file when the next entry would break a limit.
  const starts = [0];
  let urls = 0;
  let bytes = 0;
  let total = 0;
  for (const entry of sitemapEntries(notices, config)) {
    const size = Buffer.byteLength(entry);
    if (urls > 0 && (urls + 1 > limits.maxUrls || bytes + size > budget)) {
      starts.push(total);
      urls = 0;
      bytes = 0;
    }
    urls += 1;
    bytes += size;
    total += 1;
  }
  if (starts.length === 1) return [{ path: 'sitemap.xml', key: sub('urlset'), make: urlset(0, total) }];
  const files = starts.map((start, i) => ({ path: `sitemap-${i + 1}.xml`, from: start, to: starts[i + 1] ?? total }));
  return [
    {
      path: 'sitemap.xml',
      key: sub('index', String(files.length)),
      make: () => ({
        data: `${toXml(x(null, [
          { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
          x('sitemapindex', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' },
            files.map((f) => x('sitemap', [x('loc', config.site.url + f.path)]))),
        ]))}\n`,
      }),
    },
    ...files.map((f, i) => ({ path: f.path, key: sub('urlset', String(i), String(f.from), String(f.to)), make: urlset(f.from, f.to) })),
  ];
}

/**
 * The key of the sitemap of `notices` (newest first) in a build of `contextKey`: what sitemapPages
 * reads of each notice (its languages, dates, category and tags), not its text, so that an edit of
 * a title or a body leaves the sitemap as it was.
 */
export function sitemapKey(contextKey: string, notices: readonly CompiledNotice[]): string {
  const hash = createHash('sha256').update(contextKey).update('\0sitemap');
  for (const notice of notices) {
    hash.update('\0').update(notice.id);
    for (const locale of LOCALES) {
      const meta = notice.versions[locale]?.meta;
      if (meta) hash.update(JSON.stringify([locale, meta.date.ms, lastModified(meta).ms, meta.category, meta.tags]));
    }
  }
  return hash.digest('hex');
}

/** How many entries sitemapEntries yields: its pages, counted without writing them. */
function countEntries(notices: readonly CompiledNotice[], config: SiteConfig): number {
  let count = 0;
  for (const _ of sitemapPages(notices, config)) count += 1;
  return count;
}

/** One `<url>` of the sitemap: the page's URL path (as `<loc>` after the site's URL) and its translations. */
interface SitemapPage {
  path: string;
  alternates: readonly Alternate[];
  lastmod?: string;
}

/**
 * Every page of the origin site, from notices' metadata: the root chooser, the listings (all, per
 * category, per tag, every page of each), the subscribe and search pages, every notice page. Each
 * lists the translations its own head lists (see renderListingPages, renderPage): a listing's first
 * page pairs with the other language's, later pages and tag listings pair with none.
 */
function* sitemapPages(notices: readonly CompiledNotice[], config: SiteConfig): Generator<SitemapPage> {
  const perPage = config.site.perPage;
  const pagesOf = (count: number) => Math.max(1, Math.ceil(count / perPage));
  // Listings that exist in every language: their first pages are translations of each other.
  const paired = function* (listing: Listing, count: (locale: Locale) => number): Generator<SitemapPage> {
    const firsts = LOCALES.map((l) => ({ locale: l, path: listingUrlPath(l, 1, listing) }));
    for (const first of firsts) yield { path: first.path, alternates: firsts };
    for (const locale of LOCALES) {
      const pages = pagesOf(count(locale));
      for (let page = 2; page <= pages; page++) yield { path: listingUrlPath(locale, page, listing), alternates: [] };
    }
  };
  const both = (path: (locale: Locale) => string): SitemapPage[] => {
    const alternates = LOCALES.map((l) => ({ locale: l, path: path(l) }));
    return alternates.map((a) => ({ path: a.path, alternates }));
  };

  yield { path: '', alternates: LOCALES.map((l) => ({ locale: l, path: listingPath(l, 1) })) };
  yield* paired({ kind: 'all' }, (locale) => notices.reduce((n, notice) => n + (notice.versions[locale] ? 1 : 0), 0));
  yield* both(subscribePath);
  yield* both(searchPath);
  const categories = LOCALES.map((l) => categoryListings(notices, l, config.categories));
  for (const code of config.categories) {
    yield* paired({ kind: 'category', code }, (locale) => categories[LOCALES.indexOf(locale)]!.get(code)!.length);
  }
  for (const locale of LOCALES) {
    for (const { slug, label, notices: tagged } of tagListings(notices, locale)) {
      const listing: Listing = { kind: 'tag', slug, label };
      for (let page = 1; page <= pagesOf(tagged.length); page++) yield { path: listingUrlPath(locale, page, listing), alternates: [] };
    }
  }
  for (const notice of notices) {
    const locales = LOCALES.filter((l) => notice.versions[l]);
    const alternates = locales.map((l) => ({ locale: l, path: noticePath(notice.id, l) }));
    for (const locale of locales) {
      const modified = lastModified(notice.versions[locale]!.meta);
      yield { path: noticePath(notice.id, locale), alternates, lastmod: new Date(modified.ms).toISOString().replace(/\.000Z$/, 'Z') };
    }
  }
}

/**
 * Each `<url>` of the site, as XML. Pages with translations list them all and the `x-default` the
 * pages themselves name (see xDefaultPath). Written as strings, with xast-util-to-xml's escapes:
 * an archive's sitemap is tens of thousands of elements, and a tree per entry cost most of a
 * rebuild after an edit.
 */
function* sitemapEntries(notices: readonly CompiledNotice[], config: SiteConfig): Generator<string> {
  const base = config.site.url;
  const link = (hreflang: string, path: string) => `<xhtml:link rel="alternate" hreflang="${attribute(hreflang)}" href="${attribute(base + path)}" />`;
  for (const { path, alternates, lastmod } of sitemapPages(notices, config)) {
    let entry = `<url><loc>${text(base + path)}</loc>`;
    if (lastmod) entry += `<lastmod>${text(lastmod)}</lastmod>`;
    if (alternates.length > 1) {
      for (const a of alternates) entry += link(a.locale, a.path);
      entry += link('x-default', xDefaultPath(alternates));
    }
    yield `${entry}</url>`;
  }
}

const ESCAPES: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '"': '&#x22;' };

function text(value: string): string {
  return value.replace(/[&<]/g, (c) => ESCAPES[c]!);
}

function attribute(value: string): string {
  return value.replace(/[&<"]/g, (c) => ESCAPES[c]!);
}
