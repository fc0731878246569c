// Writes relative links and image sources as valid URLs: authors write `files/차트 1.png` in raw HTML.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

function encode(value: string): string {
  let decoded = value;
  try {
    decoded = decodeURI(value); // already encoded: don't encode twice
  } catch {
    // a stray % stays as written and is encoded below
  }
  return encodeURI(decoded);
}

export function rehypeEncodeUrls() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      for (const key of ['href', 'src'] as const) {
        const value = node.properties[key];
        // Absolute URLs are left to their authors; only what points into the site is ours to mend.
        if (typeof value === 'string' && !value.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(value)) node.properties[key] = encode(value);
      }
    });
  };
}
