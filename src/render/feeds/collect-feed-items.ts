// Turns the notices a target takes in one language into feed items, newest first.
import type { Locale, NoticeMeta } from '../../model.js';
import { lastModified, type CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { noticePath, pdfFileName } from '../html/notice-page.js';
import type { FeedCategory, FeedItem, FeedTarget, KoglFacts } from './feed-model.js';
import { cleanText } from './clean-text.js';
import { joinSentences } from '../join-sentences.js';
import { noticeTitle } from '../html/notice-parts.js';
import { describeLicense } from './describe-license.js';
import { renderItemContent, type ItemContent, type ItemContentOptions } from './render-item-content.js';
import type { XmlFormatName } from './xml-items.js';

/** Makes (or finds) an item's content; the build passes one that caches it across builds. */
export type ContentOf = (notice: CompiledNotice, locale: Locale, options: ItemContentOptions) => ItemContent;

/**
 * Finds (or makes) an item's element in one XML format for the target of `options`, made once for
 * every document that carries it; `undefined` when it must be rendered with the document.
 */
export type XmlOf = (notice: CompiledNotice, locale: Locale, format: XmlFormatName, options: { baseUrl: string; enclosureLength?: number }) => string | undefined;

/** What a caller that keeps items across documents and builds makes them with (see item-cache.ts). */
export interface ItemMakers {
  contentOf?: ContentOf;
  xmlOf?: XmlOf;
}

/**
 * `notices` must be sorted newest first (the build sorts them). `pdfSizes` maps a PDF's output path
 * (`ko/<id>/<id>.ko.pdf`) to its size in bytes: an item gets an enclosure only when its PDF is in
 * the build, so no feed ever points at a file that is not there.
 */
export function collectFeedItems(
  notices: readonly CompiledNotice[], locale: Locale, target: FeedTarget, ctx: RenderContext, pdfSizes: ReadonlyMap<string, number>,
  makers: ItemMakers = {},
): FeedItem[] {
  const contentOf = makers.contentOf ?? ((notice, l, options) => renderItemContent(notice, l, ctx, options));
  const shared: Shared = { locale, target, ctx, pdfSizes, contentOf, xmlOf: makers.xmlOf, tr: ctx.t[locale], publisher: ctx.config.site.publisher[locale] };
  const items: FeedItem[] = [];
  for (const notice of notices) {
    const version = notice.versions[locale];
    if (!version || !target.takes(version.meta, locale)) continue;
    const { meta } = version;
    // A preview build (`serve --drafts`) compiles drafts and embargoed notices; feeds never carry them.
    if (meta.status === 'draft' || (ctx.preview && meta.date.ms > ctx.preview.now)) continue;
    items.push(new LazyItem(shared, notice, meta));
  }
  return items;
}

/** What every item of one `collectFeedItems` call shares. */
interface Shared {
  locale: Locale;
  target: FeedTarget;
  ctx: RenderContext;
  pdfSizes: ReadonlyMap<string, number>;
  contentOf: ContentOf;
  xmlOf: XmlOf | undefined;
  tr: RenderContext['t'][Locale];
  publisher: string;
}

/**
 * A FeedItem whose texts are made when a document that is written reads them (at archive scale most
 * documents are reused), the content each time (it is not kept here). A class, not an object with
 * getters: a build holds an item per notice and language of a feed set at once, and closures per
 * item made that several times the memory (a cold build's feeds are its peak).
 */
class LazyItem implements FeedItem {
  readonly id: string;
  readonly published: number;
  readonly updated: number;
  readonly enclosure?: FeedItem['enclosure'];
  readonly key?: string;
  readonly #shared: Shared;
  readonly #notice: CompiledNotice;
  readonly #meta: NoticeMeta;
  #summary: string | undefined | null = null;
  #title: string | undefined;
  #license: ReturnType<typeof describeLicense> | undefined;

  constructor(shared: Shared, notice: CompiledNotice, meta: NoticeMeta) {
    const { locale, target, ctx } = shared;
    this.#shared = shared;
    this.#notice = notice;
    this.#meta = meta;
    const pagePath = noticePath(notice.id, locale);
    // The origin URL even in mirror feeds: it is the same entry, and readers that see both dedupe on it.
    this.id = ctx.config.site.url + pagePath;
    this.published = meta.date.ms;
    this.updated = lastModified(meta).ms;
    const pdfPath = pagePath + pdfFileName(notice.id, locale);
    const pdfSize = shared.pdfSizes.get(pdfPath);
    if (pdfSize !== undefined) this.enclosure = { url: target.baseUrl + pdfPath, length: pdfSize, type: 'application/pdf' };
    if (notice.key) this.key = notice.pageKeys?.[locale] ?? notice.key;
  }

  get url(): string {
    return this.#shared.target.baseUrl + noticePath(this.#notice.id, this.#shared.locale);
  }

  get title(): string {
    return (this.#title ??= cleanText(noticeTitle(this.#meta, this.#shared.tr)));
  }

  get summary(): string | undefined {
    if (this.#summary === null) this.#summary = cleanText(joinSentences(this.#meta.subtitle)).trim() || undefined;
    return this.#summary;
  }

  get contentHtml(): string {
    return this.#content().html;
  }

  get excerpt(): string {
    return this.#content().excerpt;
  }

  get author(): string {
    return cleanText(this.#meta.department);
  }

  get categories(): FeedCategory[] {
    return categoriesOf(this.#meta.category, this.#meta.tags, this.#shared.tr);
  }

  get rights(): string {
    return this.#licenseOf().rights;
  }

  get kogl(): KoglFacts {
    return this.#licenseOf().kogl;
  }

  /** The element made once for every document (see XmlOf); `undefined`: rendered with the document. */
  xml(format: XmlFormatName): string | undefined {
    const { xmlOf, locale, target } = this.#shared;
    return xmlOf?.(this.#notice, locale, format, { baseUrl: target.baseUrl, ...(this.enclosure ? { enclosureLength: this.enclosure.length } : {}) });
  }

  #content(): ItemContent {
    const { contentOf, locale, target } = this.#shared;
    return contentOf(this.#notice, locale, { pageUrl: this.url, baseUrl: target.baseUrl });
  }

  #licenseOf(): ReturnType<typeof describeLicense> {
    const meta = this.#meta;
    return (this.#license ??= describeLicense(meta.license, this.#shared.locale, this.#shared.tr, this.#shared.publisher, meta.title, this.#shared.target.baseUrl));
  }
}

/**
 * The category first, then the tags; each once (a repeated category is a validator warning). RSS and
 * JSON Feed show labels, not terms: a tag that is the category's label (`공모` in a call for
 * proposals) would show twice.
 */
function categoriesOf(category: string, tags: readonly string[], tr: RenderContext['t'][Locale]): FeedCategory[] {
  const all = [
    { term: category, label: tr(`category.${category}`, { defaultValue: category }) },
    ...tags.map((tag) => ({ term: tag, label: tag })),
  ].map((c) => ({ term: cleanText(c.term).trim(), label: cleanText(c.label).trim() }));
  const seen = new Set<string>();
  return all.filter((c) => {
    const words = [c.term.toLowerCase(), c.label.toLowerCase()];
    if (c.term === '' || words.some((word) => seen.has(word))) return false;
    for (const word of words) seen.add(word);
    return true;
  });
}
