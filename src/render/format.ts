// Formats times and sizes for a reader of a given language, with words from `locales/`.
// Node may be built with English-only ICU (small-icu), so Intl supplies numbers, never words.
import type { Instant, Locale } from '../model.js';
import type { Translate } from '../i18n/create-i18n.js';

interface Parts {
  year: string; month: string; day: string; weekday: number; hour: number; minute: string; offset: string;
}

/** One formatter per time zone: constructing one costs more than formatting a thousand dates. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Recent answers of partsOf: an archive's listings, feeds and pages ask for each date many times. */
const recentParts = new Map<string, Parts>();
const RECENT_PARTS = 10_000;

/** The calendar fields of `instant` as seen in `timeZone`, from numeric (locale-free) Intl output. */
function partsOf(instant: Instant, timeZone: string): Parts {
  const id = `${timeZone}\0${instant.ms}`;
  let parts = recentParts.get(id);
  if (!parts) {
    parts = computeParts(instant, timeZone);
    if (recentParts.size >= RECENT_PARTS) recentParts.clear();
    recentParts.set(id, parts);
  }
  return parts;
}

function computeParts(instant: Instant, timeZone: string): Parts {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit',
      hourCycle: 'h23', weekday: 'short', timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  const fields = Object.fromEntries(formatter.formatToParts(instant.ms).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(fields.weekday ?? '');
  const offset = (fields.timeZoneName ?? 'GMT').replace(/^GMT$/, 'UTC').replace(/^GMT/, 'UTC');
  return {
    year: fields.year!, month: fields.month!, day: fields.day!, weekday,
    hour: Number(fields.hour) % 24, minute: fields.minute!, offset,
  };
}

function values(instant: Instant, timeZone: string, t: Translate) {
  const p = partsOf(instant, timeZone);
  return {
    year: p.year,
    month: p.month,
    monthName: t(`datetime.months.${Number(p.month) - 1}`),
    day: p.day,
    weekday: t(`datetime.weekdays.${p.weekday}`),
    hour: String(p.hour).padStart(2, '0'),
    hour12: String(p.hour % 12 === 0 ? 12 : p.hour % 12),
    period: t(p.hour < 12 ? 'datetime.am' : 'datetime.pm'),
    minute: p.minute,
    offset: p.offset,
  };
}

/** The calendar year of `instant` in `timeZone` (search filters by it), e.g. "2026". */
export function calendarYear(instant: Instant, timeZone: string): string {
  return partsOf(instant, timeZone).year;
}

/** The calendar month of `instant` in `timeZone`, e.g. "2026-03" (the search index is cut by months). */
export function calendarMonth(instant: Instant, timeZone: string): string {
  const { year, month } = partsOf(instant, timeZone);
  return `${year}-${month.padStart(2, '0')}`;
}

/** e.g. "2026년 3월 12일(목) 오후 12:00" / "Thursday 12 March 2026, 12:00 (UTC+09:00)". */
export function formatDateTime(instant: Instant, timeZone: string, t: Translate): string {
  return t('datetime.full', values(instant, timeZone, t));
}

/** e.g. "2026년 3월 12일" / "12 March 2026". */
export function formatDate(instant: Instant, timeZone: string, t: Translate): string {
  return t('datetime.date', values(instant, timeZone, t));
}

const INTL_LOCALE: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: digits })));
  return format;
}

/** "965 B", "1.2 MB": decimal units, as file managers show them. */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const number = numberFormat(locale, unit === 0 ? 0 : 1).format(value);
  return `${number} ${units[unit]}`;
}

/** The file's type as readers know it: "PDF", "HWP", "PNG". */
export function fileType(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1];
  return ext ? ext.toUpperCase() : '';
}
