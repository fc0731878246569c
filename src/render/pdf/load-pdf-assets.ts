// The files every PDF page may load (pdf.css, Noto Sans KR), served by URL under PDF_ORIGIN.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.js';
import { FONT_PACKAGE, fontFaceCss, readFontSlices, type FontSlice } from '../font-slices.js';
import { PDF_ORIGIN, type Resource, type ResourceLoader } from './pdf-origin.js';

export interface PdfAssets {
  /** Stylesheet URLs every PDF page links, in order. */
  stylesheets: string[];
  /** The URL of the fonts' stylesheet alone (among `stylesheets`), for pages that are not PDFs. */
  fontStylesheet: string;
  /** Serves the stylesheets and font files; `undefined` for anything else. */
  load: ResourceLoader;
  /** sha256 of everything here that changes how a PDF looks, for the PDF cache key. */
  fingerprint: string;
}

let shared: Promise<PdfAssets> | undefined;

/** Read the PDF assets once per process: every build and renderer shares them. */
export function loadPdfAssets(): Promise<PdfAssets> {
  shared ??= readPdfAssets().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

async function readPdfAssets(): Promise<PdfAssets> {
  const { dir: fontDir, version: fontVersion, slices } = await readFontSlices();
  // `block`: a PDF is printed once, so it waits for the real font rather than printing a fallback.
  const fontsCss = `/* Noto Sans KR ${fontVersion} (SIL Open Font License 1.1), from ${FONT_PACKAGE} */\n`
    + `${fontFaceCss(slices, (file) => `${PDF_ORIGIN}assets/fonts/${file}`, 'block')}\n`;
  const pdfCss = await readFile(path.join(PACKAGE_ROOT, 'assets', 'pdf.css'), 'utf8');

  const fixed = new Map<string, Resource>([
    [`${PDF_ORIGIN}assets/fonts/noto-sans-kr.css`, { contentType: 'text/css; charset=utf-8', body: fontsCss }],
    [`${PDF_ORIGIN}assets/pdf.css`, { contentType: 'text/css; charset=utf-8', body: pdfCss }],
  ]);
  const byUrl = new Map(slices.map((slice) => [`${PDF_ORIGIN}assets/fonts/${slice.file}`, slice]));
  // Font files are read on first use and kept: a Korean page uses a few dozen of the 250 slices,
  // and each page of the printer fetches them once.
  const fontBytes = new Map<string, Promise<Uint8Array>>();
  const readSlice = (slice: FontSlice): Promise<Uint8Array> => {
    let bytes = fontBytes.get(slice.file);
    if (!bytes) {
      bytes = readFile(path.join(fontDir, 'files', slice.file));
      fontBytes.set(slice.file, bytes);
    }
    return bytes;
  };

  return {
    stylesheets: [...fixed.keys()],
    fontStylesheet: `${PDF_ORIGIN}assets/fonts/noto-sans-kr.css`,
    async load(url) {
      const resource = fixed.get(url);
      if (resource) return resource;
      const slice = byUrl.get(url);
      return slice ? { contentType: 'font/woff2', body: await readSlice(slice) } : undefined;
    },
    fingerprint: createHash('sha256').update(fontsCss).update('\0').update(pdfCss).digest('hex'),
  };
}
