// A mirror's own entry pages: its language chooser and listings, of only what it takes.
import { LOCALES, type MirrorConfig } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { mirrorTakes } from '../../config/mirror-takes.js';
import type { RenderContext } from './layout.js';
import { renderListingPages, renderRootPage, type RenderedFile } from './listing-pages.js';

/**
 * Notice pages link relatively to their listing, so that one page serves the origin and every
 * mirror: these listings are what that link finds on a mirror. Written under `mirrors/<name>/`;
 * push places them at the mirror's root.
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
  return out;
}
