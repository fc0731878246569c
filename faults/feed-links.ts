// Reads the entry links and enclosures out of RSS, Atom and JSON feeds, without the code that wrote them.

/** The feed documents gongbo writes, by file name. */
export function isFeedFile(file: string): boolean {
  return /(?:^|\/)(?:rss\.xml|atom\.xml|feed\.json)$/.test(file);
}

/**
 * The URLs that items of `text` point at (RSS `<link>` and `<enclosure url>`, Atom `<link href>`,
 * JSON Feed `url` and attachments), or `undefined` when the document cannot be read at all.
 */
export function feedItemLinks(file: string, text: string): string[] | undefined {
  if (file.endsWith('.json')) {
    let feed: { items?: { url?: unknown; attachments?: { url?: unknown }[] }[] };
    try {
      feed = JSON.parse(text) as typeof feed;
    } catch {
      return undefined;
    }
    if (!Array.isArray(feed.items)) return undefined;
    return feed.items.flatMap((item) => [item.url, ...(item.attachments ?? []).map((a) => a.url)])
      .filter((u): u is string => typeof u === 'string');
  }
  // A feed cut short has no closing root element: that is unreadable, not "no items".
  if (!/<\/(?:rss|feed)>\s*$/.test(text)) return undefined;
  const links: string[] = [];
  for (const block of text.match(/<(item|entry)\b[\s\S]*?<\/\1>/g) ?? []) {
    links.push(...[...block.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!));
    links.push(...[...block.matchAll(/<(?:link|enclosure)\b[^>]*?\b(?:href|url)="([^"]+)"/g)].map((m) => m[1]!));
  }
  return links.map((l) => l.trim().replace(/&amp;/g, '&'));
}

/**
 * The file a link under `base` names, relative to the folder served at `base` (`…/` → `…/index.html`),
 * or `undefined` for a link elsewhere.
 */
export function linkTarget(link: string, base: string): string | undefined {
  if (!link.startsWith(base)) return undefined;
  let target = decodeURIComponent(link.slice(base.length).replace(/[?#].*$/, ''));
  if (target === '' || target.endsWith('/')) target += 'index.html';
  return target;
}
