// The shared files under `dist/assets/`: stylesheet, KOGL marks, and the Noto Sans KR web font.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT, packageDir } from '../package-root.js';
import type { Output } from '../write/write-site.js';

/** Weights the stylesheet uses; every other weight would only be dead weight on mirrors. */
const FONT_WEIGHTS = [400, 700];

export async function siteAssets(): Promise<Output[]> {
  const outputs: Output[] = [];
  const assets = path.join(PACKAGE_ROOT, 'assets');
  outputs.push({ path: 'assets/style.css', from: path.join(assets, 'style.css') });
  for (const name of (await readdir(path.join(assets, 'kogl'))).filter((n) => n.endsWith('.svg')).sort()) {
    outputs.push({ path: `assets/kogl/${name}`, from: path.join(assets, 'kogl', name) });
  }
  outputs.push(...(await fontAssets()));
  return outputs;
}

/** Fontsource's CSS split by unicode range, so a browser fetches only the glyph sets a page uses. */
async function fontAssets(): Promise<Output[]> {
  const dir = packageDir('@fontsource/noto-sans-kr');
  const outputs: Output[] = [];
  const css: string[] = ['/* Noto Sans KR (SIL Open Font License 1.1, see LICENSE.txt), from @fontsource/noto-sans-kr */'];
  for (const weight of FONT_WEIGHTS) {
    const text = await readFile(path.join(dir, `${weight}.css`), 'utf8');
    // Every browser that reads this site reads woff2: drop the woff fallbacks.
    css.push(text.replace(/,\s*url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, ''));
    for (const match of text.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) {
      outputs.push({ path: `assets/fonts/files/${match[1]}`, from: path.join(dir, 'files', match[1]!) });
    }
  }
  outputs.push({ path: 'assets/fonts/noto-sans-kr.css', data: `${css.join('\n')}\n` });
  outputs.push({ path: 'assets/fonts/LICENSE.txt', from: path.join(dir, 'LICENSE') });
  return outputs;
}
