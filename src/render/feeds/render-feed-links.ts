// Writes feed-level `<link>` elements (self, alternates, hubs, archive links) as escaped XML lines.
import type { FeedLink } from './feed-model.js';
import { escapeXmlAttribute } from './xml-slots.js';

/** One line per link, each indented by `indent`; `element` is `link` (Atom) or `atom:link` (RSS). */
export function renderFeedLinks(links: readonly FeedLink[], element: 'link' | 'atom:link', indent: string): string {
  return links.map((link) => {
    const attributes = [
      ['rel', link.rel], ['href', link.href], ['type', link.type], ['hreflang', link.hreflang],
    ].filter((pair): pair is [string, string] => pair[1] !== undefined)
      .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`).join('');
    return `${indent}<${element}${attributes}/>`;
  }).join('\n');
}
