// Turns the notices a target takes in one language into feed items, newest first.
import type { Locale } from '../../model.js';
import { lastModified, type CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { noticePath, pdfFileName } from '../html/notice-page.js';
import type { FeedCategory, FeedItem, FeedTarget } from './feed-model.js';
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
  const { xmlOf } = makers;
  const tr = ctx.t[locale];
  const publisher = ctx.config.site.publisher[locale];
  const items: FeedItem[] = [];
  for (const notice of notices) {
    const version = notice.versions[locale];
    if (!version || !target.takes(version.meta, locale)) continue;
    const { meta } = version;
    // A preview build (`serve --drafts`) compiles drafts and embargoed notices; feeds never carry them.
    if (meta.status === 'draft' || (ctx.preview && meta.date.ms > ctx.preview.now)) continue;
    const pagePath = noticePath(notice.id, locale);
    const pageUrl = target.baseUrl + pagePath;
    const pdfPath = pagePath + pdfFileName(notice.id, locale);
    const pdfSize = pdfSizes.get(pdfPath);
    // Texts too are made only for documents that are written: at archive scale most are reused.
    let summary: string | undefined | null = null;
    const summaryOf = () => (summary === null ? (summary = cleanText(joinSentences(meta.subtitle)).trim() || undefined) : summary);
    let title: string | undefined;
    // Made only when a document is written (most are reused at archive scale), and not kept here.
    const content = () => contentOf(notice, locale, { pageUrl, baseUrl: target.baseUrl });
    // Like the content, made only for documents that are written.
    let license: ReturnType<typeof describeLicense> | undefined;
    const licenseOf = () => (license ??= describeLicense(meta.license, locale, tr, publisher, meta.title, target.baseUrl));
    items.push({
      // The origin URL even in mirror feeds: it is the same entry, and readers that see both dedupe on it.
      id: ctx.config.site.url + pagePath,
      url: pageUrl,
      get title() { return (title ??= cleanText(noticeTitle(meta, tr))); },
      get summary() { return summaryOf(); },
      get contentHtml() { return content().html; },
      get excerpt() { return content().excerpt; },
      published: meta.date.ms,
      updated: lastModified(meta).ms,
      get author() { return cleanText(meta.department); },
      get categories() { return categoriesOf(meta.category, meta.tags, tr); },
      get rights() { return licenseOf().rights; },
      get kogl() { return licenseOf().kogl; },
      ...(pdfSize === undefined ? {} : { enclosure: { url: target.baseUrl + pdfPath, length: pdfSize, type: 'application/pdf' as const } }),
      ...(notice.key ? { key: notice.pageKeys?.[locale] ?? notice.key } : {}),
      ...(xmlOf ? { xml: (format: XmlFormatName) => xmlOf(notice, locale, format, { baseUrl: target.baseUrl, ...(pdfSize === undefined ? {} : { enclosureLength: pdfSize }) }) } : {}),
    });
  }
  return items;
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
