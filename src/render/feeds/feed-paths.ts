// Where feed documents live under a target's root: per language, and per category within it.
import type { Locale } from '../../model.js';
import type { FeedFormat } from './feed-formats.js';

/** `ko/`, or `ko/press-release/` for a category's feeds. */
export function feedFolder(locale: Locale, category?: string): string {
  return category === undefined ? `${locale}/` : `${locale}/${category}/`;
}

/** A document's path: `ko/atom.xml`, `ko/archive/2/atom.xml`, `ko/notice/rss.xml`. */
export function feedPath(locale: Locale, format: FeedFormat, page?: number, category?: string): string {
  const folder = feedFolder(locale, category);
  return page === undefined ? `${folder}${format.file}` : `${folder}archive/${page}/${format.file}`;
}
