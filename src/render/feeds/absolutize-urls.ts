// Makes every URL in an HTML tree absolute, so content still works when a reader shows it elsewhere.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** The URL-valued properties rehype-sanitize's schema lets through (no srcset, poster or style). */
const URL_PROPERTIES = ['href', 'src', 'cite', 'longDesc', 'action'];

/**
 * Resolve the URLs of `tree` in place against `base` (the page the content comes from): feed
 * readers resolve relative URLs against the feed, or not at all, so `files/x.pdf` and `#fn-1` would
 * point at nothing. A value that is not a URL at all is dropped rather than passed on.
 */
export function absolutizeUrls(tree: Root, base: string): Root {
  visit(tree, 'element', (node: Element) => {
    for (const name of URL_PROPERTIES) {
      const value = node.properties[name];
      if (typeof value !== 'string') continue;
      const absolute = resolve(value, base);
      if (absolute === undefined) delete node.properties[name];
      else node.properties[name] = absolute;
    }
  });
  return tree;
}

function resolve(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href;
  } catch {
    return undefined;
  }
}
