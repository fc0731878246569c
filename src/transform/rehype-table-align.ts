// Turns GFM's `align` attributes on table cells into classes: `align` is obsolete in HTML.
import type { Root } from 'hast';
import { eachElement } from './each-element.js';

export function rehypeTableAlign() {
  return (tree: Root) => {
    eachElement(tree, (node) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        const align = node.properties.align;
        delete node.properties.align;
        if (['left', 'center', 'right'].includes(align)) node.properties.className = [`align-${align}`];
      }
    });
  };
}
