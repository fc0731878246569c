// One listing per tag and language, under `<lang>/tags/<slug>/`, of the notices that carry the tag.
import type { Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { KeyedOutput } from '../../write/write-site.js';
import type { RenderContext } from './layout.js';
import { renderListingPages } from './listing-pages.js';
import { tagSlug } from './tag-slug.js';

/**
 * `notices` must be sorted newest first. Tags that share a slug share a page, titled as the newest
 * notice among them writes it. Only the languages that use a tag have its page.
 */
export function renderTagPages(notices: readonly CompiledNotice[], locale: Locale, ctx: RenderContext, contextKey = ''): KeyedOutput[] {
  const byTag = new Map<string, { label: string; notices: CompiledNotice[] }>();
  for (const notice of notices) {
    const tags = notice.versions[locale]?.meta.tags ?? [];
    const seen = new Set<string>();
    for (const tag of tags) {
      const slug = tagSlug(tag);
      if (seen.has(slug)) continue;
      seen.add(slug);
      const entry = byTag.get(slug) ?? { label: tag.normalize('NFC').trim(), notices: [] };
      entry.notices.push(notice);
      byTag.set(slug, entry);
    }
  }
  // Sorted, so that the files come in the same order in every build.
  return [...byTag].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([slug, { label, notices: tagged }]) =>
    renderListingPages(tagged, locale, ctx, [locale], contextKey, { listing: { kind: 'tag', slug, label } }));
}
