// A mirror's own entry pages: its language chooser and listings (whole and per category it takes), of only what it takes.
import { LOCALES, type MirrorConfig } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { mirrorTakes } from '../../config/mirror-takes.js';
import type { RenderContext } from './layout.js';
import { renderListingPages, renderRootPage } from './listing-pages.js';
import { renderCategoryPages } from './category-pages.js';
import type { KeyedOutput } from '../../write/write-site.js';

/**
 * Notice pages link relatively to their listing, so that one page serves the origin and every
 * mirror: these listings are what that link finds on a mirror. Written under `mirrors/<name>/`;
 * push places them at the mirror's root.
 */
export function renderMirrorPages(notices: CompiledNotice[], mirror: MirrorConfig, ctx: RenderContext, contextKey = ''): KeyedOutput[] {
  // The mirror's pages are served from its public URL: canonical and alternate links name it.
  // Mirrors carry no search: its index would hold what the mirror does not take.
  const mirrorCtx: RenderContext = { ...ctx, search: false, config: { ...ctx.config, site: { ...ctx.config.site, url: mirror.publicUrl } } };
  const taken = LOCALES.filter((l) => mirror.languages.includes(l));
  const prefix = `mirrors/${mirror.name}/`;
  const out: KeyedOutput[] = [];
  for (const locale of taken) {
    const selected = notices.filter((n) => n.versions[locale] && mirrorTakes(mirror, locale, n.versions[locale]!.meta));
    const only = selected.map((n) => ({ ...n, versions: { [locale]: n.versions[locale] } }));
    out.push(...renderListingPages(only, locale, mirrorCtx, taken, contextKey, { origin: false }).map((f) => ({ ...f, path: prefix + f.path })));
    out.push(...renderCategoryPages(only, locale, mirrorCtx, taken, contextKey, { categories: mirror.categories, origin: false })
      .map((f) => ({ ...f, path: prefix + f.path })));
  }
  out.push({ path: `${prefix}index.html`, key: `${contextKey}:${mirror.publicUrl}:${taken.join(',')}`, make: () => ({ data: renderRootPage(mirrorCtx, taken).data }) });
  return out;
}
