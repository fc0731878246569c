// Cuts items out of the `feed` package's XML and puts made ones back: an item is rendered once, not once per document.
import type { FeedFormatName } from './feed-formats.js';

/** The XML formats whose items are kept as text (JSON Feed documents are built whole, see render-json-feed.ts). */
export type XmlFormatName = Exclude<FeedFormatName, 'json'>;

/**
 * An archive's notice appears in about a dozen documents (whole and category feeds, RSS and Atom,
 * origin and mirrors, archive pages overlapping the subscription document), and rendering its item
 * through `feed` and escaping its content was most of a feed build. So each item's XML is made once
 * and spliced into every document that carries it: `feed` (through xml-js) writes an element at the
 * same indentation, with the same bytes, whatever its siblings, so a document put together from its
 * frame and its items' texts is the document `feed` would write with all of them.
 */
export interface XmlSpan {
  /** Everything before the line of the item's opening tag (without the line break that ends it). */
  before: string;
  /** Everything after the item's closing tag. */
  after: string;
}

const TAGS: Record<XmlFormatName, string> = { rss: 'item', atom: 'entry' };
/** The line an item opens on, by format (made once: every item and every document is cut). */
const OPENING: Record<XmlFormatName, RegExp> = { rss: /\n *<item>\n/, atom: /\n *<entry>\n/ };

/**
 * Where the single item of a document made by `feed` sits. `xml` must still hold placeholders (see
 * xml-slots.ts), so no text of the item can look like a tag.
 */
export function cutItem(xml: string, format: XmlFormatName): { span: XmlSpan; item: string } {
  const tag = TAGS[format];
  const open = xml.search(OPENING[format]);
  const closing = `</${tag}>`;
  const close = xml.indexOf(closing, open);
  if (open < 0 || close < 0 || xml.indexOf(`<${tag}>`, close) >= 0) {
    throw new Error(`Expected one <${tag}> in the \`feed\` package's output; its output format has changed`);
  }
  const end = close + closing.length;
  return { span: { before: xml.slice(0, open), after: xml.slice(end) }, item: xml.slice(open + 1, end) };
}

/** The document of `span`'s frame with `items` (each an item's lines, indented) in order. */
export function spliceItems(span: XmlSpan, items: readonly string[]): string {
  let xml = span.before;
  for (const item of items) xml += `\n${item}`;
  return xml + span.after;
}

/** `item` with `lines` (indented like its children) added as its last children. */
export function appendToItem(item: string, lines: string): string {
  const last = item.lastIndexOf('\n');
  return `${item.slice(0, last)}\n${lines}${item.slice(last)}`;
}

/** The indentation of an item's children: one level (four spaces, as `feed` writes) below its tag. */
export function childIndent(item: string): string {
  return `${/^ */.exec(item)![0]}    `;
}
