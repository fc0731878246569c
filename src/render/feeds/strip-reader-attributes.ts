// Removes the attributes feed readers strip anyway from item HTML: ARIA attributes and `role`.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Pages keep them (screen readers use them there), but readers sanitise feed HTML with an allow-list
 * that has neither, and the W3C feed validator warns about each one ("should not contain
 * aria-label attribute"). `data-*` attributes are on both allow-lists and stay.
 */
export function stripReaderAttributes(tree: Root): Root {
  visit(tree, 'element', (node: Element) => {
    for (const name of Object.keys(node.properties)) {
      if (/^aria[A-Z]/.test(name) || name === 'role') delete node.properties[name];
    }
  });
  return tree;
}
