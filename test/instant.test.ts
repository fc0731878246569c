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
