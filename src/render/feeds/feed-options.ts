// The channel fields every XML format gives the `feed` package, filled from one feed document.
import type { FeedOptions } from 'feed';
import type { FeedDocument } from './feed-model.js';
import type { XmlSlots } from './xml-slots.js';

/** Text goes through `slots`, so that `feed`'s own escaping never sees it (see xml-slots.ts). */
export function feedOptions(document: FeedDocument, selfHref: string, slots: XmlSlots): FeedOptions {
  return {
    id: document.id,
    title: slots.put(document.title),
    description: slots.put(document.description),
    // Given, or `feed` writes the clock (jpmonette/feed#14 added the option, the default stayed).
    updated: new Date(document.updated),
    generator: 'gongbo',
    feed: selfHref,
    copyright: slots.put(document.rights),
  };
}
