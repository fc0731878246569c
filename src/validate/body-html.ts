// A body's HTML as a browser reads it (its raw HTML parsed), for the checks that look at elements.
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import type { Nodes, Root } from 'mdast';
import type { Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';

const toHtml = unified().use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);

/** Made once per tree: the link check and the dropped-HTML check both read it, and parsing HTML is costly. */
const made = new WeakMap<Root, HastRoot>();

export function bodyHtml(tree: Root, file: VFile): HastRoot {
  let html = made.get(tree);
  if (!html) made.set(tree, (html = toHtml.runSync(tree as never, file) as HastRoot));
  return html;
}

/** Whether the text holds raw HTML (Markdown's own elements carry no more than the Markdown tree says). */
export function hasRawHtml(node: Nodes): boolean {
  if (node.type === 'html') return true;
  return 'children' in node && node.children.some((child) => hasRawHtml(child));
}
