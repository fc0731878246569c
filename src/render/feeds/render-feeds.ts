// Renders every feed of a build: per language (whole and per category) at the origin and at each mirror, with archive pages.
import { LOCALES, type Locale } from '../../model.js';
import { lastModified, type CompiledNotice } from '../../transform/compile-notice.js';
import { noticePath } from '../html/notice-page.js';
import type { RenderContext } from '../html/layout.js';
import { createHash } from 'node:crypto';
import type { KeyedOutput } from '../../write/write-site.js';
import { FEED_FORMATS, type FeedFormatName } from './feed-formats.js';
import type { FeedDocument, FeedItem, FeedSource, FeedTarget } from './feed-model.js';
import { listFeedTargets } from './list-feed-targets.js';
import { collectFeedItems, type ItemMakers } from './collect-feed-items.js';
import { planFeedDocuments } from './plan-feed-documents.js';
import { renderAtom } from './render-atom.js';
import { renderRss } from './render-rss.js';
import { renderJsonFeed } from './render-json-feed.js';

export interface RenderFeedsOptions extends ItemMakers {
  /** Bytes of each PDF in the build by output path (`ko/<id>/<id>.ko.pdf`); default none: no enclosures. */
  pdfSizes?: ReadonlyMap<string, number>;
  /** Names everything but the notices a feed depends on (config, locales, code). Default `''`. */
  contextKey?: string;
}

const RENDERERS: Record<FeedFormatName, (document: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/**
 * Every feed document of the site, each with a key naming what it is made from; it is rendered only
 * when `make` is called. `notices` must be sorted newest first, as the build sorts them.
 */
export function* renderFeeds(notices: readonly CompiledNotice[], ctx: RenderContext, options: RenderFeedsOptions = {}): Generator<KeyedOutput> {
  const pdfSizes = options.pdfSizes ?? new Map<string, number>();
  // An empty feed still needs an `updated`: the newest change anywhere on the site, else the epoch.
  const siteUpdated = notices.flatMap((n) => Object.values(n.versions).map((v) => lastModified(v.meta).ms))
    .reduce((newest, ms) => Math.max(newest, ms), 0);
  const origins = new Map<string, FeedSource>();
  const byCategory = new Map<string, CompiledNotice[]>();
  for (const notice of notices) {
    for (const category of new Set(Object.values(notice.versions).map((v) => v.meta.category))) {
      const list = byCategory.get(category) ?? [];
      list.push(notice);
      byCategory.set(category, list);
    }
  }
  // Items are ordered as `notices` are; an item's id is its notice's origin page.
  const rank = new Map(notices.flatMap((n, i) => LOCALES.map((l) => [ctx.config.site.url + noticePath(n.id, l), i] as const)));
  const plan = (target: FeedTarget, locale: Locale, items: FeedItem[]): FeedDocument[] => {
    const set = `${locale}\0${target.category ?? ''}`;
    const source = target.mirror === undefined ? undefined : origins.get(set);
    const documents = planFeedDocuments({ target, locale, items, ctx, fallbackUpdated: siteUpdated, ...(source ? { source } : {}) });
    if (target.mirror === undefined) origins.set(set, sourceOf(documents[0]!));
    return documents;
  };
  // The origin comes first (listFeedTargets' order): mirror items name its feeds as their source.
  for (const [whole, ...categories] of groupTargets(listFeedTargets(ctx.config))) {
    const documents: FeedDocument[] = [];
    for (const locale of whole!.locales) {
      // Each notice's item is made once, in its category's set: the whole set is their union (plus
      // any notice of a category without feeds), so a site of many categories costs no more passes.
      const perCategory = categories.map((target) => collectFeedItems(byCategory.get(target.category!) ?? [], locale, target, ctx, pdfSizes, options));
      const covered = new Set(categories.map((target) => target.category));
      const rest = notices.filter((n) => n.versions[locale] && !covered.has(n.versions[locale]!.meta.category));
      const items = [...perCategory.flat(), ...collectFeedItems(rest, locale, whole!, ctx, pdfSizes, options)]
        .sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
      documents.push(...plan(whole!, locale, items));
      for (const [i, target] of categories.entries()) documents.push(...plan(target, locale, perCategory[i]!));
    }
    // Made from the newest notices to the oldest, whatever set and language a document belongs to:
    // the documents that show a notice are then made close together, while its item (both
    // languages, one entry of the item cache) is in memory. Set by set, each entry was read from
    // disk a dozen times in a cold build.
    const oldest = (document: FeedDocument) => document.items.reduce((max, item) => Math.max(max, rank.get(item.id)!), -1);
    const order = documents.map((document, i) => ({ document, i, oldest: oldest(document) }))
      .sort((a, b) => a.oldest - b.oldest || a.i - b.i);
    for (const { document } of order) {
      const key = documentKey(document, options.contextKey ?? '');
      for (const format of FEED_FORMATS) {
        const path = document.paths[format.name];
        // Rendered one at a time, when written: no document's text is held beyond that.
        if (path !== undefined) yield { path, key, make: () => ({ data: RENDERERS[format.name](document) }) };
      }
    }
  }
}

/** Each place's whole set followed by its category sets, as listFeedTargets lists them. */
function groupTargets(targets: readonly FeedTarget[]): FeedTarget[][] {
  const groups: FeedTarget[][] = [];
  for (const target of targets) {
    if (target.category === undefined) groups.push([target]);
    else groups.at(-1)!.push(target);
  }
  return groups;
}

function sourceOf(subscription: FeedDocument): FeedSource {
  const self = (format: FeedFormatName) => subscription.links[format]?.find((l) => l.rel === 'self')?.href;
  return {
    id: subscription.id,
    title: subscription.title,
    self: { ...(self('rss') ? { rss: self('rss')! } : {}), ...(self('atom') ? { atom: self('atom')! } : {}) },
  };
}

/** A document is its frame (links, times, titles) and its items; an item is its notice and enclosure. */
function documentKey(document: FeedDocument, contextKey: string): string {
  const { items, ...frame } = document;
  const hash = createHash('sha256').update(contextKey).update('\0').update(JSON.stringify(frame));
  for (const item of items) {
    // Without a key (a caller that keeps no cache) the item's content itself is what it is made from.
    hash.update('\0').update(item.key ?? item.contentHtml).update(`\0${item.enclosure?.length ?? ''}`);
  }
  return hash.digest('hex');
}
