// Parts of a notice that its page and its feed items both show: the withdrawal banner, the changes.
import { h } from 'hastscript';
import type { Element } from 'hast';
import type { Withdrawal, Change } from '../../model.js';
import type { Translate } from '../../i18n/create-i18n.js';
import { formatDateTime } from '../format.js';

/** Says when and why a notice was withdrawn; shown before everything else. */
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
