// Renders one feed document as Atom 1.0 with the `feed` package, then mends what it gets wrong.
import { Feed } from 'feed';
import { FEED_HISTORY_NS } from './feed-formats.js';
import type { FeedDocument, FeedItem, FeedSource } from './feed-model.js';
import { createXmlSlots, escapeXmlText } from './xml-slots.js';
import { patchXml } from './patch-xml.js';
import { renderFeedLinks } from './render-feed-links.js';
import { feedOptions } from './feed-options.js';
import { appendToItem, childIndent, cutItem, spliceItems } from './xml-items.js';

/** Stands for the document's entries while `feed` writes its frame; the real ones are spliced in its place. */
const STAND_IN_ENTRY = { title: '', link: 'https://gongbo.invalid/', date: new Date(0) };

export function renderAtom(document: FeedDocument): string {
  const links = document.links.atom;
  if (!links?.[0] || links[0].rel !== 'self') throw new TypeError('Expected an Atom document with a self link first');
  const slots = createXmlSlots();
  const feed = new Feed({
    ...feedOptions(document, links[0].href, slots),
    author: { name: slots.put(document.publisher.name), link: document.publisher.url },
  });
  if (document.items.length > 0) feed.addItem(STAND_IN_ENTRY);
  let xml = feed.atom1();
  // `feed` writes no xml:lang for Atom (jpmonette/feed#196); RFC 5005 archives need their namespace.
  xml = patchXml(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/g,
    `<feed xmlns="http://www.w3.org/2005/Atom"${document.archive ? ` xmlns:fh="${FEED_HISTORY_NS}"` : ''} xml:lang="${document.locale}">`,
    1, 'add xml:lang to the Atom feed');
  // `feed` writes one alternate, one self and one hub link; a feed here has several of each kind.
  xml = patchXml(xml, /^( *)<link rel="self" href="[^"]*"\/>$/gm,
    (_match, indent) => renderFeedLinks(links, 'link', indent!) + (document.archive ? `\n${indent}<fh:archive/>` : ''),
    1, 'write the Atom feed links');
  if (document.items.length === 0) return `${slots.fill(xml)}\n`;
  const { span } = cutItem(xml, 'atom');
  const entries = document.items.map((item) => withSource(item.xml?.('atom') ?? renderAtomItem(item), item, document.source));
  return `${spliceItems({ before: slots.fill(span.before), after: slots.fill(span.after) }, entries)}\n`;
}

/** One item's `<entry>` element, indented for its place in a document, without the mirror's `<source>`. */
export function renderAtomItem(item: FeedItem): string {
  const slots = createXmlSlots();
  const feed = new Feed({ id: '', title: '', copyright: '', updated: new Date(0) });
  feed.addItem({
    title: slots.put(item.title),
    id: item.id,
    link: item.url,
    date: new Date(item.updated),
    published: new Date(item.published),
    ...(item.summary ? { description: slots.put(item.summary) } : {}),
    content: slots.put(item.contentHtml),
    author: [{ name: slots.put(item.author) }],
    category: item.categories.map((c) => ({ term: slots.put(c.term), name: slots.put(c.label) })),
    copyright: slots.put(item.rights),
    ...(item.enclosure ? { enclosure: { url: item.enclosure.url, length: item.enclosure.length, type: item.enclosure.type } } : {}),
  });
  let xml = cutItem(feed.atom1(), 'atom').item;
  // Titles and summaries are plain text; `feed` declares them HTML, so `<` in a title would be markup.
  xml = patchXml(xml, /<(title|summary) type="html"><!\[CDATA\[(\uFDD0\d+\uFDD1)\]\]><\/\1>/g, '<$1 type="text">$2</$1>',
    item.summary ? 2 : 1, 'mark Atom entry titles as text');
  // `feed` ignores the enclosure's type and guesses `image/<extension>` (jpmonette/feed#224).
  xml = patchXml(xml, /(<link rel="enclosure" href="[^"]*") type="[^"]*"/g, '$1 type="application/pdf"',
    item.enclosure ? 1 : 0, 'set the Atom enclosure type');
  return slots.fill(xml);
}

/** `feed` has no atom:source; a mirror's entries name the origin feed they were copied from. */
function withSource(entry: string, item: FeedItem, source: FeedSource | undefined): string {
  if (!source) return entry;
  const inner = childIndent(entry);
  return appendToItem(entry, [
    `${inner}<source>`,
    `${inner}    <id>${escapeXmlText(source.id)}</id>`,
    `${inner}    <title>${escapeXmlText(source.title)}</title>`,
    `${inner}    <updated>${new Date(item.updated).toISOString()}</updated>`,
    ...(source.self.atom ? [renderFeedLinks([{ rel: 'self', href: source.self.atom, type: 'application/atom+xml' }], 'link', `${inner}    `)] : []),
    `${inner}</source>`,
  ].join('\n'));
}
