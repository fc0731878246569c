// schema.org NewsArticle data for a notice page: licence, holder, language, dates, translations.
import type { Nodes } from 'hast';
import type { Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { lastModified } from '../../transform/compile-notice.js';
import { LICENSE_URLS } from '../../kogl.js';
import { joinSentences } from '../join-sentences.js';
import { noticePath } from './notice-page.js';
import { noticeTitle } from './notice-parts.js';
import type { RenderContext } from './layout.js';

/**
 * The first image of the text, as an absolute URL: the picture search engines show with the
 * article. Without one there is none (schema.org's `image` is recommended, not required).
 */
function firstImage(node: Nodes, pageUrl: string): string | undefined {
  if (node.type === 'element' && node.tagName === 'img' && typeof node.properties.src === 'string') {
    try {
      const url = new URL(node.properties.src, pageUrl);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
    } catch {
      // Not a URL: not a picture either.
    }
  }
  if (node.type !== 'root' && node.type !== 'element') return undefined;
  for (const child of node.children) {
    const found = firstImage(child, pageUrl);
    if (found) return found;
  }
  return undefined;
}

/**
 * `cardUrl`: the notice's social card, when the build makes one. `image` lists the text's first
 * image, the picture of the article, then the card, which every notice has: search engines pick
 * among them by aspect ratio, and a notice without pictures still has one.
 */
export function noticeJsonLd(notice: CompiledNotice, locale: Locale, ctx: RenderContext, pdfUrl?: string, cardUrl?: string): object {
  const { config } = ctx;
  const tr = ctx.t[locale];
  const version = notice.versions[locale]!;
  const { meta } = version;
  const url = config.site.url + noticePath(notice.id, locale);
  const publisher = { '@type': 'GovernmentOrganization', name: config.site.publisher[locale], url: config.site.url };
  const images = [firstImage(version.body, url), cardUrl].filter((i): i is string => i !== undefined);
  const image = images.length > 1 ? images : images[0];
  const others = (Object.keys(notice.versions) as Locale[]).filter((l) => l !== locale);
  // Korean is the original of every bilingual release; English pages are its translation.
  const translations = others.map((l) => ({ '@type': 'NewsArticle', '@id': config.site.url + noticePath(notice.id, l), inLanguage: l }));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    mainEntityOfPage: url,
    headline: noticeTitle(meta, tr),
    ...(meta.subtitle.length > 0 ? { description: joinSentences(meta.subtitle) } : {}),
    ...(image ? { image } : {}),
    inLanguage: locale,
    datePublished: meta.date.iso,
    dateModified: lastModified(meta).iso,
    // What readers see on the page, not the config's code.
    articleSection: tr(`category.${meta.category}`, { defaultValue: meta.category }),
    ...(meta.tags.length > 0 ? { keywords: meta.tags } : {}),
    // A department has no site of its own: the ministry's site is where it publishes.
    author: { '@type': 'GovernmentOrganization', name: meta.department, url: config.site.url, parentOrganization: publisher },
    publisher,
    copyrightHolder: publisher,
    license: LICENSE_URLS[meta.license],
    isAccessibleForFree: true,
    ...(pdfUrl ? { associatedMedia: { '@type': 'MediaObject', contentUrl: pdfUrl, encodingFormat: 'application/pdf' } } : {}),
    ...(translations.length > 0 ? (locale === 'ko' || !notice.versions.ko
      ? { workTranslation: translations }
      : { translationOfWork: translations[0] }) : {}),
  };
}
