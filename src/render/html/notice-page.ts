// The page of one notice in one language.
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { LOCALES, type Locale } from '../../model.js';
import { listingPath, listingUrlPath } from './listing-pages.js';
import { tagSlug } from './tag-slug.js';
import { lastModified, type CompiledNotice } from '../../transform/compile-notice.js';
import { attributionFor, LICENSE_URLS } from '../../kogl.js';
import { calendarYear, fileType, formatBytes, formatDateTime } from '../format.js';
import { renderKoglBlock } from './kogl-block.js';
import { noticeTitle, renderChangeList, renderWithdrawnBanner } from './notice-parts.js';
import { joinSentences } from '../join-sentences.js';
import { noticeJsonLd } from './json-ld.js';
import { dialable } from '../../validate/phone.js';
import { relativeRoot, renderPage, type Alternate, type RenderContext, type SocialSpec } from './layout.js';
import { cardFacts, cardFileName, CARD_SIZE } from '../social/card-facts.js';

export function noticePath(id: string, locale: Locale): string {
  return `${locale}/${id}/`;
}

export function pdfFileName(id: string, locale: Locale): string {
  return `${id}.${locale}.pdf`;
}

/** The absolute URL of the notice's social card, when the build makes cards. */
export function noticeCardUrl(id: string, locale: Locale, ctx: RenderContext): string | undefined {
  return ctx.cards ? `${ctx.config.site.url}${noticePath(id, locale)}${cardFileName(id, locale)}` : undefined;
}

/**
 * The `<article>` of a notice: shared by the web page and the PDF. `serialised`: the caller only
 * turns the article into text, so it may hold the compiled body itself rather than a copy.
 */
export function renderNoticeArticle(
  notice: CompiledNotice, locale: Locale, ctx: RenderContext,
  options: { assetBase: string; pdfLink: boolean; searchable?: boolean; tagLinks?: boolean; serialised?: boolean },
): Element {
  const tr = ctx.t[locale];
  const { timeZone } = ctx.config.site;
  const version = notice.versions[locale]!;
  const { meta } = version;
  const time = (instant: { iso: string; ms: number }) => h('time', { dateTime: instant.iso }, formatDateTime(instant, timeZone, tr));
  const modified = lastModified(meta);
  // What Pagefind reads from the web page (never the PDF): the article alone, not the site's
  // navigation; its category and year to filter by; its release time to list by, and to show.
  const search = (attributes: Record<string, string>) => (options.searchable ? attributes : {});

  const facts: ElementContent[] = [
    h('dt', tr('notice.released')), h('dd', [h('time', { dateTime: meta.date.iso, ...search({ dataPagefindMeta: 'date' }) }, formatDateTime(meta.date, timeZone, tr))]),
    ...(modified.ms > meta.date.ms ? [h('dt', tr('notice.updated')), h('dd', [time(modified)])] : []),
    h('dt', tr('notice.department')), h('dd', meta.department),
    ...(meta.contacts.length > 0
      ? [h('dt', tr('notice.contacts')), h('dd', [h('ul.contacts', meta.contacts.map((c) => h('li.contact', [
        h('span.contact-name', c.name),
        ...(c.phone ? [' ', h('span.contact-phone', [h('span.visually-hidden', `${tr('notice.phone')} `), h('a', { href: `tel:${dialable(c.phone)}` }, c.phone)])] : []),
        ...(c.email ? [' ', h('span.contact-email', [h('span.visually-hidden', `${tr('notice.email')} `), h('a', { href: `mailto:${c.email}` }, c.email)])] : []),
      ])))])]
      : []),
  ];

  const sections: ElementContent[] = [];
  if (meta.attachments.length > 0 || options.pdfLink) {
    sections.push(h('section.attachments', { ariaLabelledBy: 'attachments-heading' }, [
      h('h2#attachments-heading', tr('notice.attachments')),
      h('ul', [
        ...(options.pdfLink ? [h('li', [
          h('a', { href: pdfFileName(notice.id, locale), type: 'application/pdf' }, tr('notice.pdf')),
          ' ', h('span.file-info', `(${fileType(pdfFileName(notice.id, locale))})`),
        ])] : []),
        ...meta.attachments.map((a) => h('li', [
          h('a', { href: a.file.split('/').map(encodeURIComponent).join('/') }, a.title),
          ' ', h('span.file-info', `(${[fileType(a.file), formatBytes(a.size, locale)].filter(Boolean).join(', ')})`),
        ])),
      ]),
    ]));
  }
  if (meta.changes.length > 0) sections.push(renderChangeList(meta.changes, timeZone, tr));
  if (meta.tags.length > 0) {
    // On the page, each tag links its listing in this language, which exists since this notice
    // carries the tag there (see tagListings); tags that share a listing show once. The link is the
    // origin's: mirrors carry this page but no tag listings (like the language switch). The PDF keeps
    // the plain list: paper is read, not browsed, and its chips stay as printed before.
    const tags = options.tagLinks
      ? meta.tags.map((tag) => ({ tag, slug: tagSlug(tag) })).filter(({ slug }, i, all) => all.findIndex((o) => o.slug === slug) === i)
        .map(({ tag, slug }) => h('li', [h('a', { href: ctx.config.site.url + listingUrlPath(locale, 1, { kind: 'tag', slug, label: tag }) }, tag)]))
      : meta.tags.map((tag) => h('li', tag));
    sections.push(h('section.tags', { ariaLabel: tr('notice.tags') }, [h('ul', tags)]));
  }
  const publisher = ctx.config.site.publisher[locale];
  const attribution = attributionFor(meta.license, locale, tr, publisher, meta.title);

  const unpublished = ctx.preview && (meta.status === 'draft' || meta.date.ms > ctx.preview.now);
  const kogl = renderKoglBlock(attribution, options.assetBase, tr('kogl.heading'));
  // The same sentence ends every notice: as a search result it would only be noise.
  if (options.searchable) kogl.properties.dataPagefindIgnore = '';
  return h('article.notice', search({ dataPagefindBody: '', dataPagefindFilter: `category:${meta.category}`, dataPagefindSort: `date:${new Date(meta.date.ms).toISOString()}` }), [
    ...(unpublished ? [h('div.banner.banner-preview', { role: 'note' }, [
      h('p', [h('strong', tr(meta.status === 'draft' ? 'notice.previewDraft' : 'notice.previewEmbargoed', {
        date: formatDateTime(meta.date, timeZone, tr),
      }))]),
    ])] : []),
    h('header.notice-header', search({ dataPagefindFilter: `year:${calendarYear(meta.date, timeZone)}` }), [
      h('p.notice-category', tr(`category.${meta.category}`, { defaultValue: meta.category })),
      h('h1', meta.title),
      // Right after the headline: heading navigation lands on the headline, then meets the withdrawal.
      ...(meta.withdrawn ? [renderWithdrawnBanner(meta.withdrawn, timeZone, tr)] : []),
      ...(meta.subtitle.length > 0 ? [h('ul.notice-subtitle', meta.subtitle.map((line) => h('li', line)))] : []),
      h('dl.notice-facts', { ariaLabel: tr('notice.details') }, facts),
    ]),
    // A copy unless only serialised: the PDF renderer rewrites its article (images, marks), and
    // pages and feed items share compiled bodies.
    h('div.notice-body', options.serialised ? version.body.children as ElementContent[] : structuredClone(version.body.children) as ElementContent[]),
    ...sections,
    kogl,
  ]);
}

/** The whole HTML page of `notice` in `locale`. */
export function renderNoticePage(notice: CompiledNotice, locale: Locale, ctx: RenderContext): string {
  const { meta } = notice.versions[locale]!;
  const tr = ctx.t[locale];
  const path = noticePath(notice.id, locale);
  const alternates: Alternate[] = (Object.keys(notice.versions) as Locale[]).sort().reverse()
    .map((l) => ({ locale: l, path: noticePath(notice.id, l) }));
  const pdfUrl = ctx.pdf ? `${ctx.config.site.url}${path}${pdfFileName(notice.id, locale)}` : undefined;
  const cardUrl = noticeCardUrl(notice.id, locale, ctx);
  const social: SocialSpec = {
    type: 'article',
    publishedTime: meta.date.iso,
    modifiedTime: lastModified(meta).iso,
    section: tr(`category.${meta.category}`, { defaultValue: meta.category }),
    ...(cardUrl ? { image: { url: cardUrl, ...CARD_SIZE, type: 'image/png', alt: cardFacts(meta, locale, ctx).alt } } : {}),
  };
  return renderPage({
    locale,
    path,
    title: noticeTitle(meta, tr),
    ...(meta.subtitle.length > 0 ? { description: joinSentences(meta.subtitle) } : {}),
    alternates,
    fallbackAlternates: LOCALES.map((l) => ({ locale: l, path: listingPath(l, 1) })),
    licenseUrl: LICENSE_URLS[meta.license],
    social,
    jsonLd: noticeJsonLd(notice, locale, ctx, pdfUrl, cardUrl),
    main: [renderNoticeArticle(notice, locale, ctx, { assetBase: relativeRoot(path), pdfLink: ctx.pdf, searchable: true, tagLinks: true, serialised: true })],
  }, ctx);
}
