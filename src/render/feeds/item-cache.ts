// Feed items' content kept on disk by notice key: feeds of an archive are made without compiling it again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { noticePath } from '../html/notice-page.js';
import type { ContentOf } from './collect-feed-items.js';
import { renderItemContent, type ItemContent } from './render-item-content.js';

/**
 * Item content is made once per notice and language, against this stand-in for the base URL of the
 * origin or mirror whose feed carries it, which is put in when a feed is written: three targets
 * cost one render and one cached entry, not three.
 */
const STAND_IN = 'https://gongbo.invalid/base/';
const STAND_IN_HOST = 'gongbo.invalid';

/** A notice's item content by language, with STAND_IN for the target's base URL. */
export type ItemEntry = Partial<Record<Locale, ItemContent>>;

/** Render a notice's item content once, for every target (see STAND_IN). */
export function renderItemTemplate(notice: CompiledNotice, locale: Locale, ctx: RenderContext): ItemContent {
  return renderItemContent(notice, locale, ctx, { pageUrl: STAND_IN + noticePath(notice.id, locale), baseUrl: STAND_IN });
}

export interface ItemCache {
  /** Content for feeds: from memory, then disk, else made (and kept). */
  contentOf: ContentOf;
  /** Keep the item content of a notice (made while its body was compiled). */
  put(key: string, entry: ItemEntry): void;
  /** Remove entries of notices not in `keep`. */
  prune(keep: ReadonlySet<string>): Promise<void>;
}

/** A feed document shows 50 items in three formats: enough recent entries to serve all of them. */
const MEMORY_ENTRIES = 128;

export function openItemCache(dir: string, ctx: RenderContext): ItemCache {
  const memory = new Map<string, ItemEntry>();
  const file = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);

  const remember = (key: string, entry: ItemEntry) => {
    memory.delete(key);
    memory.set(key, entry);
    if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
  };
  const read = (key: string): ItemEntry => {
    const cached = memory.get(key);
    if (cached) return cached;
    let entry: ItemEntry = {};
    try {
      entry = JSON.parse(readFileSync(file(key), 'utf8')) as ItemEntry;
    } catch {
      // Not made yet (or damaged): made again below.
    }
    remember(key, entry);
    return entry;
  };
  const write = (key: string, entry: ItemEntry) => {
    const target = file(key);
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, target);
    remember(key, entry);
  };

  return {
    contentOf(notice, locale, options) {
      if (!notice.key) return renderItemContent(notice, locale, ctx, options);
      const entry = read(notice.key);
      let template = entry[locale];
      if (!template) {
        template = renderItemTemplate(notice, locale, ctx);
        write(notice.key, { ...entry, [locale]: template });
      }
      const base = new URL(options.baseUrl).href;
      const html = template.html.replaceAll(STAND_IN, base);
      // A link that climbs above the site's root left the stand-in's host behind: render for real.
      if (html.includes(STAND_IN_HOST)) return renderItemContent(notice, locale, ctx, options);
      return { html, excerpt: template.excerpt.replaceAll(STAND_IN, base) };
    },
    put(key, entry) {
      write(key, entry);
    },
    async prune(keep) {
      let folders: string[];
      try {
        folders = await readdir(dir);
      } catch {
        return;
      }
      for (const folder of folders) {
        const names = await readdir(path.join(dir, folder)).catch(() => [] as string[]);
        for (const name of names) {
          if (!keep.has(name.split('.')[0]!)) await rm(path.join(dir, folder, name), { force: true });
        }
      }
    },
  };
}
