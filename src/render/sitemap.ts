// `sitemap.xml`: every page with its language alternates (xhtml:link hreflang), for search engines.
import { x } from 'xastscript';
import { toXml } from 'xast-util-to-xml';
import type { Element } from 'xast';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';
import { lastModified, type CompiledNotice } from '../transform/compile-notice.js';
import { noticePath } from './html/notice-page.js';
import { listingPath } from './html/listing-pages.js';

export function renderSitemap(notices: CompiledNotice[], config: SiteConfig): string {
  const base = config.site.url;
  const entry = (path: string, alternates: Array<{ locale: Locale; path: string }>, lastmod?: string): Element => x('url', [
    x('loc', base + path),
    ...(lastmod ? [x('lastmod', lastmod)] : []),
    ...(alternates.length > 1
      ? alternates.map((a) => x('xhtml:link', { rel: 'alternate', hreflang: a.locale, href: base + a.path }))
      : []),
  ]);
  const listings = LOCALES.map((l) => ({ locale: l, path: listingPath(l, 1) }));
  const urls: Element[] = [
    entry('', listings),
    ...listings.map((l) => entry(l.path, listings)),
  ];
  for (const notice of notices) {
    const locales = LOCALES.filter((l) => notice.versions[l]);
    const alternates = locales.map((l) => ({ locale: l, path: noticePath(notice.id, l) }));
    for (const locale of locales) {
      const modified = lastModified(notice.versions[locale]!.meta);
      urls.push(entry(noticePath(notice.id, locale), alternates, new Date(modified.ms).toISOString().replace(/\.000Z$/, 'Z')));
    }
  }
  const tree = x(null, [
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    x('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9', 'xmlns:xhtml': 'http://www.w3.org/1999/xhtml' }, urls),
  ]);
  return `${toXml(tree, { closeEmptyElements: true })}\n`;
}
