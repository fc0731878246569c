// What a notice's social card shows, and where it is: shared by the card itself and the page that points to it.
import type { Locale, NoticeMeta } from '../../model.js';
import type { RenderContext } from '../html/layout.js';
import { formatDate } from '../format.js';
import { noticeTitle } from '../html/notice-parts.js';

/** The size of every card: Open Graph's and X's large image (1.91:1), one CSS pixel per pixel. */
export const CARD_SIZE = { width: 1200, height: 630 } as const;

/**
 * `<id>.<lang>.card.png`, next to the page, named like the PDF: a notice's own files are published
 * in the same folder, and an author's `card.png` must not collide with gongbo's.
 */
export function cardFileName(id: string, locale: Locale): string {
  return `${id}.${locale}.card.png`;
}

export interface CardFacts {
  publisher: string;
  category: string;
  /** The headline, marked when withdrawn (like `<title>`: a card is met outside the page). */
  title: string;
  department: string;
  date: string;
  /** The card as one sentence, for `og:image:alt`. */
  alt: string;
}

export function cardFacts(meta: NoticeMeta, locale: Locale, ctx: RenderContext): CardFacts {
  const tr = ctx.t[locale];
  const facts = {
    publisher: ctx.config.site.publisher[locale],
    category: tr(`category.${meta.category}`, { defaultValue: meta.category }),
    title: noticeTitle(meta, tr),
    department: meta.department,
    date: formatDate(meta.date, ctx.config.site.timeZone, tr),
  };
  return { ...facts, alt: tr('card.alt', facts) };
}
