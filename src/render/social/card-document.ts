// The HTML of a notice's social card, and the hash of everything that decides its pixels.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Locale } from '../../model.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { noticePath } from '../html/notice-page.js';
import { loadPdfAssets } from '../pdf/load-pdf-assets.js';
import { cardFacts, cardFileName, CARD_SIZE } from './card-facts.js';

export interface CardDocument {
  /** Its path under `dist/`. */
  path: string;
  lang: Locale;
  title: string;
  body: string;
  css: string;
  /** Every text of the card, whose font slices must be loaded. */
  text: string;
}

/**
 * Headline sizes, largest first, with the lines each may take (see assets/card.css) and how many
 * Hangul-wide characters fit on a line of 1056 pixels at that size, less a margin for words that
 * do not fill their line: the largest size that holds the whole headline is taken.
 */
const SIZES = [
  { className: 'size-1', lines: 3, perLine: 1056 / 72 },
  { className: 'size-2', lines: 4, perLine: 1056 / 60 },
  { className: 'size-3', lines: 5, perLine: 1056 / 50 },
  { className: 'size-4', lines: 6, perLine: 1056 / 42 },
];

/** Width in Hangul characters: Latin letters, digits and spaces are about 0.6 of one in Noto Sans KR bold. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u.test(char) ? 1 : 0.6;
  return width;
}

export function headlineSize(title: string): string {
  const width = textWidth(title);
  return (SIZES.find((s) => width <= s.lines * s.perLine * 0.85) ?? SIZES[SIZES.length - 1]!).className;
}

let style: Promise<{ css: string; fingerprint: string }> | undefined;

/**
 * The card stylesheet and a hash of everything besides the notice that shapes a card: the
 * stylesheet, the font, and the code that lays cards out and takes them (this folder and the
 * renderer's). Part of both the card's key in a build and its entry in the card cache.
 */
export function cardStyle(): Promise<{ css: string; fingerprint: string }> {
  style ??= (async () => {
    const css = await readFile(path.join(PACKAGE_ROOT, 'assets', 'card.css'), 'utf8');
    const hash = createHash('sha256').update(css).update('\0').update((await loadPdfAssets()).fingerprint);
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const dir of [here, path.join(here, '..', 'pdf')]) {
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.js')).sort()) {
        hash.update('\0').update(name).update('\0').update(await readFile(path.join(dir, name)));
      }
    }
    return { css, fingerprint: hash.digest('hex') };
  })();
  return style;
}

const marks = new Map<string, Promise<string>>();

/** The KOGL mark inline: the card page loads nothing but fonts, and its text uses the same font. */
function koglMark(license: string): Promise<string> {
  let svg = marks.get(license);
  if (!svg) {
    svg = readFile(path.join(PACKAGE_ROOT, 'assets', 'kogl', `${license}.svg`), 'utf8')
      .then((text) => text.replace(/<\?xml[^>]*\?>\s*/, '').trim());
    marks.set(license, svg);
  }
  return svg;
}

export async function renderCardDocument(notice: CompiledNotice, locale: Locale, ctx: RenderContext): Promise<CardDocument> {
  const { meta } = notice.versions[locale]!;
  const facts = cardFacts(meta, locale, ctx);
  const tree = h('div.card', [
    h('div.card-top', [h('p.card-publisher', facts.publisher), h('p.card-category', facts.category)]),
    h('div.card-headline', [h('h1', { className: [headlineSize(facts.title)] }, facts.title)]),
    h('div.card-bottom', [
      h('div.card-facts', [h('p.card-department', facts.department), h('p.card-date', facts.date)]),
      h('div.card-kogl', [{ type: 'raw', value: await koglMark(meta.license) }]),
    ]),
  ]);
  return {
    path: noticePath(notice.id, locale) + cardFileName(notice.id, locale),
    lang: locale,
    title: facts.title,
    body: toHtml(tree, { allowDangerousHtml: true }),
    css: (await cardStyle()).css,
    text: [facts.publisher, facts.category, facts.title, facts.department, facts.date].join(' '),
  };
}

/** The card cache key: the document (text, mark), the style and code fingerprint, and the size. */
export async function cardCacheKey(document: CardDocument): Promise<string> {
  return createHash('sha256')
    .update(JSON.stringify({ style: (await cardStyle()).fingerprint, size: CARD_SIZE, lang: document.lang, title: document.title, body: document.body }))
    .digest('hex');
}
