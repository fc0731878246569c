// The Noto Sans KR files gongbo uses, read from @fontsource/noto-sans-kr: for pages and for PDFs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageDir } from '../package-root.js';

export const FONT_PACKAGE = '@fontsource/noto-sans-kr';

/** Regular for text, bold for headings: every other weight would only add bytes to every mirror. */
const FONT_WEIGHTS = [400, 700];

/** One unicode-range slice of the font, as Fontsource ships it. */
export interface FontSlice {
  weight: number;
  /** File name inside the package's `files/` folder. */
  file: string;
  /** The CSS `unicode-range` value, as written by Fontsource. */
  unicodeRange: string;
}

export interface FontSlices {
  /** The package folder (its `files/` holds the slices, `LICENSE` the licence). */
  dir: string;
  version: string;
  slices: FontSlice[];
}

/** Read Fontsource's CSS for the weights used: a browser fetches only the slices a page needs. */
export async function readFontSlices(): Promise<FontSlices> {
  const dir = packageDir(FONT_PACKAGE);
  const slices: FontSlice[] = [];
  for (const weight of FONT_WEIGHTS) {
    const css = await readFile(path.join(dir, `${weight}.css`), 'utf8');
    for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block[1]!)?.[1];
      const unicodeRange = /unicode-range:\s*([^;]+);/.exec(block[1]!)?.[1]?.trim();
      if (file && unicodeRange) slices.push({ weight, file, unicodeRange });
    }
  }
  if (slices.length === 0) throw new Error(`Found no font files in ${dir}: is ${FONT_PACKAGE} installed completely?`);
  const version = (JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir, version, slices };
}

/** `@font-face` rules for `slices`, each file at `urlOf(file)`. */
export function fontFaceCss(slices: FontSlice[], urlOf: (file: string) => string, display: 'swap' | 'block'): string {
  return slices.map((slice) => `@font-face{font-family:"Noto Sans KR";font-style:normal;font-weight:${slice.weight};`
    + `font-display:${display};src:url(${urlOf(slice.file)}) format("woff2");unicode-range:${slice.unicodeRange}}`).join('\n');
}
