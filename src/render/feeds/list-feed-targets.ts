// The feed sets of a build: the origin's and each configured mirror's, each whole and per category.
import { LOCALES, type SiteConfig } from '../../model.js';
import type { FeedTarget } from './feed-model.js';
import { mirrorTakes } from '../../config/mirror-takes.js';

/**
 * The origin's sets come first, then each mirror's: a mirror's items name the origin's feed of the
 * same set as their source. A mirror has the category feeds of the categories it takes.
 */
export function listFeedTargets(config: SiteConfig): FeedTarget[] {
  const origin: FeedTarget = { baseUrl: config.site.url, outDir: '', locales: [...LOCALES], takes: () => true };
  const mirrors = config.mirrors.map((mirror): FeedTarget => ({
    mirror: mirror.name,
    baseUrl: mirror.publicUrl,
    outDir: `mirrors/${mirror.name}/`,
    // In LOCALES order, so the files and alternates come out the same whatever order the config lists.
    locales: LOCALES.filter((l) => mirror.languages.includes(l)),
    takes: (meta, locale) => mirrorTakes(mirror, locale, meta),
  }));
  const perCategory = (target: FeedTarget, categories: readonly string[]): FeedTarget[] => config.categories
    .filter((c) => categories.includes(c))
    .map((category) => ({ ...target, category, takes: (meta, locale) => meta.category === category && target.takes(meta, locale) }));
  return [
    origin, ...perCategory(origin, config.categories),
    ...config.mirrors.flatMap((mirror, i) => [mirrors[i]!, ...perCategory(mirrors[i]!, mirror.categories)]),
  ];
}
