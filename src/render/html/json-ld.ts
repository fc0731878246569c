// schema.org NewsArticle data for a notice page: licence, holder, language, dates, translations.
import type { Locale, SiteConfig } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import { lastModified } from '../../transform/compile-notice.js';
import { LICENSE_URLS } from '../../kogl.js';
import { noticePath } from './notice-page.js';

export function noticeJsonLd(notice: CompiledNotice, locale: Locale, config: SiteConfig, pdfUrl?: string): object {
  const version = notice.versions[locale]!;
  const { meta } = version;
  const url = config.site.url + noticePath(notice.id, locale);
  const publisher = { '@type': 'GovernmentOrganization', name: config.site.publisher[locale], url: config.site.url };
  const others = (Object.keys(notice.versions) as Locale[]).filter((l) => l !== locale);
  // Korean is the original of every bilingual release; English pages are its translation.
  const translations = others.map((l) => ({ '@type': 'NewsArticle', '@id': config.site.url + noticePath(notice.id, l), inLanguage: l }));
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': url,
    url,
    mainEntityOfPage: url,
    headline: meta.title,
    ...(meta.subtitle.length > 0 ? { description: meta.subtitle.join(' ') } : {}),
    inLanguage: locale,
    datePublished: meta.date.iso,
    dateModified: lastModified(meta).iso,
    articleSection: meta.category,
    ...(meta.tags.length > 0 ? { keywords: meta.tags } : {}),
    author: { '@type': 'GovernmentOrganization', name: meta.department, parentOrganization: publisher },
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
