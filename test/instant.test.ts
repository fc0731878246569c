import test from 'ava';
import { parseInstant } from '../src/validate/instant.js';

test('should parse a time with an offset into the right instant', (t) => {
  const result = parseInstant('2026-05-13T12:00:00+09:00');
  t.true(result.ok);
  if (result.ok) t.is(result.value.ms, Date.UTC(2026, 4, 13, 3));
});

test('should accept leap days only in leap years', (t) => {
  t.true(parseInstant('2028-02-29T00:00:00+09:00').ok);
  const result = parseInstant('2026-02-29T00:00:00+09:00');
  t.false(result.ok);
  if (!result.ok) t.regex(result.problem, /February 2026 has no day 29 \(it has 28 days\)/);
});

test('should explain what is missing from a partial time', (t) => {
  const dateOnly = parseInstant('2026-05-13');
  t.false(dateOnly.ok);
  if (!dateOnly.ok) t.regex(dateOnly.problem, /add the time and the offset/);
  for (const bad of ['2026-05-13T24:00:00+09:00', '2026-05-13T12:60:00+09:00', '2026-00-13T12:00:00+09:00', 'soon']) {
    t.false(parseInstant(bad).ok, bad);
  }
});

test('a release time written the way an office writes it should be shown back in the form `date` needs', (t) => {
  const cases: Record<string, string> = {
    '2026년 11월 25일 10시': '2026-11-25T10:00:00+09:00',
    '2026년 11월 25일(수) 오후 2시 30분': '2026-11-25T14:30:00+09:00',
    '2026. 11. 25. 오전 12시': '2026-11-25T00:00:00+09:00',
    '2026.11.25 14:05': '2026-11-25T14:05:00+09:00',
    '2026/11/25': '2026-11-25T12:00:00+09:00',
  };
  for (const [written, iso] of Object.entries(cases)) {
    const result = parseInstant(written);
    t.false(result.ok, written);
    if (!result.ok) t.is(result.problem, `write it as a date, time and offset, like \`${iso}\``, written);
  }
  // Not a time at all, or no such day: the usual example, not a made-up one.
  for (const other of ['다음 주 수요일', '2026년 13월 1일', '2026년 2월 30일 10시']) {
    const result = parseInstant(other);
    if (!result.ok) t.is(result.problem, 'write it as a date, time and offset, like `2026-05-13T12:00:00+09:00`', other);
  }
});
