// The format-neutral feed data the renderers share: targets, items, and the documents they form.
import type { Locale, LicenseId, NoticeMeta } from '../../model.js';
import type { FeedFormatName } from './feed-formats.js';
import type { XmlFormatName } from './xml-items.js';

/** Where a set of feeds is served: the origin, or one mirror with the notices it takes. */
export interface FeedTarget {
  /** The mirror's name; `undefined` for the origin. */
  mirror?: string;
  /** Absolute URL the target serves `dist/`'s layout under, ending in `/`. */
  baseUrl: string;
  /** Folder of the target's feeds under `dist/`: `''`, or `mirrors/<name>/`. */
  outDir: string;
  locales: Locale[];
  /** The category whose feeds these are (`ko/<category>/rss.xml`); `undefined` for every category. */
  category?: string;
  /** Whether the target carries this language version of a notice. */
  takes(meta: NoticeMeta, locale: Locale): boolean;
}

export interface FeedCategory {
  /** Machine value: the category id, or the tag itself. */
  term: string;
  /** What a reader sees. */
  label: string;
}

/** The `_kogl` extension object of JSON Feed, and the facts RSS and Atom carry as text. */
export interface KoglFacts {
  /** Where the licence types are explained (JSON Feed asks extensions for an `about` URL). */
  about: string;
  license: LicenseId;
  url: string;
  type_name: string;
  publisher: string;
  /** The sentence (items) or short form (feeds) a republisher shows. */
  attribution: string;
  mark: string;
}

/** One language version of one notice, as every format needs it. Times are epoch milliseconds. */
export interface FeedItem {
  /** Stable id: the origin page URL, the same in every feed (mirrors included). */
  id: string;
  /** The page where this target's readers find the notice. */
  url: string;
  title: string;
  /** Subtitle lines as plain text. */
  summary?: string;
  /** Withdrawal note, body, change history and KOGL block, with absolute URLs. */
  contentHtml: string;
  /** Plain text of the first paragraphs, for RSS items without a summary. */
  excerpt: string;
  published: number;
  updated: number;
  author: string;
  categories: FeedCategory[];
  /** Licence statement: type, publisher and licence URL. */
  rights: string;
  kogl: KoglFacts;
  enclosure?: { url: string; length: number; type: 'application/pdf' };
  /** What the item is made from (its notice's key), so a document of unchanged items is not made again. */
  key?: string;
  /**
   * The item's element as the renderers write it (without a mirror's `<source>`), made once for all
   * the documents that carry it; `undefined` when it must be rendered here (see xml-items.ts).
   */
  xml?: (format: XmlFormatName) => string | undefined;
}

export interface FeedLink {
  rel: string;
  href: string;
  type?: string;
  hreflang?: Locale;
}

/**
 * The origin feed a mirror's items come from (`<source>` / `atom:source`). Its `updated` is each
 * entry's own: the origin feed's as it was when the entry last changed, so archive pages stay fixed.
 */
export interface FeedSource {
  id: string;
  title: string;
  self: Partial<Record<FeedFormatName, string>>;
}

/** One feed document (a subscription document or an archive page) in every format it exists in. */
export interface FeedDocument {
  locale: Locale;
  /** Stable feed id: the subscription document's Atom URL (archive pages share it, RFC 5005). */
  id: string;
  title: string;
  description: string;
  /** The listing page the feed mirrors. */
  homeUrl: string;
  /** Newest `updated` of the items; of the site when there are none. Never the clock. */
  updated: number;
  publisher: { name: string; url: string };
  rights: string;
  kogl: KoglFacts;
  hubs: string[];
  /** RFC 5005 archive document (`fh:archive`). */
  archive: boolean;
  items: FeedItem[];
  /** Output path under `dist/` per format this document exists in. */
  paths: Partial<Record<FeedFormatName, string>>;
  /** Feed-level links per format, self first. */
  links: Partial<Record<FeedFormatName, FeedLink[]>>;
  source?: FeedSource;
}
