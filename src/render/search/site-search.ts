// The search of a build: per language, the previous index linked again, or a new one fed page by page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../model.js';
import type { KeyedOutput } from '../../write/write-site.js';
import { renderSearchPages } from './search-page.js';
import {
  closeSearchIndexes, previousIndexFiles, reusedIndexOutputs, SearchIndexBuilder, searchIndexKey,
} from './search-index.js';
import type { RenderContext } from '../html/layout.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';

export interface SiteSearchOptions<N extends CompiledNotice> {
  /** Newest first, as the build lists them; each with the key of its pages. */
  notices: readonly N[];
  pageKey: (notice: N) => string;
  contextKey: string;
  ctx: RenderContext;
  /** The live site of the previous build, whose unchanged pages are read back when an index is made. */
  outDir: string;
  /** The previous build's outputs: path → [key, …]. */
  previousOutputs?: Record<string, [string, ...unknown[]]>;
  reusable: (path: string, key: string) => Promise<number | undefined>;
}

export interface SiteSearch {
  /**
   * The page of `id` in `locale` as this build has it: `html` when it was made now, else read back
   * from the previous site (or made by `render`), but only when that language's index is being made.
   */
  page(locale: Locale, id: string, html: string | undefined, render: () => string): void;
  /** The search pages and every language's index files. */
  outputs(): Promise<KeyedOutput[]>;
  /** Stop Pagefind if it was started (also after a failed build). */
  close(): Promise<void>;
}

/**
 * Plan each language's index: its key names the keys of every page it holds, so a build in which
 * no page changed links the previous index without starting Pagefind, and any change (an edit, a
 * notice added, lifted from embargo, or gone) makes that language's index again from all its pages.
 */
export async function openSiteSearch<N extends CompiledNotice>(options: SiteSearchOptions<N>): Promise<SiteSearch> {
  const reuse = new Map<Locale, KeyedOutput[]>();
  const builders = new Map<Locale, SearchIndexBuilder>();
  for (const locale of LOCALES) {
    const pageKeys = options.notices.filter((n) => n.versions[locale]).map(options.pageKey);
    const key = searchIndexKey(options.contextKey, locale, pageKeys);
    const files = previousIndexFiles(options.previousOutputs, locale, key);
    let reusable = files !== undefined;
    for (const file of files ?? []) if ((await options.reusable(file, key)) === undefined) reusable = false;
    if (reusable) reuse.set(locale, reusedIndexOutputs(files!, key));
    else builders.set(locale, new SearchIndexBuilder(locale, key));
  }
  return {
    page(locale, id, html, render) {
      const builder = builders.get(locale);
      if (!builder) return;
      builder.add(id, html ?? previousPage(options.outDir, locale, id) ?? render());
    },
    async outputs() {
      const out = renderSearchPages(options.notices, options.ctx, options.contextKey);
      for (const locale of LOCALES) out.push(...(reuse.get(locale) ?? await builders.get(locale)!.outputs()));
      return out;
    },
    async close() {
      if (builders.size > 0) await closeSearchIndexes();
    },
  };
}

/** A page the previous build wrote with the key this build has for it: the same bytes. */
function previousPage(outDir: string, locale: Locale, id: string): string | undefined {
  try {
    return readFileSync(path.join(outDir, locale, id, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
}
