// One listing per tag and language, under `<lang>/tags/<slug>/`, of the notices that carry the tag.
import type { Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { KeyedOutput } from '../../write/write-site.js';
import type { RenderContext } from './layout.js';
import { renderListingPages } from './listing-pages.js';
import { tagSlug } from './tag-slug.js';

/** A tag's listing in one language: its slug (folder), its spelling and its notices. */
export interface TagListing {
  slug: string;
  label: string;
  notices: CompiledNotice[];
}

/**
 * The tag listings of `locale`, sorted by slug so that files come in the same order in every build.
 * `notices` must be sorted newest first. Tags that share a slug share a listing, titled as the newest
 * notice among them writes it. Only the languages that use a tag have its listing. Shared by the
 * pages, the notice pages' tag links and the sitemap, which must agree on which listings exist.
 */
export function tagListings(notices: readonly CompiledNotice[], locale: Locale): TagListing[] {
  const byTag = new Map<string, TagListing>();
  for (const notice of notices) {
    const tags = notice.versions[locale]?.meta.tags ?? [];
    const seen = new Set<string>();
    for (const tag of tags) {
      const slug = tagSlug(tag);
      if (seen.has(slug)) continue;
      seen.add(slug);
      const entry = byTag.get(slug) ?? { slug, label: tag.normalize('NFC').trim(), notices: [] };
      entry.notices.push(notice);
      byTag.set(slug, entry);
    }
  }
  return [...byTag.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** `notices` must be sorted newest first (see tagListings). */
export function renderTagPages(notices: readonly CompiledNotice[], locale: Locale, ctx: RenderContext, contextKey = ''): KeyedOutput[] {
  return tagListings(notices, locale).flatMap(({ slug, label, notices: tagged }) =>
    renderListingPages(tagged, locale, ctx, [locale], contextKey, { listing: { kind: 'tag', slug, label } }));
}
