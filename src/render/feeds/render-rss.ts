// Renders one feed document as RSS 2.0 with the `feed` package, then mends what it gets wrong.
import { Feed, type Extension } from 'feed';
import { FEED_HISTORY_NS } from './feed-formats.js';
import type { FeedDocument, FeedItem, FeedSource } from './feed-model.js';
import { createXmlSlots, escapeXmlAttribute, escapeXmlText } from './xml-slots.js';
import { patchXml } from './patch-xml.js';
import { renderFeedLinks } from './render-feed-links.js';
import { feedOptions } from './feed-options.js';
import { appendToItem, childIndent, cutItem, spliceItems } from './xml-items.js';
import { cleanText } from './clean-text.js';

/** RSS descriptions are HTML by convention: the summary is text, so it is escaped as HTML first. */
function textAsHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Stands for the document's items while `feed` writes its frame: with one item `feed` declares the
 * namespaces items use (`content`, `dc`); the real items are spliced in its place (see xml-items.ts).
 */
const STAND_IN_ITEM = { title: '', link: 'https://gongbo.invalid/', date: new Date(0), content: '-' };

export function renderRss(document: FeedDocument): string {
  const links = document.links.rss;
  if (!links?.[0] || links[0].rel !== 'self') throw new TypeError('Expected an RSS document with a self link first');
  const slots = createXmlSlots();
  const feed = new Feed({ ...feedOptions(document, links[0].href, slots), link: document.homeUrl, language: document.locale });
  if (document.items.length > 0) feed.addItem(STAND_IN_ITEM);
  let xml = feed.rss2();
  if (document.archive) {
    xml = patchXml(xml, /^<rss version="2\.0"/gm, `<rss version="2.0" xmlns:fh="${FEED_HISTORY_NS}"`, 1, 'declare the RFC 5005 namespace');
  }
  // `feed` writes one self and one hub atom:link; a feed here has alternates, hubs and archive links too.
  xml = patchXml(xml, /^( *)<atom:link href="[^"]*" rel="self" type="application\/rss\+xml"\/>$/gm,
    (_match, indent) => renderFeedLinks(links, 'atom:link', indent!) + (document.archive ? `\n${indent}<fh:archive/>` : ''),
    1, 'write the RSS atom:link elements');
  if (document.items.length === 0) return `${slots.fill(xml)}\n`;
  const { span } = cutItem(xml, 'rss');
  const items = document.items.map((item) => withSource(item.xml?.('rss') ?? renderRssItem(item), document.source));
  return `${spliceItems({ before: slots.fill(span.before), after: slots.fill(span.after) }, items)}\n`;
}

/** One item's `<item>` element, indented for its place in a document, without the mirror's `<source>`. */
export function renderRssItem(item: FeedItem): string {
  const slots = createXmlSlots();
  const feed = new Feed({ id: '', title: '', copyright: '', updated: new Date(0) });
  const extensions: Extension[] = [
    // RSS <author> must be an e-mail address; a department is a name, which is what dc:creator holds.
    { name: 'dc:creator', objects: { _text: slots.put(item.author) } },
  ];
  feed.addItem({
    title: slots.put(item.title),
    link: item.url,
    guid: item.id,
    date: new Date(item.updated),
    published: new Date(item.published),
    // The RSS profile wants a description before content:encoded; without a subtitle, the opening text.
    description: slots.put(textAsHtml(item.summary ?? item.excerpt)),
    content: slots.put(item.contentHtml),
    category: item.categories.map((c) => ({ name: slots.put(c.label) })),
    ...(item.enclosure ? { enclosure: { url: item.enclosure.url, length: item.enclosure.length, type: item.enclosure.type } } : {}),
    extensions,
  });
  // The guid is the origin page URL, a permalink even in mirror feeds, but `feed` marks every given
  // guid as not one (jpmonette/feed#191).
  const xml = patchXml(cutItem(feed.rss2(), 'rss').item, /<guid isPermaLink="false">/g, '<guid isPermaLink="true">', 1, 'mark guids as permalinks');
  return slots.fill(xml);
}

/** A mirror's item names the origin feed it was copied from, last, as `feed` writes an extension. */
function withSource(item: string, source: FeedSource | undefined): string {
  if (!source?.self.rss) return item;
  return appendToItem(item, `${childIndent(item)}<source url="${escapeXmlAttribute(cleanText(source.self.rss))}">${escapeXmlText(cleanText(source.title))}</source>`);
}
