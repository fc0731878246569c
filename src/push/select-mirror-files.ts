// Decides which built files a mirror holds, and where: its notices, the shared assets, its own feeds.
import type { MirrorConfig, Notice } from '../model.js';
import type { Manifest } from '../write/write-site.js';
import { mirrorTakes } from '../config/mirror-takes.js';

/** A file of `dist/` as it lands on one mirror. */
export interface MirrorFile {
  /** Path on the mirror, relative to its root. */
  path: string;
  /** Path in `dist/`. */
  source: string;
  size: number;
  sha256: string;
  /**
   * One of the mirror's feed documents: sent only after every file a feed can point at. On the
   * origin, also every page that lists notices (listings, sitemap, search), for the same reason.
   */
  feed: boolean;
}

/**
 * The files `mirror` takes from a build described by `manifest`. A notice's language goes to the
 * mirror when that language, its category and its `mirrors` field (if any) select it and the build
 * published it; the manifest, not the sources, says what was published, since embargoes depend on
 * the `--now` of the build. Feeds under `mirrors/<name>/` move to the mirror's root.
 */
export function selectMirrorFiles(mirror: MirrorConfig, notices: readonly Notice[], manifest: Manifest): MirrorFile[] {
  const byFolder = new Map<string, Manifest['files']>();
  for (const entry of manifest.files) {
    const folder = entry.path.split('/').slice(0, 2).join('/');
    const list = byFolder.get(folder) ?? [];
    list.push(entry);
    byFolder.set(folder, list);
  }
  const out = new Map<string, MirrorFile>();
  const add = (file: MirrorFile) => {
    if (out.has(file.path)) throw new Error(`Two files of the build land on mirror ${mirror.name} as ${file.path}: ${out.get(file.path)!.source} and ${file.source}`);
    out.set(file.path, file);
  };

  for (const notice of notices) {
    for (const locale of mirror.languages) {
      const meta = notice.versions[locale]?.meta;
      if (!meta || !mirrorTakes(mirror, locale, meta)) continue;
      const entries = byFolder.get(`${locale}/${notice.id}`) ?? [];
      if (!entries.some((e) => e.path === `${locale}/${notice.id}/index.html`)) continue;
      for (const e of entries) add({ path: e.path, source: e.path, size: e.size, sha256: e.sha256, feed: false });
    }
  }
  const feedPrefix = `mirrors/${mirror.name}/`;
  for (const e of manifest.files) {
    if (e.path.startsWith('assets/')) add({ path: e.path, source: e.path, size: e.size, sha256: e.sha256, feed: false });
    else if (e.path.startsWith(feedPrefix)) add({ path: e.path.slice(feedPrefix.length), source: e.path, size: e.size, sha256: e.sha256, feed: true });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The files the origin (`site.deploy`) takes: the whole build at the site's own URL, except the
 * mirrors' feeds and pages under `mirrors/`. Notice folders and assets go first; every other file
 * (listings, sitemap, feeds) can link to a notice, so it counts as a feed and waits for them.
 */
export function selectOriginFiles(notices: readonly Notice[], manifest: Manifest): MirrorFile[] {
  const noticeFolders = new Set(notices.flatMap((n) => Object.keys(n.versions).map((locale) => `${locale}/${n.id}`)));
  return manifest.files
    .filter((e) => !e.path.startsWith('mirrors/'))
    .map((e) => ({
      path: e.path, source: e.path, size: e.size, sha256: e.sha256,
      feed: !(e.path.startsWith('assets/') || noticeFolders.has(e.path.split('/').slice(0, 2).join('/'))),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
