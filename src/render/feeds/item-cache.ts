// Feed items' content and XML kept on disk by notice key: feeds of an archive are made without compiling it again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LOCALES, type Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { noticePath, pdfFileName } from '../html/notice-page.js';
import { collectFeedItems, type ContentOf, type XmlOf } from './collect-feed-items.js';
import type { FeedTarget } from './feed-model.js';
import { renderItemContent, type ItemContent } from './render-item-content.js';
import { renderRssItem } from './render-rss.js';
import { renderAtomItem } from './render-atom.js';
import type { XmlFormatName } from './xml-items.js';

/**
 * Item content is made once per notice and language, against this stand-in for the base URL of the
 * origin or mirror whose feed carries it, which is put in when a feed is written: three targets
 * cost one render and one cached entry, not three.
 */
const STAND_IN = 'https://gongbo.invalid/base/';
const STAND_IN_HOST = 'gongbo.invalid';

/**
 * A notice's item content by language, with STAND_IN for the target's base URL, and the item's
 * elements made from it so far (by `xmlName`).
 */
export type ItemEntry = Partial<Record<Locale, ItemContent & { xml?: ItemXml }>>;

/** Render a notice's item content once, for every target (see STAND_IN). */
export function renderItemTemplate(notice: CompiledNotice, locale: Locale, ctx: RenderContext): ItemContent {
  return renderItemContent(notice, locale, ctx, { pageUrl: STAND_IN + noticePath(notice.id, locale), baseUrl: STAND_IN });
}

const XML_RENDERERS = { rss: renderRssItem, atom: renderAtomItem };
const XML_FORMATS = Object.keys(XML_RENDERERS) as XmlFormatName[];

/** The item's XML elements of a notice in one language, by `xmlName`. */
type ItemXml = Partial<Record<string, string>>;

/** What a format's element of an item is filed under: with its PDF's size when it has one (the enclosure). */
function xmlName(format: XmlFormatName, enclosureLength?: number): string {
  return enclosureLength === undefined ? format : `${format}@${enclosureLength}`;
}

/**
 * Make `template`'s element in `format` (see renderItemXmlTemplate) and file it in the template;
 * `undefined` when no feed carries the item.
 */
function addXml(
  notice: CompiledNotice, locale: Locale, ctx: RenderContext, template: ItemContent & { xml?: ItemXml }, format: XmlFormatName, enclosureLength?: number,
): string | undefined {
  const xml = renderItemXmlTemplate(notice, locale, ctx, template, format, enclosureLength);
  if (xml !== undefined) template.xml = { ...template.xml, [xmlName(format, enclosureLength)]: xml };
  return xml;
}

const STAND_IN_TARGET: FeedTarget = { baseUrl: STAND_IN, outDir: '', locales: [...LOCALES], takes: () => true };

/**
 * Render a notice's item element in `format` once, for every target (see STAND_IN), from its
 * content `template`; `undefined` when no feed carries the item (a draft).
 */
function renderItemXmlTemplate(
  notice: CompiledNotice, locale: Locale, ctx: RenderContext, template: ItemContent, format: XmlFormatName, enclosureLength?: number,
): string | undefined {
  const pdfPath = noticePath(notice.id, locale) + pdfFileName(notice.id, locale);
  const sizes = new Map(enclosureLength === undefined ? [] : [[pdfPath, enclosureLength]]);
  const [item] = collectFeedItems([notice], locale, STAND_IN_TARGET, ctx, sizes, { contentOf: () => template });
  return item && XML_RENDERERS[format](item);
}

/**
 * A base URL that reads the same in every place of an item (HTML attribute, XML text and attribute,
 * a URL `feed` normalises): put in for the stand-in, it gives the bytes a render for that base
 * gives. Any other (with `&` or a quote, which each escapes its own way) is rendered for real.
 */
const PLAIN_BASE = /^https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$()*+,;=%]*$/;

/**
 * `text` made for `base` (a PLAIN_BASE); `undefined` when a link climbed above the site's root and
 * left the stand-in's host behind: that item is rendered for real.
 */
function atBase(text: string, base: string): string | undefined {
  // Split and joined, not replaceAll: a `$&` in the base would be read as a pattern.
  const made = text.split(STAND_IN).join(base);
  return made.includes(STAND_IN_HOST) ? undefined : made;
}

export interface ItemCache {
  /** Content for feeds: from memory, then disk, else made (and kept). */
  contentOf: ContentOf;
  /** An item's element in an XML format, for a target: from memory, then disk, else made (and kept). */
  xmlOf: XmlOf;
  /**
   * Keep the item content of a notice (made while its body was compiled), with the elements the
   * feeds of this build will ask for: `pdfSizeOf` gives its PDF's size in a language, when the build
   * has that PDF (the enclosure).
   */
  put(notice: CompiledNotice & { key: string }, entry: ItemEntry, pdfSizeOf: (locale: Locale) => number | undefined): void;
  /** Write what was made since it was read (elements made for the feeds), before the build ends. */
  flush(): void;
  /** Remove entries of notices not in `keep`. */
  prune(keep: ReadonlySet<string>): Promise<void>;
}

/**
 * Enough recent entries for the documents renderFeeds makes close together: a whole feed's 50
 * items, and a category's 50, which span about 150 notices of the archive when it has three
 * categories. With 64, a cold build of 2,000 notices read 11,906 entries from disk; with 128,
 * 5,769 (three a notice: once for the origin and once for each mirror). No more: an entry with its
 * elements is tens of kilobytes in memory, and the feeds are a cold build's peak.
 */
const MEMORY_ENTRIES = 128;

export function openItemCache(dir: string, ctx: RenderContext): ItemCache {
  const memory = new Map<string, ItemEntry>();
  // One file per notice, its elements with its content: a build writes thousands, and each file
  // made costs more than reading it back with its neighbours' bytes.
  const file = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);
  /** Entries with elements made since they were read: written when they leave memory, or by `flush`. */
  const dirty = new Set<string>();

  const write = (key: string, entry: ItemEntry) => {
    const target = file(key);
    mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, target);
    dirty.delete(key);
  };
  const remember = (key: string, entry: ItemEntry) => {
    memory.delete(key);
    memory.set(key, entry);
    if (memory.size > MEMORY_ENTRIES) {
      const oldest = memory.keys().next().value!;
      if (dirty.has(oldest)) write(oldest, memory.get(oldest)!);
      memory.delete(oldest);
    }
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
  const templateOf = (notice: CompiledNotice & { key: string }, locale: Locale): ItemContent & { xml?: ItemXml } => {
    const entry = read(notice.key);
    let template = entry[locale];
    if (!template) {
      template = renderItemTemplate(notice, locale, ctx);
      entry[locale] = template;
      write(notice.key, entry);
    }
    return template;
  };

  return {
    contentOf(notice, locale, options) {
      const base = new URL(options.baseUrl).href;
      if (!notice.key || !PLAIN_BASE.test(base)) return renderItemContent(notice, locale, ctx, options);
      const template = templateOf(notice as CompiledNotice & { key: string }, locale);
      const html = atBase(template.html, base);
      const excerpt = atBase(template.excerpt, base);
      return html === undefined || excerpt === undefined ? renderItemContent(notice, locale, ctx, options) : { html, excerpt };
    },
    xmlOf(notice, locale, format, options) {
      const base = new URL(options.baseUrl).href;
      if (!notice.key || !PLAIN_BASE.test(base)) return undefined;
      const name = xmlName(format, options.enclosureLength);
      const template = templateOf(notice as CompiledNotice & { key: string }, locale);
      let xml = template.xml?.[name];
      if (xml === undefined) {
        xml = addXml(notice, locale, ctx, template, format, options.enclosureLength);
        if (xml === undefined) return undefined;
        dirty.add(notice.key);
      }
      return atBase(xml, base);
    },
    put(notice, entry, pdfSizeOf) {
      // Made now, while the entry is at hand: made by the feeds, they would send each entry to disk
      // a second time (and a third, the other language's), and a cold build's rewrites cost more than
      // the renders.
      for (const locale of LOCALES) {
        const template = entry[locale];
        if (!template) continue;
        const enclosureLength = pdfSizeOf(locale);
        for (const format of XML_FORMATS) addXml(notice, locale, ctx, template, format, enclosureLength);
      }
      write(notice.key, entry);
      remember(notice.key, entry);
    },
    flush() {
      for (const key of dirty) write(key, memory.get(key)!);
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
