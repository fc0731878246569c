// Adds each notice's PDFs to a build: linked from the previous build when unchanged, else printed.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { LOCALES, type Locale } from '../model.js';
import type { LazyNotice } from '../transform/lazy-notice.js';
import type { CompiledNotice } from '../transform/compile-notice.js';
import type { RenderContext } from '../render/html/layout.js';
import { noticePath, pdfFileName } from '../render/html/notice-page.js';
import type { PdfProgress } from '../render/pdf/render-pdfs.js';
import type { PdfRenderer } from '../render/pdf/start-pdf-renderer.js';
import type { SiteWriter } from './write-site.js';
import { PhrasedError } from '../i18n/phrased-error.js';
import { phrase } from '../i18n/say.js';

export interface WritePdfsOptions {
  cacheDir: string;
  /** The PDF cache entry of each PDF the previous build wrote, by path. */
  previousCacheKeys?: Record<string, string>;
  onProgress?: (progress: PdfProgress) => void;
  /**
   * The build's browser, started on first call and closed by the caller (social cards use it too).
   * Default: one started here on the first PDF to print, closed at the end.
   */
  renderer?: () => Promise<PdfRenderer>;
}

/** Notices printed per round: their PDFs are written before the next round, so memory stays flat. */
const ROUND = 32;

export interface WrittenPdfs {
  /** Bytes of each PDF by path, for feed enclosures. */
  sizes: Map<string, number>;
  /** The PDF cache entry of each PDF by path. */
  cacheKeys: Record<string, string>;
}

/** Chromium starts only if a PDF must be printed and the PDF cache does not have it. */
export async function writePdfs(notices: readonly LazyNotice[], ctx: RenderContext, writer: SiteWriter, options: WritePdfsOptions): Promise<WrittenPdfs> {
  const sizes = new Map<string, number>();
  const cacheKeys: Record<string, string> = {};
  const keyOf = (notice: LazyNotice) => createHash('sha256').update(notice.key).update('\0pdf').digest('hex');
  const total = notices.reduce((sum, n) => sum + Object.keys(n.versions).length, 0);
  let done = 0;
  const progress = (path: string, cached: boolean) => options.onProgress?.({ done: ++done, total, path, cached });

  const toPrint: Array<{ notice: LazyNotice; locales: Locale[] }> = [];
  for (const notice of notices) {
    const locales: Locale[] = [];
    for (const locale of LOCALES) {
      if (!notice.versions[locale]) continue;
      const path = noticePath(notice.id, locale) + pdfFileName(notice.id, locale);
      const size = await writer.reusable(path, keyOf(notice));
      if (size === undefined) {
        locales.push(locale);
        continue;
      }
      sizes.set(path, size);
      const cacheKey = options.previousCacheKeys?.[path];
      if (cacheKey) cacheKeys[path] = cacheKey;
      await writer.add({ path, key: keyOf(notice), make: () => { throw new PhrasedError(phrase('siteWrite.changedMeanwhile', { file: path })); } });
      progress(path, true);
    }
    if (locales.length > 0) toPrint.push({ notice, locales });
  }
  if (toPrint.length === 0) return { sizes, cacheKeys };

  // Imported here, so that builds without PDFs to print never load puppeteer.
  const { renderPdfs } = await import('../render/pdf/render-pdfs.js');
  let started: Promise<PdfRenderer> | undefined;
  const renderer = options.renderer ?? (() => (started ??= import('../render/pdf/start-pdf-renderer.js')
    .then(({ startPdfRenderer }) => startPdfRenderer({ cacheDir: options.cacheDir }))));
  // One browser for every round, started on the first PDF the PDF cache does not have.
  const shared: PdfRenderer = {
    print: async (job) => (await renderer()).print(job),
    screenshot: async (job) => (await renderer()).screenshot(job),
    // As many pages as the renderer prints at once (its default: one per core).
    get concurrency() { return os.availableParallelism(); },
    get launches() { return 0; },
    close: async () => {},
  };
  try {
    for (let start = 0; start < toPrint.length; start += ROUND) {
      const round = toPrint.slice(start, start + ROUND);
      const subset: CompiledNotice[] = round.map(({ notice, locales }) => ({
        id: notice.id, dir: notice.dir, assets: notice.assets, key: notice.key,
        // Images named in NFD on disk are read by that name (see load-notices).
        ...(notice.diskNames ? { diskNames: notice.diskNames } : {}),
        versions: Object.fromEntries(locales.map((l) => [l, notice.versions[l]!])),
      }));
      const outputs = await renderPdfs(subset, ctx, {
        cacheDir: options.cacheDir, renderer: shared, prune: false,
        onProgress: (p) => {
          if (p.cacheKey) cacheKeys[p.path] = p.cacheKey;
          progress(p.path, p.cached);
        },
      });
      const byId = new Map(round.map((r) => [r.notice.id, r.notice]));
      for (const output of outputs) {
        if (!('data' in output) || typeof output.data === 'string') throw new TypeError(`Expected PDF bytes for ${output.path}`);
        const { data } = output;
        sizes.set(output.path, data.byteLength);
        // `<lang>/<id>/<id>.<lang>.pdf`
        const notice = byId.get(output.path.split('/')[1]!)!;
        await writer.add({ path: output.path, key: keyOf(notice), make: () => ({ data }) });
      }
      for (const { notice } of round) notice.release();
    }
  } finally {
    if (started) await (await started).close();
  }
  return { sizes, cacheKeys };
}
