// What Chromium prints for one notice in one language: masthead, the shared article, footer, metadata.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { Element, ElementContent, Parents, Root } from 'hast';
import type { Instant, Locale } from '../../model.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { attributionFor } from '../../kogl.js';
import { lastModified, type CompiledNotice } from '../../transform/compile-notice.js';
import { noticePath, pdfFileName, renderNoticeArticle } from '../html/notice-page.js';
import { noticeTitle } from '../html/notice-parts.js';
import { joinSentences } from '../join-sentences.js';
import type { RenderContext } from '../html/layout.js';
import { PDF_ORIGIN } from './pdf-origin.js';

/** What the finished PDF says about itself (document info, XMP, catalog). */
export interface PdfMetadata {
  title: string;
  /** The publisher. */
  author: string;
  /** The subtitle lines, joined as sentences; empty when the notice has none. */
  subject: string;
  keywords: string[];
  language: Locale;
  licenseUrl: string;
  /** The KOGL attribution sentence: the document's rights statement. */
  rights: string;
  /** The release time: the PDF's creation date, so that rebuilding never changes it. */
  created: Instant;
  /** The last substantive change (see lastModified). */
  modified: Instant;
  /** The page the PDF is a copy of. */
  sourceUrl: string;
}

export interface PdfDocument {
  /** Where the PDF goes under `dist/`, e.g. `ko/<id>/<id>.ko.pdf`. */
  path: string;
  /** The language of the text: `<html lang>`, which also picks fonts and the PDF's language. */
  lang: Locale;
  /** The document title (the headline). */
  title: string;
  /** Classes of `<body>`. */
  bodyClass: string[];
  /** The content of `<body>`: masthead and article. The printer supplies the head and its stylesheets. */
  body: string;
  /** CSS of this document only: the footer of every page, in page margin boxes. */
  pageCss: string;
  /**
   * Text printed in the page margins. Chromium requests a font slice when laid-out text needs it,
   * and margin boxes are laid out only while printing: the printer loads these slices beforehand.
   */
  marginText: string;
  metadata: PdfMetadata;
  /** Image files of the notice the page may show: URL under PDF_ORIGIN → file on disk. */
  files: Map<string, string>;
}

/** Files a page can show in `<img>`; attachments such as PDF and HWP are linked, never loaded. */
const IMAGE_TYPES = /\.(?:png|jpe?g|gif|webp|avif|svg)$/i;

const markCache = new Map<string, Promise<string>>();

/**
 * The KOGL mark, as SVG markup to put inline: an SVG in `<img>` is a separate document that cannot
 * use the page's web fonts, so its Korean text would print in whatever font the machine has.
 */
function readKoglMark(markPath: string, label: string): Promise<string> {
  let svg = markCache.get(markPath);
  if (!svg) {
    svg = readFile(path.join(PACKAGE_ROOT, markPath), 'utf8');
    markCache.set(markPath, svg);
  }
  return svg.then((text) => text
    .replace(/<\?xml[^>]*\?>\s*/, '')
    .replace(/<svg\b([^>]*)>/, (_, attributes: string) => {
      const kept = attributes.replace(/\s(?:role|aria-label|aria-hidden|focusable)="[^"]*"/g, '');
      return `<svg${kept} role="img" aria-label="${escapeAttribute(label)}" focusable="false">`;
    })
    .trim());
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function hasClass(node: Element, name: string): boolean {
  const value = node.properties.className;
  return Array.isArray(value) && value.includes(name);
}

function findElement(tree: Parents, test: (node: Element) => boolean): { node: Element; parent: Parents } | undefined {
  let found: { node: Element; parent: Parents } | undefined;
  visit(tree, 'element', (node: Element, _index, parent) => {
    if (found) return SKIP;
    if (test(node) && parent) found = { node, parent };
    return undefined;
  });
  return found;
}

function removeChild(parent: Parents, child: ElementContent): void {
  const index = (parent.children as ElementContent[]).indexOf(child);
  if (index >= 0) parent.children.splice(index, 1);
}

/**
 * Links in a PDF outlive the page it was printed from: relative ones are made absolute against the
 * notice's page on the site, so they keep working wherever the PDF travels. In-page links stay.
 */
function absolutiseLinks(tree: Element, pageUrl: string): void {
  visit(tree, 'element', (node: Element) => {
    const href = node.properties.href;
    if (node.tagName !== 'a' || typeof href !== 'string' || href.startsWith('#')) return;
    try {
      node.properties.href = new URL(href, pageUrl).href;
    } catch {
      delete node.properties.href;
    }
  });
}

/**
 * The page's screen-reader-only text ("(외부 링크)") has no place on paper, where the printed
 * address says the same: it goes from the document, so that keeping it out of the PDF's text does
 * not rest on a stylesheet rule. The contact labels ("전화", "전자우편") stay: pdf.css prints them.
 * The scroll box around each table goes too: paper does not scroll, and the table is what the
 * structure tree should hold.
 */
function dropScreenOnlyParts(tree: Element): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (!parent || index === undefined) return undefined;
    if (hasClass(node, 'table-scroll')) {
      parent.children.splice(index, 1, ...node.children);
      return index;
    }
    const contactLabel = parent.type === 'element' && (hasClass(parent, 'contact-phone') || hasClass(parent, 'contact-email'));
    if ((hasClass(node, 'visually-hidden') || hasClass(node, 'sr-only')) && !contactLabel) {
      parent.children.splice(index, 1);
      return index;
    }
    return undefined;
  });
}

/** A CSS string literal: margin boxes take their text from `content`, not from the document. */
function cssString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\n\r\f]/g, ' ')}"`;
}

/**
 * A PDF shows only the notice's own images: any other would be refused by the printer (and its
 * broken-image icon printed), so it is replaced by its description, which is what paper can carry.
 */
function omitOutsideImages(tree: Element, pageUrl: string, files: Map<string, string>, label: (alt: string) => string): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'img' || !parent || index === undefined) return undefined;
    let source: string | undefined;
    try {
      source = new URL(String(node.properties.src ?? ''), pageUrl).href;
    } catch {
      source = undefined;
    }
    if (source && files.has(source)) {
      node.properties.src = source;
      return undefined;
    }
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
    parent.children.splice(index, 1, ...(alt ? [h('span.pdf-image-omitted', label(alt))] : []));
    return index;
  });
}

/** The translated "page n of N" as a CSS `content` value, with Chromium's page counters. */
function pageNumberContent(text: (values: Record<string, string>) => string): string {
  return text({ page: '\u0001', pages: '\u0002' })
    .split(/(\u0001|\u0002)/)
    .filter((part) => part !== '')
    .map((part) => (part === '\u0001' ? 'counter(page)' : part === '\u0002' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}

/** Render the printable HTML of `notice` in `locale` (a language the notice has). */
export async function renderPdfDocument(notice: CompiledNotice, locale: Locale, ctx: RenderContext): Promise<PdfDocument> {
  const version = notice.versions[locale];
  if (!version) throw new TypeError(`Expected notice \`${notice.id}\` to have a \`${locale}\` version, got none`);
  const tr = ctx.t[locale];
  const { meta } = version;
  const { config } = ctx;
  const publisher = config.site.publisher[locale];
  const pagePath = noticePath(notice.id, locale);
  const sourceUrl = config.site.url + pagePath;
  // Where the notice's own images are served from (see omitOutsideImages).
  const url = PDF_ORIGIN + pagePath;
  const attribution = attributionFor(meta.license, locale, tr, publisher, meta.title);

  const article = renderNoticeArticle(notice, locale, ctx, { assetBase: PDF_ORIGIN, pdfLink: false });
  // The body is sanitised HTML with no raw nodes; make sure of it, since the tree is serialised
  // below with raw HTML allowed for the one raw node gongbo adds (the KOGL mark).
  visit(article, (node, index, parent) => {
    if ((node.type as string) === 'raw' && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
    return undefined;
  });
  absolutiseLinks(article, sourceUrl);
  dropScreenOnlyParts(article);
  const files = new Map<string, string>();
  for (const asset of notice.assets) {
    // Keyed by the URL as the page (and Chromium) spells it: `files/차트 1.png` is asked for encoded.
    if (IMAGE_TYPES.test(asset)) files.set(new URL(asset.split('/').map(encodeURIComponent).join('/'), url).href, path.join(config.root, notice.dir, notice.diskNames?.[asset] ?? asset));
  }

  // The facts (release time, department, contacts) move from the article header to the masthead,
  // where a printed Korean press release has them.
  const facts = findElement(article, (node) => node.tagName === 'dl' && hasClass(node, 'notice-facts'));
  if (facts) removeChild(facts.parent, facts.node);
  const masthead = tr('pdf.masthead');
  const category = findElement(article, (node) => hasClass(node, 'notice-category'));
  if (category && toString(category.node).trim() === masthead) removeChild(category.parent, category.node);

  const kogl = findElement(article, (node) => node.tagName === 'section' && hasClass(node, 'kogl'));
  if (kogl) {
    const mark = findElement(kogl.node, (node) => node.tagName === 'img');
    if (mark) {
      const svg = await readKoglMark(attribution.markPath, attribution.markAlt);
      (mark.parent.children as unknown[]).splice(mark.parent.children.indexOf(mark.node), 1, { type: 'raw', value: svg });
    }
    kogl.node.children.unshift(h('h2.kogl-heading', tr('kogl.heading')));
    const index = article.children.indexOf(kogl.node);
    article.children.splice(index, 0, h('p.pdf-source', [
      `${tr('pdf.source')} `, h('a', { href: sourceUrl }, sourceUrl),
    ]));
  }

  // After the KOGL mark has become inline SVG: every <img> left is the notice's own.
  omitOutsideImages(article, url, files, (alt) => tr('pdf.imageOmitted', { alt }));

  const otherLocales = (Object.keys(config.site.publisher) as Locale[]).filter((l) => l !== locale);
  const body: Root = {
    type: 'root',
    children: [
      h('header.pdf-masthead', [
        h('div.pdf-masthead-top', [
          h('div.pdf-publisher', [
            h('p.pdf-publisher-name', publisher),
            ...otherLocales.map((l) => h('p.pdf-publisher-other', { lang: l }, config.site.publisher[l])),
          ]),
          h('p.pdf-kind', masthead),
        ]),
        ...(facts ? [facts.node] : []),
      ]),
      h('main', [article]),
    ],
  };

  // The footer lives in page margin boxes of the document itself, not in Chromium's footer template:
  // a template is a separate document that cannot load web fonts, so its Korean would print in
  // whatever font the machine has, or not at all. The boxes are styled in pdf.css.
  const pageCss = '/* The footer of every page: short KOGL notice, page n of N. */\n'
    + `@page { @bottom-left { content: ${cssString(attribution.short)}; } `
    + `@bottom-right { content: ${pageNumberContent((values) => tr('pdf.page', values))}; } }\n`;
  const marginText = `${attribution.short} ${tr('pdf.page', { page: '0123456789', pages: '' })}`;

  return {
    path: `${pagePath}${pdfFileName(notice.id, locale)}`,
    lang: locale,
    // The PDF's title follows the document's; so does the font Chromium picks for CJK, from lang.
    title: noticeTitle(meta, tr),
    bodyClass: ['pdf', `pdf-${locale}`],
    body: toHtml(body, { allowDangerousHtml: true }),
    pageCss,
    marginText,
    metadata: {
      title: noticeTitle(meta, tr),
      author: publisher,
      subject: joinSentences(meta.subtitle),
      keywords: meta.tags,
      language: locale,
      licenseUrl: attribution.url,
      rights: attribution.sentence,
      created: meta.date,
      modified: lastModified(meta),
      sourceUrl,
    },
    files,
  };
}
