// The files every PDF page may load (pdf.css, Noto Sans KR), served by URL under PDF_ORIGIN.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT, packageDir } from '../../package-root.js';
import { PDF_ORIGIN, type Resource, type ResourceLoader } from './pdf-origin.js';

/** One unicode-range slice of Noto Sans KR, as @fontsource/noto-sans-kr ships it. */
interface FontSlice {
  weight: number;
  /** File name inside the package's `files/` folder. */
  file: string;
  /** The CSS `unicode-range` value, as written by Fontsource. */
  unicodeRange: string;
}

export interface PdfAssets {
  /** Stylesheet URLs every PDF page links, in order. */
  stylesheets: string[];
  /** Serves the stylesheets and font files; `undefined` for anything else. */
  load: ResourceLoader;
  /** sha256 of everything here that changes how a PDF looks, for the PDF cache key. */
  fingerprint: string;
}

/** Bold for headings and the masthead, regular for the rest: other weights would only add bytes. */
const FONT_WEIGHTS = [400, 700];
const FONT_PACKAGE = '@fontsource/noto-sans-kr';

async function readSlices(dir: string): Promise<FontSlice[]> {
  const slices: FontSlice[] = [];
  for (const weight of FONT_WEIGHTS) {
    const css = await readFile(path.join(dir, `${weight}.css`), 'utf8');
    for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block[1]!)?.[1];
      const unicodeRange = /unicode-range:\s*([^;]+);/.exec(block[1]!)?.[1]?.trim();
      if (!file || !unicodeRange) continue;
      slices.push({ weight, file, unicodeRange });
    }
  }
  if (slices.length === 0) throw new Error(`Found no font files in ${dir}: is ${FONT_PACKAGE} installed completely?`);
  return slices;
}

function fontFaceCss(slices: FontSlice[]): string {
  return slices.map((slice) => `@font-face{font-family:"Noto Sans KR";font-style:normal;font-weight:${slice.weight};`
    + `font-display:block;src:url(${PDF_ORIGIN}assets/fonts/${slice.file}) format("woff2");unicode-range:${slice.unicodeRange}}`).join('\n');
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
  const fontDir = packageDir(FONT_PACKAGE);
  const slices = await readSlices(fontDir);
  const fontVersion = (JSON.parse(await readFile(path.join(fontDir, 'package.json'), 'utf8')) as { version: string }).version;
  const fontsCss = `/* Noto Sans KR ${fontVersion} (SIL Open Font License 1.1), from ${FONT_PACKAGE} */\n${fontFaceCss(slices)}\n`;
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
    async load(url) {
      const resource = fixed.get(url);
      if (resource) return resource;
      const slice = byUrl.get(url);
      return slice ? { contentType: 'font/woff2', body: await readSlice(slice) } : undefined;
    },
    fingerprint: createHash('sha256').update(fontsCss).update('\0').update(pdfCss).digest('hex'),
  };
}
