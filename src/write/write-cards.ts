// Adds each notice's social cards (og:image) to a build: linked from the previous build when unchanged, else taken.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { LOCALES, type Locale } from '../model.js';
import type { LazyNotice } from '../transform/lazy-notice.js';
import type { RenderContext } from '../render/html/layout.js';
import { noticePath } from '../render/html/notice-page.js';
import { cardFileName } from '../render/social/card-facts.js';
import type { PdfRenderer } from '../render/pdf/start-pdf-renderer.js';
import type { PdfProgress } from '../render/pdf/render-pdfs.js';
import { ChromiumNotFoundError } from '../render/pdf/find-chromium.js';
import type { SiteWriter } from './write-site.js';
import { PhrasedError } from '../i18n/phrased-error.js';
import { phrase } from '../i18n/say.js';

export interface WriteCardsOptions {
  cacheDir: string;
  /** The card cache entry of each card the previous build wrote, by path. */
  previousCacheKeys?: Record<string, string>;
  /** The build's browser, started on first call; the caller closes it. */
  renderer: () => Promise<PdfRenderer>;
  /** Called once per card when it is ready (`cached`: not taken by Chromium in this build). */
  onProgress?: (progress: PdfProgress) => void;
}

export interface WrittenCards {
  /** The card cache entry of each card by path. */
  cacheKeys: Record<string, string>;
}

/** A card's key in the build: its notice's (text, config, locales, code) and the card's style. */
export function cardKey(notice: LazyNotice, styleFingerprint: string): string {
  return createHash('sha256').update(notice.key).update('\0card\0').update(styleFingerprint).digest('hex');
}

/**
 * One card per public language of each notice. A card shows only metadata, so no notice's body
 * is compiled for it; Chromium starts only if a card is neither in the previous build nor in the
 * card cache (`.gongbo-cache/cards/`).
 */
export async function writeCards(notices: readonly LazyNotice[], ctx: RenderContext, writer: SiteWriter, options: WriteCardsOptions): Promise<WrittenCards> {
  const { cardStyle } = await import('../render/social/card-document.js');
  const style = (await cardStyle()).fingerprint;
  const cacheKeys: Record<string, string> = {};
  const toTake: Array<{ notice: LazyNotice; locale: Locale; key: string }> = [];
  const total = notices.reduce((sum, n) => sum + Object.keys(n.versions).length, 0);
  let done = 0;
  const progress = (file: string, cached: boolean) => options.onProgress?.({ done: ++done, total, path: file, cached });
  for (const notice of notices) {
    const key = cardKey(notice, style);
    for (const locale of LOCALES) {
      if (!notice.versions[locale]) continue;
      const file = noticePath(notice.id, locale) + cardFileName(notice.id, locale);
      if ((await writer.reusable(file, key)) === undefined) {
        toTake.push({ notice, locale, key });
        continue;
      }
      const cacheKey = options.previousCacheKeys?.[file];
      if (cacheKey) cacheKeys[file] = cacheKey;
      await writer.add({ path: file, key, make: () => { throw new PhrasedError(phrase('siteWrite.changedMeanwhile', { file })); } });
      progress(file, true);
    }
  }
  if (toTake.length === 0) return { cacheKeys };

  const { renderCardDocument, cardCacheKey } = await import('../render/social/card-document.js');
  const { openPdfCache } = await import('../render/pdf/open-pdf-cache.js');
  const { PNG_FORMAT } = await import('../render/social/png-format.js');
  const cache = openPdfCache(path.join(options.cacheDir, 'cards'), PNG_FORMAT);
  let next = 0;
  let failure: unknown;
  // A few at a time, each written as soon as it is taken: memory holds a few PNGs, not the archive's.
  const loop = async () => {
    while (failure === undefined && next < toTake.length) {
      const { notice, locale, key } = toTake[next++]!;
      const file = noticePath(notice.id, locale) + cardFileName(notice.id, locale);
      try {
        const document = await renderCardDocument(notice, locale, ctx);
        const cacheKey = await cardCacheKey(document);
        let data = await cache.get(cacheKey);
        const cached = data !== undefined;
        if (!data) {
          const renderer = await options.renderer();
          data = await renderer.screenshot({ lang: document.lang, title: document.title, body: document.body, css: document.css, text: document.text });
          await cache.put(cacheKey, data);
        }
        cacheKeys[document.path] = cacheKey;
        const bytes = data;
        await writer.add({ path: document.path, key, make: () => ({ data: bytes }) });
        progress(document.path, cached);
      } catch (error) {
        // Chromium not starting is not about this card: say so directly.
        failure ??= error instanceof ChromiumNotFoundError ? error : new PhrasedError(phrase('siteWrite.cardFailed', { file }), { cause: error });
      }
    }
  };
  // The renderer's pages decide how many are taken at once; two loops keep one being laid out in
  // Node while Chromium takes another.
  await Promise.all(Array.from({ length: Math.min(4, toTake.length) }, loop));
  if (failure !== undefined) throw failure;
  return { cacheKeys };
}
