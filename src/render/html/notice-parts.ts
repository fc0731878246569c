// Parts of a notice that its page, its feed items and its PDF share: the title, the withdrawal banner, the changes.
import { h } from 'hastscript';
import type { Element } from 'hast';
import type { Withdrawal, Change, NoticeMeta } from '../../model.js';
import type { Translate } from '../../i18n/create-i18n.js';
import { formatDateTime } from '../format.js';

/**
 * The title wherever it stands alone (`<title>`, feed items, JSON-LD, the PDF's title): a withdrawn
 * notice is marked there too, since a reader meets it in search results and feed readers first.
 * The `<h1>` keeps the plain title, with the banner right after it.
 */
export function noticeTitle(meta: NoticeMeta, tr: Translate): string {
  return meta.withdrawn ? tr('notice.withdrawnTitle', { title: meta.title }) : meta.title;
}

/** Says when and why a notice was withdrawn; shown before the text (right after the headline on pages). */
export function renderWithdrawnBanner(withdrawn: Withdrawal, timeZone: string, tr: Translate): Element {
  return h('div.banner.banner-withdrawn', { role: 'note' }, [
    h('p', [h('strong', tr('notice.withdrawn', { date: formatDateTime(withdrawn.date, timeZone, tr) }))]),
    h('p', tr('notice.withdrawnReason', { reason: withdrawn.reason })),
  ]);
}

/** The public change history, oldest first. */
export function renderChangeList(changes: Change[], timeZone: string, tr: Translate): Element {
  return h('section.changes', { ariaLabelledBy: 'changes-heading' }, [
    h('h2#changes-heading', tr('notice.changes')),
    h('ol', changes.map((c) => h('li', [
      h('time', { dateTime: c.date.iso }, formatDateTime(c.date, timeZone, tr)), ' ', h('span', c.note),
    ]))),
  ]);
}
