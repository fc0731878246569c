// Renders the PDF of every published notice and language, from the cache when nothing changed.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES } from '../../model.js';
import { gongboVersion } from '../../package-root.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { Output } from '../../write/write-site.js';
import type { RenderContext } from '../html/layout.js';
import { ChromiumNotFoundError } from './find-chromium.js';
import { finishPdf } from './finish-pdf.js';
import { loadPdfAssets } from './load-pdf-assets.js';
import { openPdfCache } from './open-pdf-cache.js';
import { renderPdfDocument, type PdfDocument } from './render-pdf-document.js';
import { PRINT_SETTINGS, startPdfRenderer, type PdfRenderer, type PdfRendererOptions } from './start-pdf-renderer.js';

/** One PDF is ready. */
export interface PdfProgress {
  /** PDFs ready so far, this one included. */
  done: number;
  total: number;
  /** Its path under `dist/`. */
  path: string;
  /** `true` when it came from the cache, `false` when Chromium printed it. */
  cached: boolean;
  /** Its entry in the PDF cache (what it was made from), when it has one. */
  cacheKey?: string;
}

export interface RenderPdfsOptions extends PdfRendererOptions {
  /** Folder for gongbo's caches; PDFs go to `pdf/` inside it. Default: no cache, every PDF is printed. */
  cacheDir?: string;
  /** Called once per PDF, when it is ready. Default: nothing. */
  onProgress?: (progress: PdfProgress) => void;
  /** A running renderer to print with, left running. Default: one started on the first cache miss and closed at the end. */
  renderer?: PdfRenderer;
  /**
   * Delete cached PDFs this call did not use. Default `true`: a build renders every PDF, so what it
   * did not use is stale. `serve` renders one PDF at a time and passes `false`.
   */
  prune?: boolean;
}

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.svg': 'image/svg+xml',
};

let code: Promise<string> | undefined;

/**
 * A hash of this folder's compiled code (printing, finishing): a change to how PDFs are made must
 * not be hidden by PDFs cached before it, even when the version number stays the same.
 */
function codeFingerprint(): Promise<string> {
  code ??= (async () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const hash = createHash('sha256');
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.js')).sort()) {
      hash.update(name).update('\0').update(await readFile(path.join(dir, name))).update('\0');
    }
    return hash.digest('hex');
  })();
  return code;
}

/**
 * The cache key: a hash of everything that decides a PDF's bytes. The printed HTML holds the
 * notice's text and every translated string; images are hashed by content.
 */
async function cacheKey(document: PdfDocument, fingerprint: string, creator: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ creator, code: await codeFingerprint(), fingerprint, settings: PRINT_SETTINGS, metadata: document.metadata }));
  for (const part of [document.lang, document.title, document.bodyClass.join(' '), document.body, document.pageCss, document.marginText]) hash.update('\0').update(part);
  for (const [url, file] of [...document.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update('\0').update(url).update('\0').update(await readFile(file));
  }
  return hash.digest('hex');
}

function validateOptions(options: RenderPdfsOptions): void {
  if (options.cacheDir !== undefined && typeof options.cacheDir !== 'string') {
    throw new TypeError(`Expected \`options.cacheDir\` to be a folder path, got \`${String(options.cacheDir)}\` (${typeof options.cacheDir})`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new TypeError(`Expected \`options.onProgress\` to be a function, got \`${String(options.onProgress)}\` (${typeof options.onProgress})`);
  }
}

/**
 * One `{path: '<lang>/<id>/<id>.<lang>.pdf', data}` per public language of each notice, in the
 * order of `notices`. Chromium starts only if a PDF is missing from the cache.
 */
export async function renderPdfs(notices: CompiledNotice[], ctx: RenderContext, options: RenderPdfsOptions = {}): Promise<Output[]> {
  validateOptions(options);
  const assets = await loadPdfAssets();
  const creator = `gongbo ${gongboVersion()}`;
  const cache = options.cacheDir ? openPdfCache(path.join(options.cacheDir, 'pdf')) : undefined;

  const documents: PdfDocument[] = [];
  for (const notice of notices) {
    for (const locale of LOCALES) {
      if (notice.versions[locale]) documents.push(await renderPdfDocument(notice, locale, ctx));
    }
  }
  const keys = await Promise.all(documents.map((d) => cacheKey(d, assets.fingerprint, creator)));
  const results: Uint8Array[] = new Array(documents.length);
  let done = 0;
  const report = (index: number, cached: boolean) => {
    done += 1;
    options.onProgress?.({ done, total: documents.length, path: documents[index]!.path, cached, ...(cache ? { cacheKey: keys[index]! } : {}) });
  };

  const misses: number[] = [];
  for (let index = 0; index < documents.length; index++) {
    const hit = await cache?.get(keys[index]!);
    if (hit) {
      results[index] = hit;
      report(index, true);
    } else {
      misses.push(index);
    }
  }

  if (misses.length > 0) {
    const renderer = options.renderer ?? await startPdfRenderer(options);
    let failure: unknown;
    let next = 0;
    // As many loops as the renderer prints at once: the next PDF is finished (metadata, cache)
    // in Node while Chromium prints others, and a failure stops the queue rather than draining it.
    const loop = async () => {
      while (failure === undefined && next < misses.length) {
        const index = misses[next++]!;
        const document = documents[index]!;
        try {
          const printed = await renderer.print({
            lang: document.lang,
            title: document.title,
            bodyClass: document.bodyClass,
            body: document.body,
            pageCss: document.pageCss,
            marginText: document.marginText,
            load: async (url) => {
              const file = document.files.get(url);
              return file ? { contentType: MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', body: await readFile(file) } : undefined;
            },
          });
          results[index] = await finishPdf(printed, { metadata: document.metadata, creator, contentHash: keys[index]! });
          await cache?.put(keys[index]!, results[index]!);
          report(index, false);
        } catch (error) {
          // Chromium not starting is not about this PDF: say so directly.
          failure ??= error instanceof ChromiumNotFoundError ? error : new Error(`Could not render the PDF ${document.path}`, { cause: error });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(renderer.concurrency, misses.length) }, loop));
    } finally {
      if (!options.renderer) await renderer.close();
    }
    if (failure !== undefined) throw failure;
  }

  if (options.prune !== false) await cache?.prune(new Set(keys));
  return documents.map((document, index) => ({ path: document.path, data: results[index]! }));
}
