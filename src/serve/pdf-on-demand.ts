// `serve` renders a notice's PDF when a reader asks for it, so that saving a file stays fast.
import path from 'node:path';
import type { BuildResult } from '../build.js';
import { isLocale } from '../model.js';
import type { RenderContext } from '../render/html/layout.js';
import type { PdfRenderer } from '../render/pdf/start-pdf-renderer.js';

/** `/<lang>/<id>/<id>.<lang>.pdf`, the only PDFs gongbo writes. */
const PDF_PATH = /^\/(ko|en)\/([a-z0-9-]+)\/\2\.(ko|en)\.pdf$/;

export class PdfOnDemand {
  #cacheDir: string;
  #renderer: Promise<PdfRenderer> | undefined;
  #inFlight = new Map<string, Promise<Uint8Array | undefined>>();

  constructor(siteRoot: string) {
    this.#cacheDir = path.join(siteRoot, '.gongbo-cache');
  }

  /**
   * The PDF at `urlPath` as the build `build` would have written it, or `undefined` when that build
   * has no such notice and language, rendered with `contextFor` its context. Concurrent requests for
   * one PDF share one rendering.
   */
  async render(urlPath: string, build: BuildResult | undefined, contextFor: (ctx: RenderContext) => RenderContext = (ctx) => ctx): Promise<Uint8Array | undefined> {
    const match = PDF_PATH.exec(urlPath);
    if (!match || match[1] !== match[3] || !build?.compiled || !build.context) return undefined;
    const [, locale, id] = match;
    if (!isLocale(locale)) return undefined;
    const notice = build.compiled.find((n) => n.id === id);
    const version = notice?.versions[locale];
    if (!notice || !version) return undefined;
    const key = `${urlPath}\0${build.manifest?.files.find((f) => f.path === `${locale}/${id}/index.html`)?.sha256 ?? ''}`;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        // Loaded here, not at start-up: a preview that never opens a PDF never loads puppeteer.
        const { renderPdfs } = await import('../render/pdf/render-pdfs.js');
        const { startPdfRenderer } = await import('../render/pdf/start-pdf-renderer.js');
        this.#renderer ??= startPdfRenderer({ concurrency: 1, cacheDir: this.#cacheDir });
        const [output] = await renderPdfs([{ ...notice, versions: { [locale]: version } }], contextFor(build.context!), {
          cacheDir: this.#cacheDir, renderer: await this.#renderer, prune: false,
        });
        return output && 'data' in output && output.data instanceof Uint8Array ? output.data : undefined;
      })().finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async close(): Promise<void> {
    const renderer = this.#renderer;
    this.#renderer = undefined;
    if (renderer) await (await renderer.catch(() => undefined))?.close();
  }
}
