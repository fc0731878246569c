// Removes from item HTML what only a page's assistive technology uses: ARIA, `role`, `tabindex`, screen-reader-only text.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Classes of text that pages show to screen readers only (link hints such as "(외부 링크)"). */
const SCREEN_READER_ONLY = new Set(['visually-hidden', 'sr-only']);

/**
 * Pages keep all of it (screen readers use it there), but readers sanitise feed HTML with an
 * allow-list that has none of these attributes, and the W3C feed validator warns about each one
 * ("should not contain aria-label attribute"). Readers drop the classes as well, so hidden text
 * would show as visible text in the middle of a sentence: it goes, with its element. `data-*`
 * attributes are on both allow-lists and stay.
 */
export function stripReaderAttributes(tree: Root): Root {
  visit(tree, 'element', (node: Element, index, parent) => {
    const classes = node.properties.className;
    if (parent && index !== undefined && Array.isArray(classes) && classes.some((c) => SCREEN_READER_ONLY.has(String(c)))) {
      parent.children.splice(index, 1);
      return index;
    }
    for (const name of Object.keys(node.properties)) {
      if (/^aria[A-Z]/.test(name) || name === 'role' || name === 'tabIndex') delete node.properties[name];
    }
    return undefined;
  });
  return tree;
}
