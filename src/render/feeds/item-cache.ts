// Feed items' content kept on disk by notice key: feeds of an archive are made without compiling it again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LOCALES, type Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { noticePath } from '../html/notice-page.js';
import type { ContentOf } from './collect-feed-items.js';
import type { FeedTarget } from './feed-model.js';
import { renderItemContent, type ItemContent } from './render-item-content.js';

/** By the base URL of the target (origin or mirror) whose feeds carry it. */
type Entry = Record<string, ItemContent>;

export interface ItemCache {
  /** Content for feeds: from memory, then disk, else made (and kept). */
  contentOf: ContentOf;
  /** Make and keep the content of every feed that will carry `notice` (while its body is compiled). */
  store(notice: CompiledNotice & { key: string }, targets: readonly FeedTarget[]): Promise<void>;
  /** Remove entries of notices not in `keep`. */
  prune(keep: ReadonlySet<string>): Promise<void>;
}

/** A feed document shows 50 items in three formats: enough recent entries to serve all of them. */
const MEMORY_ENTRIES = 256;

export function openItemCache(dir: string, ctx: RenderContext): ItemCache {
  const memory = new Map<string, Entry>();
  const file = (key: string, locale: Locale) => path.join(dir, key.slice(0, 2), `${key}.${locale}.json`);

  const remember = (id: string, entry: Entry) => {
    memory.delete(id);
    memory.set(id, entry);
    if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
  };
  const read = (key: string, locale: Locale): Entry => {
    const id = `${key}.${locale}`;
    const cached = memory.get(id);
    if (cached) return cached;
    let entry: Entry = {};
    try {
      entry = JSON.parse(readFileSync(file(key, locale), 'utf8')) as Entry;
    } catch {
      // Not made yet (or damaged): made again below.
    }
    remember(id, entry);
    return entry;
  };
  const write = (key: string, locale: Locale, entry: Entry) => {
    const target = file(key, locale);
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, target);
    remember(`${key}.${locale}`, entry);
  };

  return {
    contentOf(notice, locale, options) {
      if (!notice.key) return renderItemContent(notice, locale, ctx, options);
      const entry = read(notice.key, locale);
      const found = entry[options.baseUrl];
      if (found) return found;
      const made = renderItemContent(notice, locale, ctx, options);
      write(notice.key, locale, { ...entry, [options.baseUrl]: made });
      return made;
    },
    async store(notice, targets) {
      for (const locale of LOCALES) {
        const version = notice.versions[locale];
        if (!version || version.meta.status === 'draft') continue;
        const entry: Entry = {};
        for (const target of targets) {
          // A target's category feeds carry the same content as its whole feeds: made once.
          if (entry[target.baseUrl] || !target.locales.includes(locale) || !target.takes(version.meta, locale)) continue;
          const pageUrl = target.baseUrl + noticePath(notice.id, locale);
          entry[target.baseUrl] = renderItemContent(notice, locale, ctx, { pageUrl, baseUrl: target.baseUrl });
        }
        write(notice.key, locale, entry);
      }
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
