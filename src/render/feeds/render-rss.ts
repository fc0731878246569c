// Renders one feed document as RSS 2.0 with the `feed` package, then mends what it gets wrong.
import { Feed, type Extension } from 'feed';
import { FEED_HISTORY_NS } from './feed-formats.js';
import type { FeedDocument } from './feed-model.js';
import { createXmlSlots } from './xml-slots.js';
import { patchXml } from './patch-xml.js';
import { renderFeedLinks } from './render-feed-links.js';
import { feedOptions } from './feed-options.js';

/** RSS descriptions are HTML by convention: the summary is text, so it is escaped as HTML first. */
function textAsHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderRss(document: FeedDocument): string {
  const links = document.links.rss;
  if (!links?.[0] || links[0].rel !== 'self') throw new TypeError('Expected an RSS document with a self link first');
  const slots = createXmlSlots();
  const feed = new Feed({ ...feedOptions(document, links[0].href, slots), link: document.homeUrl, language: document.locale });
  const { source } = document;
  for (const item of document.items) {
    const extensions: Extension[] = [
      // RSS <author> must be an e-mail address; a department is a name, which is what dc:creator holds.
      { name: 'dc:creator', objects: { _text: slots.put(item.author) } },
    ];
    if (source?.self.rss) {
      extensions.push({ name: 'source', objects: { _attributes: { url: slots.put(source.self.rss) }, _text: slots.put(source.title) } });
    }
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
  }
  let xml = feed.rss2();
  if (document.archive) {
    xml = patchXml(xml, /^<rss version="2\.0"/gm, `<rss version="2.0" xmlns:fh="${FEED_HISTORY_NS}"`, 1, 'declare the RFC 5005 namespace');
  }
  // `feed` writes one self and one hub atom:link; a feed here has alternates, hubs and archive links too.
  xml = patchXml(xml, /^( *)<atom:link href="[^"]*" rel="self" type="application\/rss\+xml"\/>$/gm,
    (_match, indent) => renderFeedLinks(links, 'atom:link', indent!) + (document.archive ? `\n${indent}<fh:archive/>` : ''),
    1, 'write the RSS atom:link elements');
  // The guid is the origin page URL, a permalink even in mirror feeds, but `feed` marks every given
  // guid as not one (jpmonette/feed#191).
  xml = patchXml(xml, /<guid isPermaLink="false">/g, '<guid isPermaLink="true">', document.items.length, 'mark guids as permalinks');
  return `${slots.fill(xml)}\n`;
}
