// The HTML content of one feed item: withdrawal note, body, change history and KOGL attribution.
import { toHtml } from 'hast-util-to-html';
import type { ElementContent } from 'hast';
import type { Locale } from '../../model.js';
import type { CompiledNotice } from '../../transform/compile-notice.js';
import type { RenderContext } from '../html/layout.js';
import { renderKoglBlock } from '../html/kogl-block.js';
import { renderChangeList, renderWithdrawnBanner } from '../html/notice-parts.js';
import { attributionFor } from '../../kogl.js';
import { readerCopy } from './reader-copy.js';
import { excerptText } from './excerpt-text.js';
import { cleanText } from './clean-text.js';

export interface ItemContentOptions {
  /** Absolute URL of the notice page this item links to (origin or mirror). */
  pageUrl: string;
  /** Absolute URL of the target's `dist/` root, for the KOGL mark. */
  baseUrl: string;
}

export interface ItemContent {
  html: string;
  /** Plain text of the first paragraphs (withdrawal note first), for readers that show no HTML. */
  excerpt: string;
}

const EXCERPT_LENGTH = 200;

/**
 * A partner may republish one item on its own, so the item carries everything a reader needs:
 * why it was withdrawn (first, so nobody reads the body as current), and the attribution (last,
 * as on the page), with every URL absolute.
 */
export function renderItemContent(notice: CompiledNotice, locale: Locale, ctx: RenderContext, options: ItemContentOptions): ItemContent {
  const tr = ctx.t[locale];
  const { timeZone } = ctx.config.site;
  const version = notice.versions[locale]!;
  const { meta } = version;
  const children: ElementContent[] = [];
  if (meta.withdrawn) children.push(renderWithdrawnBanner(meta.withdrawn, timeZone, tr));
  // One by one: spreading a body of 120,000 paragraphs into push() overflows the stack.
  for (const child of version.body.children as ElementContent[]) children.push(child);
  if (meta.changes.length > 0) children.push(renderChangeList(meta.changes, timeZone, tr));
  const excerpt = cleanText(excerptText({ type: 'root', children }, EXCERPT_LENGTH));
  const attribution = attributionFor(meta.license, locale, tr, ctx.config.site.publisher[locale], meta.title);
  children.push(renderKoglBlock(attribution, options.baseUrl, tr('kogl.heading')));
  // A copy: the same body also renders the page, whose URLs stay relative.
  return { html: cleanText(toHtml({ type: 'root', children: readerCopy(children, options.pageUrl) })), excerpt };
}
