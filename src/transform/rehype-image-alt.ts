// Images without a source are dropped; images without a description get an empty one (decorative),
// so that every page stays valid HTML whatever an author pasted.
import type { Root } from 'hast';
import { eachElement } from './each-element.js';

export function rehypeImageAlt() {
  return (tree: Root) => {
    eachElement(tree, (node, index, parent) => {
      if (node.tagName !== 'img') return undefined;
      if (typeof node.properties.src !== 'string' || node.properties.src.trim() === '') {
        parent.children.splice(index, 1);
        return index;
      }
      if (typeof node.properties.alt !== 'string') node.properties.alt = '';
      return undefined;
    });
  };
}
