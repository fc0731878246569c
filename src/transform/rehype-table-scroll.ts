// Wraps each table in a scroll box keyboard users can reach, and gives header cells their scope.
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { eachElement, SKIP } from './each-element.js';
import type { Translate } from '../i18n/create-i18n.js';

/**
 * At narrow widths a wide table scrolls sideways inside its box. A box that scrolls must take focus
 * (`tabindex="0"`) or keyboard users cannot scroll it (axe `scrollable-region-focusable`), and a
 * focusable box needs a role and a name to be announced: a region named by the table's caption, or
 * "표 n" / "Table n" (numbered, so each region's name is unique on the page). The table inside keeps
 * its own semantics. The box is `div.table-scroll`; assets/style.css makes it scroll.
 *
 * Header cells get `scope` (`col` in a header row, `row` elsewhere) unless the author gave a valid
 * one: what each header heads is then written down, not left to each screen reader's guess.
 */
export function rehypeTableScroll(options: { t: Translate }) {
  return (tree: Root) => {
    let count = 0;
    eachElement(tree, (node, index, parent) => {
      if (node.tagName !== 'table') return undefined;
      count += 1;
      scopeHeaders(node);
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
      const name = (caption ? toString(caption).replace(/\s+/g, ' ').trim() : '') || options.t('table.label', { n: count });
      const box: Element = {
        type: 'element',
        tagName: 'div',
        properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: name },
        children: [node],
      };
      (parent.children as ElementContent[])[index] = box;
      return undefined;
    });
  };
}

const SCOPES = new Set(['col', 'row', 'colgroup', 'rowgroup']);

/**
 * A header row is one in `<thead>`, the table's first row (its corner cell is often an empty `<td>`),
 * or a row of header cells only; any other header cell heads its row. This is what browsers infer.
 */
function scopeHeaders(table: Element): void {
  let first = true;
  eachElement(table, (row, _index, parent) => {
    if (row.tagName === 'table') return SKIP;
    if (row.tagName !== 'tr') return undefined;
    const cells = row.children.filter((c): c is Element => c.type === 'element' && (c.tagName === 'th' || c.tagName === 'td'));
    const headerRow = first || (parent?.type === 'element' && parent.tagName === 'thead') || cells.every((c) => c.tagName === 'th');
    first = false;
    for (const cell of cells) {
      if (cell.tagName !== 'th' || SCOPES.has(String(cell.properties.scope))) continue;
      cell.properties.scope = headerRow ? 'col' : 'row';
    }
    return SKIP;
  });
}
