// Formats times, sizes and file types for a reader of a given language.
import type { Instant, Locale } from '../model.js';

const INTL_LOCALE: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };

/** e.g. "2026년 3월 12일 (목) 오후 12:00" / "Thursday 12 March 2026, 12:00 KST". */
export function formatDateTime(instant: Instant, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'full', timeStyle: 'short', timeZone,
  }).format(instant.ms);
}

export function formatDate(instant: Instant, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeZone }).format(instant.ms);
}

/** ISO date `YYYY-MM-DD` of the instant in the site's time zone (for `<time>` and listings). */
export function isoDate(instant: Instant, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant.ms);
}

/** "1.2 MB" / "965 B", with the language's digits and separators. */
export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** The file's type as readers know it: "PDF", "HWP", "PNG". */
export function fileType(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1];
  return ext ? ext.toUpperCase() : '';
}
