// Gives headings their ids (rehype-slug), walking only the headings rather than the whole body.
import type { Element, Root } from 'hast';
import rehypeSlug from 'rehype-slug';
import { eachElement, SKIP } from './each-element.js';

/**
 * rehype-slug walks the whole tree with unist-util-visit to find a release's few headings, which
 * costs more than naming them. It is given the headings alone, in document order (a heading inside
 * another is reached through it, as before), so every id is the one it would have given.
 */
export function rehypeHeadingIds() {
  const slug = (rehypeSlug as () => (tree: Root) => void)();
  return (tree: Root) => {
    const headings: Element[] = [];
    eachElement(tree, (node) => {
      if (!/^h[1-6]$/i.test(node.tagName)) return undefined;
      headings.push(node);
      return SKIP;
    });
    slug({ type: 'root', children: headings });
  };
}
