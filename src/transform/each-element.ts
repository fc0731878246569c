// Walks the elements of an HTML tree with a plain loop: the passes every notice's body goes through.
import type { Element, Nodes, Parents } from 'hast';

/** Returned by a visitor: do not walk into this element's children. */
export const SKIP = Symbol('skip');

/**
 * What a visitor returns: nothing (walk into the element, then on to its next sibling), SKIP, or
 * the index in `parent` to go on from, when it removed or replaced the element (its children are
 * then not walked).
 */
export type Visitor = (node: Element, index: number, parent: Parents) => void | typeof SKIP | number;

/**
 * Calls `visit` for every element under `tree`, in document order. unist-util-visit does the same
 * with a closure per node, each renamed for stack traces (`Object.defineProperty`) and given a copy
 * of its ancestors: on a release's body that costs more than the work of our passes.
 * Children are read from the element `visit` saw, so an element it wrapped is walked into as well.
 */
export function eachElement(tree: Nodes, visit: Visitor): void {
  if (!('children' in tree)) return;
  const parent = tree as Parents;
  const children = parent.children;
  for (let index = 0; index < children.length;) {
    const node = children[index]!;
    if (node.type !== 'element') {
      index++;
      continue;
    }
    const result = visit(node, index, parent);
    if (typeof result === 'number') {
      index = result;
      continue;
    }
    if (result !== SKIP) eachElement(node, visit);
    index++;
  }
}
