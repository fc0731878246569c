// A plain-text excerpt of item HTML, for RSS items whose notice has no subtitle to summarise it.
import type { Nodes, Root } from 'hast';

/** Text that only screen readers get on pages (link hints, footnote headings) stays out of excerpts. */
const HIDDEN = new Set(['visually-hidden', 'sr-only']);

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    const classes = node.properties.className;
    if (Array.isArray(classes) && classes.some((c) => HIDDEN.has(String(c)))) return '';
  }
  if (node.type === 'element' || node.type === 'root') return node.children.map(textOf).join('');
  return '';
}

/** The paragraphs of `tree` from the top, as one line of at most `maxLength` characters. */
export function excerptText(tree: Root, maxLength: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  const walk = (node: Nodes) => {
    if (length >= maxLength) return;
    if (node.type === 'element' && node.tagName === 'p') {
      const text = textOf(node).replace(/\s+/g, ' ').trim();
      if (text) {
        paragraphs.push(text);
        length += text.length + 1;
      }
      return;
    }
    if (node.type === 'element' || node.type === 'root') node.children.forEach(walk);
  };
  walk(tree);
  const text = paragraphs.join(' ');
  if (text.length <= maxLength) return text;
  // Cut at a space where there is one near the end, so no word is split.
  const cut = text.lastIndexOf(' ', maxLength - 1);
  return `${text.slice(0, cut > maxLength * 0.6 ? cut : maxLength - 1)}…`;
}
