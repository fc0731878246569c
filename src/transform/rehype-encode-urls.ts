// Writes relative links and image sources as valid URLs: authors write `files/차트 1.png` in raw HTML.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { eachElement } from './each-element.js';
import { assetHref, resolveAssetLink } from '../load/asset-link.js';

/** Characters a URL carries as they are (encodeURI's set), and `%` that starts an escape. */
const UNSAFE = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-_.!~*'();/?:@&=+$,#%]/gu;

/** Encode what a URL cannot carry, leaving escapes already there alone (never `%2526`). */
function encode(value: string): string {
  try {
    return value.replace(UNSAFE, (c) => encodeURIComponent(c));
  } catch {
    return value; // a lone surrogate: left as written
  }
}

/**
 * `file.data.assets` (the notice's files, by NFC name) lets a link that names one of them be
 * written as that file's one URL, however it was spelt: `files/Q&A #1.pdf` and
 * `files/Q%26A%20%231.pdf` both become `files/Q%26A%20%231.pdf`.
 */
export function rehypeEncodeUrls() {
  return (tree: Root, file: VFile) => {
    const assets = new Set((file.data.assets as string[] | undefined) ?? []);
    eachElement(tree, (node) => {
      for (const key of ['href', 'src'] as const) {
        const value = node.properties[key];
        // Absolute URLs are left to their authors; only what points into the site is ours to mend.
        if (typeof value !== 'string' || value.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(value)) continue;
        const link = resolveAssetLink(value, (name) => assets.has(name));
        node.properties[key] = link ? assetHref(link.name) + encode(link.suffix) : encode(value);
      }
    });
  };
}
