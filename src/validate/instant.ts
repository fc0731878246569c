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
    const written = asWrittenInKorea(text);
    return problem('format', { example: written && parseInstant(written).ok ? written : EXAMPLE });
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

/**
 * How an office writes a release time by hand (`2026년 11월 25일 10시`, `2026. 11. 25. 오후 2시 30분`,
 * `2026.11.25 14:00`, `2026/11/25`), as the ISO form `date` needs (noon when no time is given, Korea's
 * offset), for the message to show the author's own time; `undefined` for anything else.
 */
function asWrittenInKorea(text: string): string | undefined {
  const date = /^(\d{4})\s*(?:년|[./-])\s*(\d{1,2})\s*(?:월|[./-])\s*(\d{1,2})\s*(?:일|\.)?\s*(?:\([^)]*\))?\s*(.*)$/.exec(text);
  if (!date) return undefined;
  const [, year, month, day, rest = ''] = date;
  let hour = 12;
  let minute = 0;
  const time = rest.trim();
  if (time !== '') {
    const clock = /^(오전|오후|AM|PM)?\s*(\d{1,2})\s*(?:시|:)\s*(?:(\d{1,2})\s*분?)?\s*(오전|오후|AM|PM)?$/i.exec(time);
    if (!clock) return undefined;
    const half = (clock[1] ?? clock[4] ?? '').toUpperCase();
    hour = Number(clock[2]);
    minute = Number(clock[3] ?? 0);
    if ((half === '오후' || half === 'PM') && hour < 12) hour += 12;
    if ((half === '오전' || half === 'AM') && hour === 12) hour = 0;
  }
  const two = (n: number | string) => String(n).padStart(2, '0');
  return `${year}-${two(month!)}-${two(day!)}T${two(hour)}:${two(minute)}:00+09:00`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
