// Pages `serve` shows before its build has written them, and which open pages a new site changes.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST, type Manifest } from '../write/write-site.js';
import { isBuildOf } from '../write/build-marker.js';

/** A site as served: each file's path (relative, with `/`) and the SHA-256 of its bytes. */
export type SiteView = Map<string, string>;

/** The view of a build's manifest. */
export function viewOf(manifest: Manifest): SiteView {
  return new Map(manifest.files.map((f) => [f.path, f.sha256]));
}

/**
 * What `out` holds from a previous build of the site at `root` (a serve that ran before), or
 * `undefined` when it holds none: never the folder of another site, nor a half-written one (the
 * manifest is written last).
 */
export async function previousView(out: string, root: string): Promise<SiteView | undefined> {
  if (!(await isBuildOf(out, root))) return undefined;
  try {
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST), 'utf8')) as Manifest;
    return manifest.version === 1 && Array.isArray(manifest.files) ? viewOf(manifest) : undefined;
  } catch {
    return undefined;
  }
}

interface OverlayPage {
  html: string;
  sha256: string;
  /** When its sources were read (`performance.now()`): a build started later has read them too. */
  readAt: number;
}

/** Pages rendered ahead of the build, served over the built folder until a build has caught up with them. */
export class PageOverlay {
  #pages = new Map<string, OverlayPage>();

  get(sitePath: string): string | undefined {
    return this.#pages.get(sitePath)?.html;
  }

  put(sitePath: string, html: string, readAt: number): void {
    const known = this.#pages.get(sitePath);
    // Two previews of one save can finish out of order: the later read wins.
    if (known && known.readAt > readAt) return;
    this.#pages.set(sitePath, { html, sha256: createHash('sha256').update(html).digest('hex'), readAt });
  }

  /**
   * After a good build that started at `startedAt` and wrote `disk`: drop the pages it has written
   * from sources as new as theirs, and those it wrote with the same bytes anyway.
   */
  settle(startedAt: number, disk: SiteView): void {
    for (const [sitePath, page] of this.#pages) {
      if (page.readAt < startedAt || disk.get(sitePath) === page.sha256) this.#pages.delete(sitePath);
    }
  }

  /** What a browser gets: these pages over `disk`. */
  over(disk: SiteView): SiteView {
    if (this.#pages.size === 0) return disk;
    const view = new Map(disk);
    for (const [sitePath, page] of this.#pages) view.set(sitePath, page.sha256);
    return view;
  }

  clear(): void {
    this.#pages.clear();
  }
}

/** Beyond this many changed pages, every open page reloads (the list would outweigh the reloads). */
const MOST_PAGES_LISTED = 500;

/** What a `reload` tells open pages: reload if listed in `pages`, or always when there is no list. */
export interface ReloadScope {
  pages?: string[];
}

/**
 * Which open pages show something else in `after` than in `before`: a page whose HTML changed or
 * went, or a file of its notice folder (an image it shows). Feeds, sitemaps and the search index
 * show on no page; any other file (the stylesheet) is every page's, so everything reloads.
 */
export function reloadScope(before: SiteView, after: SiteView): ReloadScope {
  const pages = new Set<string>();
  const changed = (sitePath: string) => {
    if (sitePath.endsWith('.html')) pages.add(`/${sitePath.replace(/(^|\/)index\.html$/, '$1')}`);
    else if (/\.(xml|json|txt|opml)$/.test(sitePath) || /(^|\/)pagefind\//.test(sitePath)) return true;
    else if (/^(ko|en)\/[^/]+\/./.test(sitePath)) pages.add(`/${sitePath.split('/').slice(0, 2).join('/')}/`);
    else return false;
    return true;
  };
  for (const [sitePath, sha256] of after) if (before.get(sitePath) !== sha256 && !changed(sitePath)) return {};
  for (const sitePath of before.keys()) if (!after.has(sitePath) && !changed(sitePath)) return {};
  return pages.size > MOST_PAGES_LISTED ? {} : { pages: [...pages].sort() };
}
