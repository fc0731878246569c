// The shared files under `dist/assets/`: stylesheet, KOGL marks, and the Noto Sans KR web font.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { FONT_PACKAGE, fontFaceCss, readFontSlices } from './font-slices.js';
import type { KeyedOutput, Output } from '../write/write-site.js';

export async function siteAssets(): Promise<Array<Output | KeyedOutput>> {
  const outputs: Array<Output | KeyedOutput> = [];
  const assets = path.join(PACKAGE_ROOT, 'assets');
  outputs.push({ path: 'assets/style.css', from: path.join(assets, 'style.css') });
  // The search page's own script and style: the only script a built page loads.
  outputs.push({ path: 'assets/search.css', from: path.join(assets, 'search.css') });
  outputs.push({ path: 'assets/search.js', from: path.join(assets, 'search.js') });
  for (const name of (await readdir(path.join(assets, 'kogl'))).filter((n) => n.endsWith('.svg')).sort()) {
    outputs.push({ path: `assets/kogl/${name}`, from: path.join(assets, 'kogl', name) });
  }
  outputs.push(...(await fontAssets()));
  return outputs;
}

/** The font, split by unicode range: a reader's browser fetches only the glyph sets a page uses. */
async function fontAssets(): Promise<Array<Output | KeyedOutput>> {
  const { dir, version, slices } = await readFontSlices();
  // Text shows at once in a fallback font and swaps when Noto Sans KR arrives.
  const css = `/* Noto Sans KR ${version} (SIL Open Font License 1.1, see LICENSE.txt), from ${FONT_PACKAGE} */\n`
    + `${fontFaceCss(slices, (file) => `./files/${file}`, 'swap')}\n`;
  return [
    ...slices.map((slice): Output => ({ path: `assets/fonts/files/${slice.file}`, from: path.join(dir, 'files', slice.file) })),
    // Keyed by its bytes, or every build (and so every publish) would count it as made again.
    { path: 'assets/fonts/noto-sans-kr.css', key: `font-css:${createHash('sha256').update(css).digest('hex')}`, make: () => ({ data: css }) },
    { path: 'assets/fonts/LICENSE.txt', from: path.join(dir, 'LICENSE') },
  ];
}
