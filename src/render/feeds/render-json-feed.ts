// Renders one feed document as JSON Feed 1.1, written here rather than by the `feed` package.
import type { FeedDocument } from './feed-model.js';

/**
 * `feed`'s json1() writes JSON Feed 1.0: a single `author`, no `language`, no `hubs`
 * (jpmonette/feed#246, open), so the document is built here; it is plain JSON, no escaping traps.
 */
export function renderJsonFeed(document: FeedDocument): string {
  const self = document.links.json?.find((l) => l.rel === 'self');
  if (!self) throw new TypeError('Expected a JSON Feed document with a self link');
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: document.title,
    home_page_url: document.homeUrl,
    feed_url: self.href,
    description: document.description,
    language: document.locale,
    authors: [{ name: document.publisher.name, url: document.publisher.url }],
    ...(document.hubs.length > 0 ? { hubs: document.hubs.map((url) => ({ type: 'WebSub', url })) } : {}),
    _kogl: document.kogl,
    items: document.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      ...(item.summary ? { summary: item.summary } : {}),
      content_html: item.contentHtml,
      date_published: rfc3339(item.published),
      date_modified: rfc3339(item.updated),
      authors: [{ name: item.author }],
      tags: item.categories.map((c) => c.label),
      language: document.locale,
      ...(item.enclosure ? { attachments: [{ url: item.enclosure.url, mime_type: item.enclosure.type, size_in_bytes: item.enclosure.length }] } : {}),
      _kogl: item.kogl,
    })),
  };
  // `<`, `>` and `&` as \u escapes: the same JSON, and safe should a partner inline it into a page.
  return `${JSON.stringify(feed, null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
