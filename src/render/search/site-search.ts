// The search of a build: per language, the previous index linked again, or a new one fed page by page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../model.js';
import type { KeyedOutput } from '../../write/write-site.js';
import { renderSearchPages } from './search-page.js';
import {
  closeSearchIndexes, previousBundles, previousIndexFiles, useSearchIndexes, reusedIndexOutputs, SearchIndexBuilder, searchBundlePath, searchIndexKey, searchRoom,
} from './search-index.js';
import { calendarMonth } from '../format.js';
import { planSearchBundles } from './plan-search-bundles.js';
import type { RenderContext } from '../html/layout.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';

/** Indexes made at the same time (see outputs): each holds its bundle's files until they are written. */
const INDEXES_AT_ONCE = 3;

export interface SiteSearchOptions<N extends CompiledNotice> {
  /** Newest first, as the build lists them; each with the key of its page in each language. */
  notices: readonly N[];
  pageKey: (notice: N, locale: Locale) => string;
  contextKey: string;
  ctx: RenderContext;
  /** Where pages wait for Pagefind (the site's cache folder; see ScratchFile). */
  scratchDir: string;
  /** The live site of the previous build, whose unchanged pages are read back when an index is made. */
  outDir: string;
  /** The previous build's outputs: path → [key, …]. */
  previousOutputs?: Record<string, [string, ...unknown[]]>;
  reusable: (path: string, key: string) => Promise<number | undefined>;
  /**
   * Keep the previous build's index of a bundle whose pages changed, as it was, instead of making it
   * again (`serve`: the edited page shows at once, the index catches up in the next build).
   */
  stale?: boolean;
  /** Most notices in a bundle of several months (see planSearchBundles). Default `SEARCH_BUNDLE_NOTICES`. */
  bundleNotices?: number;
}

export interface SiteSearch {
  /**
   * The page of `id` in `locale` as this build has it: `html` when it was made now, else read back
   * from the previous site (or made by `render`), but only when its bundle's index is being made.
   */
  page(locale: Locale, id: string, html: string | undefined, render: () => string): void;
  /** Resolves when the search thread has room for more pages: a caller sending thousands awaits it. */
  room(): Promise<void>;
  /** The search pages and every index's files, one index at a time (an index is in memory until written). */
  outputs(): AsyncGenerator<KeyedOutput>;
  /** Stop Pagefind if it was started (also after a failed build). */
  close(): Promise<void>;
  /** Indexes kept out of date (see `stale`): a build without it brings them up to date. */
  readonly staleIndexes: number;
}

/**
 * Plan the indexes, one per language and bundle of months (planSearchBundles). An index's key names
 * the keys of every page it holds, so a build in which none of them changed links the previous index
 * without starting Pagefind, and any change (an edit, a notice added, lifted from embargo, or gone)
 * makes that bundle's index again from all its pages: the pages made now as they are made, the
 * others read back from the last build.
 */
export async function openSiteSearch<N extends CompiledNotice>(options: SiteSearchOptions<N>): Promise<SiteSearch> {
  const { timeZone } = options.ctx.config.site;
  const previous = previousBundles(options.previousOutputs);
  const reuse: KeyedOutput[] = [];
  const builders = new Map<string, SearchIndexBuilder>();
  /** `<locale>/<id>` → the builder of its bundle's index, when that index is made. */
  const builderOf = new Map<string, SearchIndexBuilder>();
  /** Each language's bundles, newest first: the search page lists them. */
  const names = {} as Record<Locale, string[]>;
  let staleIndexes = 0;
  for (const locale of LOCALES) {
    const bundles = planSearchBundles(options.notices.filter((notice) => notice.versions[locale]),
      (notice) => calendarMonth(notice.versions[locale]!.meta.date, timeZone), options.bundleNotices);
    names[locale] = bundles.map((bundle) => bundle.name);
    for (const { name, notices } of bundles) {
      const prefix = searchBundlePath(locale, name);
      const key = searchIndexKey(options.contextKey, prefix, notices.map((notice) => options.pageKey(notice, locale)));
      const files = await intactIndex(options, previous, prefix, key);
      if (files) {
        reuse.push(...reusedIndexOutputs(files, key));
        continue;
      }
      // The previous index, whatever pages it was made from (its files all carry the key it had).
      const keptKey = options.stale ? options.previousOutputs?.[`${prefix}pagefind-entry.json`]?.[0] : undefined;
      const kept = keptKey === undefined ? undefined : await intactIndex(options, previous, prefix, keptKey);
      if (kept) {
        reuse.push(...reusedIndexOutputs(kept, keptKey!));
        staleIndexes += 1;
        continue;
      }
      const builder = new SearchIndexBuilder(locale, prefix, key, notices.length, options.scratchDir);
      builders.set(prefix, builder);
      for (const notice of notices) builderOf.set(`${locale}/${notice.id}`, builder);
    }
  }
  if (builders.size > 0) useSearchIndexes();
  let closed = false;
  return {
    staleIndexes,
    page(locale, id, html, render) {
      const builder = builderOf.get(`${locale}/${id}`);
      if (!builder) return;
      // A page not made now is the previous build's (same key, same bytes): read when indexed.
      builder.add(id, html ?? (() => previousPage(options.outDir, locale, id) ?? render()));
    },
    room: searchRoom,
    async* outputs() {
      yield* renderSearchPages(options.notices, names, options.ctx, options.contextKey);
      yield* reuse;
      // A few indexes finished at once (the search thread feeds each a page per round trip to
      // Pagefind's process, which meanwhile works on the others), the languages' newest bundles
      // first: a cold build adds both languages' pages newest first, and the English indexes
      // asked for after every Korean one would wait for the end of the pages.
      const made = byRecency([...builders.values()]);
      const pending: Array<Promise<KeyedOutput[]> | undefined> = [];
      for (let i = 0; i < made.length; i++) {
        while (pending.length < Math.min(made.length, i + INDEXES_AT_ONCE)) {
          const outputs = made[pending.length]!.outputs();
          outputs.catch(() => {}); // awaited in turn; a failure before then must not go unhandled
          pending.push(outputs);
        }
        const outputs = await pending[i]!;
        pending[i] = undefined;
        yield* outputs;
      }
    },
    async close() {
      if (builders.size === 0 || closed) return;
      closed = true;
      for (const builder of builders.values()) builder.discard();
      await closeSearchIndexes();
    },
  };
}

/** Each language's builders (planned newest bundle first) taken in turn: ko 1, en 1, ko 2, en 2… */
function byRecency(builders: readonly SearchIndexBuilder[]): SearchIndexBuilder[] {
  const lists = LOCALES.map((locale) => builders.filter((builder) => builder.locale === locale));
  const order: SearchIndexBuilder[] = [];
  for (let i = 0; i < Math.max(0, ...lists.map((list) => list.length)); i++) {
    for (const list of lists) if (list[i]) order.push(list[i]!);
  }
  return order;
}

/** The previous build's files of the index at `prefix` when all were made for `key` and are still as written. */
async function intactIndex(
  options: Pick<SiteSearchOptions<CompiledNotice>, 'reusable'>, bundles: ReadonlyMap<string, Array<[string, string]>>, prefix: string, key: string,
): Promise<string[] | undefined> {
  const files = previousIndexFiles(bundles, prefix, key);
  for (const file of files ?? []) if ((await options.reusable(file, key)) === undefined) return undefined;
  return files;
}

/** A page the previous build wrote with the key this build has for it: the same bytes. */
function previousPage(outDir: string, locale: Locale, id: string): string | undefined {
  try {
    return readFileSync(path.join(outDir, locale, id, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
}
