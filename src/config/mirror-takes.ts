// The one rule for what a mirror carries: shared by its feeds, its listing pages and push.
import type { Locale, MirrorConfig, NoticeMeta } from '../model.js';

/**
 * Whether `mirror` carries the `locale` version of a notice: its language and category are among
 * the mirror's, and a notice that names its mirrors names this one.
 */
export function mirrorTakes(mirror: MirrorConfig, locale: Locale, meta: NoticeMeta): boolean {
  return mirror.languages.includes(locale)
    && mirror.categories.includes(meta.category)
    && (meta.mirrors === undefined || meta.mirrors.includes(mirror.name));
}
