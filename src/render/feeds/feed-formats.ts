// The feed formats gongbo writes, as data: adding a format is one entry here plus its renderer.

export type FeedFormatName = 'rss' | 'atom' | 'json';

export interface FeedFormat {
  name: FeedFormatName;
  /** File name in a language folder, e.g. `rss.xml`. */
  file: string;
  /** Media type of the file, for `<link>` elements and feed alternates. */
  type: string;
  /** Locale key of the link text readers see (`feed.rss`…). */
  labelKey: string;
  /** Whether the format has RFC 5005 archive documents (JSON Feed has no standard for them). */
  archived: boolean;
}

/** In the order pages advertise them. */
export const FEED_FORMATS: readonly FeedFormat[] = [
  { name: 'rss', file: 'rss.xml', type: 'application/rss+xml', labelKey: 'feed.rss', archived: true },
  { name: 'atom', file: 'atom.xml', type: 'application/atom+xml', labelKey: 'feed.atom', archived: true },
  { name: 'json', file: 'feed.json', type: 'application/feed+json', labelKey: 'feed.json', archived: false },
];

/** Items in a subscription document, and in each archive document. */
export const FEED_PAGE_SIZE = 50;

/** The RFC 5005 namespace of `fh:archive`. */
export const FEED_HISTORY_NS = 'http://purl.org/syndication/history/1.0';
