// Images without a source are dropped; images without a description get an empty one (decorative),
// so that every page stays valid HTML whatever an author pasted.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeImageAlt() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img' || !parent || index === undefined) return undefined;
      if (typeof node.properties.src !== 'string' || node.properties.src.trim() === '') {
        parent.children.splice(index, 1);
        return index;
      }
      if (typeof node.properties.alt !== 'string') node.properties.alt = '';
      return undefined;
    });
  };
}
