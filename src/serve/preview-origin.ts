// The origin `serve` builds its site for, and its replacement by the server's own address when sent.
import type { RenderContext } from '../render/html/layout.js';

/**
 * What serve's builds use as the site's URL. Pages link absolutely (canonical, language switch,
 * tags, feeds), so building for the server's address would make every page of the archive again
 * whenever `serve` starts on another port; built for this, a restart reuses the previous build, and
 * the server puts its own address in as it sends. `.invalid` never resolves (RFC 6761).
 */
export const PREVIEW_ORIGIN = 'http://gongbo-preview.invalid/';

/** `text` (a page, a feed, a sitemap gongbo wrote) with the preview origin replaced by `url`. */
export function withServedOrigin(text: string, url: string): string {
  return text.replaceAll(PREVIEW_ORIGIN, url);
}

/** `ctx` for what is made from a page outside the browser (a PDF prints its page's address): `url`'s. */
export function contextAt(ctx: RenderContext, url: string): RenderContext {
  return { ...ctx, config: { ...ctx.config, site: { ...ctx.config.site, url } } };
}
