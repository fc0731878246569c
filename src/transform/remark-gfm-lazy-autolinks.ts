// Skips GFM's search for bare URLs and e-mail addresses in a text that has none to find.
import type { Nodes, Root } from 'mdast';
import type { Processor } from 'unified';

type Transform = (tree: Root) => Root | undefined | void;
interface FromMarkdownExtension {
  transforms?: Transform[];
}

/** Where the search can match: `http://`, `https://`, `www.` (any case), or an `@`. */
const MAY_LINK = /https?:\/\/|www\.|@/i;

/**
 * Whether a text node outside a link holds what MAY_LINK finds. GFM's search walks the whole tree
 * twice with unist-util-visit-parents (a closure per node), once per pattern, and skips links
 * the same way: when nothing can match, it changes nothing, and is left out.
 */
function mayLink(node: Nodes): boolean {
  if (node.type === 'text') return MAY_LINK.test(node.value);
  if (node.type === 'link' || node.type === 'linkReference' || !('children' in node)) return false;
  return node.children.some((child) => mayLink(child));
}

/**
 * Use after remark-gfm: its autolink-literal transform (found by name; if a version renames it,
 * nothing changes and it runs as before) runs only on trees where it can find something.
 */
export function remarkGfmLazyAutolinks(this: Processor) {
  const extensions = (this.data('fromMarkdownExtensions') ?? []) as unknown[];
  for (const extension of extensions.flat(Infinity) as FromMarkdownExtension[]) {
    if (!extension.transforms) continue;
    extension.transforms = extension.transforms.map((transform) => (transform.name === 'transformGfmAutolinkLiterals'
      ? (tree: Root) => (mayLink(tree) ? transform(tree) : undefined)
      : transform));
  }
}
