// One listing per category and language, under `<lang>/<category>/`: what a category's feeds link home to.
import { LOCALES, type Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { KeyedOutput } from '../../write/write-site.js';
import type { RenderContext } from './layout.js';
import { renderListingPages } from './listing-pages.js';

export interface CategoryPagesOptions {
  /** The categories to list (a mirror's); default every category of the config. */
  categories?: readonly string[];
  /** Whether the pages are the origin's (see `ListingOptions.origin`). Default `true`. */
  origin?: boolean;
}

/**
 * The notices of each category in `locale`, in the config's order, `notices`' order kept. Every
 * category is there, even with nothing in it yet: its feeds and the subscribe page link to it.
 */
export function categoryListings(
  notices: readonly CompiledNotice[], locale: Locale, categories: readonly string[], wanted: readonly string[] = categories,
): Map<string, CompiledNotice[]> {
  const byCategory = new Map<string, CompiledNotice[]>(categories.filter((c) => wanted.includes(c)).map((c) => [c, []]));
  for (const notice of notices) {
    const version = notice.versions[locale];
    if (version) byCategory.get(version.meta.category)?.push(notice);
  }
  return byCategory;
}

/**
 * Every category gets its listing (see categoryListings). `notices` must be sorted newest first;
 * each page's key names only the notices it shows, so an edit to one notice makes only its own
 * category's pages again.
 */
export function renderCategoryPages(
  notices: readonly CompiledNotice[], locale: Locale, ctx: RenderContext, locales: readonly Locale[] = LOCALES, contextKey = '',
  options: CategoryPagesOptions = {},
): KeyedOutput[] {
  const byCategory = categoryListings(notices, locale, ctx.config.categories, options.categories ?? ctx.config.categories);
  return [...byCategory].flatMap(([code, inCategory]) => renderListingPages(inCategory, locale, ctx, locales, contextKey, {
    listing: { kind: 'category', code }, origin: options.origin ?? true,
  }));
}
