// Finds when the next embargo lifts, and says it in the terminal's language.
import type { Translate } from '../i18n/create-i18n.js';
import type { Notice } from '../model.js';

/** The next moment an embargoed notice becomes public, and the notices it releases. */
export interface NextEmbargo {
  /** Milliseconds since the epoch. */
  at: number;
  /** Folders of the notices released then, e.g. `notices/2026-12-02-ai-hub`, sorted. */
  notices: string[];
}

/**
 * The earliest release time later than `now` among language versions that are not drafts: the
 * moment a build would first publish something it does not publish now. `undefined` when none waits.
 */
export function findNextEmbargo(notices: readonly Notice[], now: number): NextEmbargo | undefined {
  let at = Infinity;
  let folders = new Set<string>();
  for (const notice of notices) {
    for (const version of Object.values(notice.versions)) {
      if (!version || version.meta.status === 'draft' || version.meta.date.ms <= now) continue;
      if (version.meta.date.ms < at) {
        at = version.meta.date.ms;
        folders = new Set();
      }
      if (version.meta.date.ms === at) folders.add(notice.dir);
    }
  }
  return at === Infinity ? undefined : { at, notices: [...folders].sort() };
}

/** Zones whose common abbreviation Intl does not give (it says `GMT+9` for Seoul). */
const ABBREVIATIONS: Record<string, string> = { 'Asia/Seoul': 'KST', UTC: 'UTC', 'Etc/UTC': 'UTC' };

/** `2026-12-02 12:00 (KST)`, with seconds only when they are not zero. */
export function formatReleaseTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'shortOffset',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const seconds = parts.second === '00' ? '' : `:${parts.second}`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds} (${ABBREVIATIONS[timeZone] ?? parts.timeZoneName})`;
}

/** Notices listed by name in the line; more are counted. */
const SHOWN = 3;

/** `Next embargo lifts: 2026-12-02 12:00 (KST) — notices/2026-12-02-ai-hub`, in `t`'s language. */
export function formatNextEmbargo(next: NextEmbargo, timeZone: string, t: Translate): string {
  const shown = next.notices.slice(0, SHOWN).join(', ');
  const more = next.notices.length > SHOWN ? ` ${t('cli.more', { count: next.notices.length - SHOWN })}` : '';
  return t('cli.nextEmbargo', { time: formatReleaseTime(next.at, timeZone), notices: `${shown}${more}` });
}
