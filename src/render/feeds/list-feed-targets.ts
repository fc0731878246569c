// The places feeds are served from: the origin, then each configured mirror with its filter.
import { LOCALES, type SiteConfig } from '../../model.js';
import type { FeedTarget } from './feed-model.js';

export function listFeedTargets(config: SiteConfig): FeedTarget[] {
  const origin: FeedTarget = { baseUrl: config.site.url, outDir: '', locales: [...LOCALES], takes: () => true };
  const mirrors = config.mirrors.map((mirror): FeedTarget => ({
    mirror: mirror.name,
    baseUrl: mirror.publicUrl,
    outDir: `mirrors/${mirror.name}/`,
    // In LOCALES order, so the files and alternates come out the same whatever order the config lists.
    locales: LOCALES.filter((l) => mirror.languages.includes(l)),
    // A notice that names its mirrors goes to those only, and still only if their filter takes it.
    takes: (meta) => mirror.categories.includes(meta.category) && (meta.mirrors === undefined || meta.mirrors.includes(mirror.name)),
  }));
  return [origin, ...mirrors];
}
