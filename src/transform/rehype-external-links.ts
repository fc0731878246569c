// Marks links that leave the site: `rel="external noopener noreferrer"`, a class, and a hint for screen readers.
import type { Root } from 'hast';
import { eachElement } from './each-element.js';

/** A scheme (rehype-external-links' test, which this replaces: pages must stay byte for byte the same). */
const ABSOLUTE = /^[a-zA-Z][a-zA-Z\d+\-.]*?:/;
const WINDOWS_PATH = /^[a-zA-Z]:\\/;

/**
 * What rehype-external-links did with gongbo's options, in one of our walks rather than its own.
 * `hint`: the words appended, visually hidden, to each external link (" (외부 링크)").
 */
export function rehypeExternalLinks(options: { hint: string }) {
  return (tree: Root) => {
    eachElement(tree, (node) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string') return;
      const external = ABSOLUTE.test(href) && !WINDOWS_PATH.test(href)
        ? ['http', 'https'].includes(href.slice(0, href.indexOf(':')))
        : href.startsWith('//');
      if (!external) return;
      node.properties.className = ['external'];
      node.properties.rel = ['external', 'noopener', 'noreferrer'];
      node.children.push({
        type: 'element', tagName: 'span', properties: { className: ['visually-hidden'] }, children: [{ type: 'text', value: options.hint }],
      });
    });
  };
}
