// Reads ISO 8601 date-times with an offset, and explains in plain words what is wrong with others.
import { phrase, render, type Phrase } from '../i18n/say.js';
import type { Instant } from '../model.js';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EXAMPLE = '2026-05-13T12:00:00+09:00';

/** `problem` is the English text of `phrase`. */
export type InstantResult = { ok: true; value: Instant } | { ok: false; problem: string; phrase: Phrase };

function problem(key: string, params: Record<string, string | number | Phrase>): InstantResult {
  const said = phrase(`instant.${key}`, params);
  return { ok: false, problem: render(said, 'en'), phrase: said };
}

/**
 * What to add to an incomplete time, shown as `example`, the text completed; when that is no time
 * either (`2026-13-01`), what is wrong with it, then a valid example.
 */
function completed(key: 'addTime' | 'addOffset', example: string): InstantResult {
  const checked = parseInstant(example);
  if (checked.ok) return problem(key, { example });
  return problem('fixThenComplete', { problem: checked.phrase, example: EXAMPLE });
}

/** Parse `text` as a release time; on failure, say what to write instead. */
export function parseInstant(text: string): InstantResult {
  const match = PATTERN.exec(text);
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return completed('addTime', `${text}T12:00:00+09:00`);
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(text)) return completed('addOffset', `${text.replace(' ', 'T')}+09:00`);
    return problem('format', { example: EXAMPLE });
  }
  const [, y, mo, d, h, mi, s = '00', , offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return problem('month', { month: mo! });
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return problem('day', { monthName: phrase(`month.${month}`), year, day: d!, days });
  }
  if (Number(h) > 23) return problem('hour', { hour: h! });
  if (Number(mi) > 59) return problem('minute', { minute: mi! });
  if (Number(s) > 59) return problem('second', { second: s });
  if (offset !== 'Z' && offset !== undefined) {
    const [oh, om] = offset.slice(1).split(':').map(Number);
    if ((oh ?? 0) > 14 || (om ?? 0) > 59) return problem('offset', { offset });
  }
  return { ok: true, value: { iso: text, ms: Date.parse(text) } };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
