// The search page of one language: a plain form, filled in by the site's own script from Pagefind's index.
import { createHash } from 'node:crypto';
import { h } from 'hastscript';
import { LOCALES, type Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { calendarYear } from '../format.js';
import { relativeRoot, renderPage, type RenderContext } from '../html/layout.js';
import type { KeyedOutput } from '../../write/write-site.js';

export function searchPath(locale: Locale): string {
  return `${locale}/search/`;
}

/** Placeholders the script fills in a translated sentence (i18next leaves them as they are). */
const COUNT = '%COUNT%';
const QUERY = '%QUERY%';

/**
 * One search page per language, keyed by what it shows: the build's context (categories, strings,
 * code), the years there are notices of, which the year filter offers, and the index's bundles
 * (`bundles`: each language's, newest first), which its script merges.
 */
export function renderSearchPages(notices: readonly CompiledNotice[], bundles: Readonly<Record<Locale, readonly string[]>>, ctx: RenderContext, contextKey: string): KeyedOutput[] {
  return LOCALES.map((locale) => {
    const years = [...new Set(notices.filter((n) => n.versions[locale])
      .map((n) => calendarYear(n.versions[locale]!.meta.date, ctx.config.site.timeZone)))].sort().reverse();
    const key = createHash('sha256').update(JSON.stringify([contextKey, 'search-page', locale, years, bundles[locale]])).digest('hex');
    return { path: `${searchPath(locale)}index.html`, key, make: () => ({ data: renderSearchPage(locale, years, bundles[locale], ctx) }) };
  });
}

/** `bundles`: the folders of the index under `pagefind/`, newest first (the first is searched, the others merged into it). */
export function renderSearchPage(locale: Locale, years: readonly string[], bundles: readonly string[], ctx: RenderContext): string {
  const tr = ctx.t[locale];
  const path = searchPath(locale);
  const root = relativeRoot(path);
  const option = (value: string, label: string) => h('option', { value }, label);
  return renderPage({
    locale,
    path,
    title: tr('search.title'),
    alternates: LOCALES.map((l) => ({ locale: l, path: searchPath(l) })),
    head: [
      h('link', { rel: 'stylesheet', href: `${root}assets/search.css` }),
      // The only script of the built site: the search needs one, and it is the site's own file.
      h('script', { type: 'module', src: `${root}assets/search.js` }),
    ],
    main: [
      h('h1', tr('search.title')),
      h('form#search-form.search-form', {
        role: 'search',
        action: './',
        method: 'get',
        dataBundle: 'pagefind/',
        dataBundles: bundles.join(' '),
        dataResults: tr('search.results', { count: COUNT, query: QUERY }),
        dataFiltered: tr('search.filtered', { count: COUNT }),
        dataNone: tr('search.none', { query: QUERY }),
        dataNoneFiltered: tr('search.noneFiltered'),
        dataSearching: tr('search.searching'),
        dataFailed: tr('search.failed'),
      }, [
        h('div.search-field', [
          h('label', { htmlFor: 'search-q' }, tr('search.label')),
          h('input#search-q', { type: 'search', name: 'q', autoComplete: 'off', enterKeyHint: 'search' }),
        ]),
        h('div.search-filters', [
          h('div.search-field', [
            h('label', { htmlFor: 'search-category' }, tr('search.category')),
            h('select#search-category', { name: 'category' }, [
              option('', tr('search.anyCategory')),
              ...ctx.config.categories.map((c) => option(c, tr(`category.${c}`, { defaultValue: c }))),
            ]),
          ]),
          h('div.search-field', [
            h('label', { htmlFor: 'search-year' }, tr('search.year')),
            h('select#search-year', { name: 'year' }, [option('', tr('search.anyYear')), ...years.map((y) => option(y, y))]),
          ]),
        ]),
        h('button.search-submit', { type: 'submit' }, tr('search.submit')),
      ]),
      h('noscript', [h('p.search-status', tr('search.needsScript'))]),
      h('p#search-status.search-status', { role: 'status' }),
      h('ol#search-results.search-results', { hidden: true }),
      h('button#search-more.search-more', { type: 'button', hidden: true }, tr('search.more')),
    ],
  }, ctx);
}
