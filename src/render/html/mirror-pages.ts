// A mirror's own entry pages: its language chooser and listings (only what it takes), and redirects
// to the origin where its notice pages link to a language it does not take.
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { LOCALES, type Locale, type MirrorConfig } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { mirrorTakes } from '../../config/mirror-takes.js';
import type { RenderContext } from './layout.js';
import { listingPath, renderListingPages, renderRootPage, type RenderedFile } from './listing-pages.js';
import { noticePath } from './notice-page.js';

/**
 * Notice pages link relatively to their listing and to their other language, so that one page
 * serves the origin and every mirror. These pages make those links land on every mirror. Written
 * under `mirrors/<name>/`; push places them at the mirror's root.
 */
export function renderMirrorPages(notices: CompiledNotice[], mirror: MirrorConfig, ctx: RenderContext): RenderedFile[] {
  // The mirror's pages are served from its public URL: canonical and alternate links name it.
  const mirrorCtx: RenderContext = { ...ctx, config: { ...ctx.config, site: { ...ctx.config.site, url: mirror.publicUrl } } };
  const taken = LOCALES.filter((l) => mirror.languages.includes(l));
  const prefix = `mirrors/${mirror.name}/`;
  const out: RenderedFile[] = [];
  for (const locale of taken) {
    const selected = notices.filter((n) => n.versions[locale] && mirrorTakes(mirror, locale, n.versions[locale]!.meta));
    const only = selected.map((n) => ({ ...n, versions: { [locale]: n.versions[locale] } }));
    out.push(...renderListingPages(only, locale, mirrorCtx, taken).map((f) => ({ path: prefix + f.path, data: f.data })));
  }
  const root = renderRootPage(mirrorCtx, taken);
  out.push({ path: prefix + root.path, data: root.data });

  const origin = ctx.config.site.url;
  for (const locale of LOCALES.filter((l) => !taken.includes(l))) {
    out.push({ path: `${prefix}${listingPath(locale, 1)}index.html`, data: renderRedirect(origin + listingPath(locale, 1), locale, ctx) });
    for (const notice of notices) {
      const linkedFrom = taken.some((l) => notice.versions[l] && mirrorTakes(mirror, l, notice.versions[l]!.meta));
      if (linkedFrom && notice.versions[locale]) {
        out.push({ path: `${prefix}${noticePath(notice.id, locale)}index.html`, data: renderRedirect(origin + noticePath(notice.id, locale), locale, ctx) });
      }
    }
  }
  return out;
}

/** A page that sends the reader on to `url` (no script: a refresh, and a link for everyone else). */
function renderRedirect(url: string, locale: Locale, ctx: RenderContext): string {
  const tr = ctx.t[locale];
  return `${toHtml({
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: locale }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('title', tr('redirect.title')),
          h('link', { rel: 'canonical', href: url }),
          h('meta', { name: 'robots', content: 'noindex' }),
          h('meta', { httpEquiv: 'refresh', content: `0; url=${url}` }),
        ]),
        h('body', [h('main', [h('p', [tr('redirect.text'), ' ', h('a', { href: url }, url)])])]),
      ]),
    ],
  })}\n`;
}
