// The places feeds are served from: the origin, then each configured mirror with its filter.
import { LOCALES, type SiteConfig } from '../../model.js';
import type { FeedTarget } from './feed-model.js';
import { mirrorTakes } from '../../config/mirror-takes.js';

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
  return [origin, ...mirrors];
}
