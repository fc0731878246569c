// Turns GFM's `align` attributes on table cells into classes: `align` is obsolete in HTML.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeTableAlign() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        const align = node.properties.align;
        delete node.properties.align;
        if (['left', 'center', 'right'].includes(align)) node.properties.className = [`align-${align}`];
      }
    });
  };
}
