// Reads ISO 8601 date-times with an offset, and explains in plain words what is wrong with others.
import type { Instant } from '../model.js';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EXAMPLE = '2026-05-13T12:00:00+09:00';

export type InstantResult = { ok: true; value: Instant } | { ok: false; problem: string };

/** Parse `text` as a release time; on failure, say what to write instead. */
export function parseInstant(text: string): InstantResult {
  const match = PATTERN.exec(text);
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      return { ok: false, problem: `add the time and the offset, like \`${text}T12:00:00+09:00\`` };
    }
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(text)) {
      return { ok: false, problem: `add the time zone offset, like \`${text.replace(' ', 'T')}+09:00\`` };
    }
    return { ok: false, problem: `write it as a date, time and offset, like \`${EXAMPLE}\`` };
  }
  const [, y, mo, d, h, mi, s = '00', , offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { ok: false, problem: `month ${mo} does not exist; use 01 to 12` };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return { ok: false, problem: `${MONTHS[month - 1]} ${year} has no day ${d} (it has ${days} days)` };
  }
  if (Number(h) > 23) return { ok: false, problem: `hour ${h} does not exist; use 00 to 23` };
  if (Number(mi) > 59) return { ok: false, problem: `minute ${mi} does not exist; use 00 to 59` };
  if (Number(s) > 59) return { ok: false, problem: `second ${s} does not exist; use 00 to 59` };
  if (offset !== 'Z' && offset !== undefined) {
    const [oh, om] = offset.slice(1).split(':').map(Number);
    if ((oh ?? 0) > 14 || (om ?? 0) > 59) return { ok: false, problem: `offset ${offset} does not exist; Korea is +09:00` };
  }
  return { ok: true, value: { iso: text, ms: Date.parse(text) } };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
