// Points in-page links (`#overview`, footnotes) at the ids rehype-sanitize prefixed with `user-content-`.
import type { Element, Root } from 'hast';
import { eachElement } from './each-element.js';

const PREFIX = 'user-content-';

/**
 * rehype-sanitize prefixes every `id` so that user HTML cannot clobber page globals, but leaves
 * `href="#x"` alone; GitHub mends the links with JavaScript, our pages have none, so mend them here.
 */
export function rehypeFragmentLinks() {
  return (tree: Root) => {
    const ids = new Set<string>();
    // What may point at an id, mended once every id is known.
    const pointing: Element[] = [];
    eachElement(tree, (node) => {
      const { id, href, ariaDescribedBy } = node.properties;
      if (typeof id === 'string') ids.add(id);
      if ((node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) || Array.isArray(ariaDescribedBy)) pointing.push(node);
    });
    const fix = (target: string) => (ids.has(target) || !ids.has(PREFIX + target) ? target : PREFIX + target);
    for (const node of pointing) {
      const href = node.properties.href;
      if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
        let target: string;
        try {
          target = decodeURIComponent(href.slice(1));
        } catch {
          continue; // a malformed escape names no id: leave the link as written
        }
        node.properties.href = `#${fix(target)}`;
      }
      const describedBy = node.properties.ariaDescribedBy;
      if (Array.isArray(describedBy)) node.properties.ariaDescribedBy = describedBy.map((id) => fix(String(id)));
    }
  };
}
