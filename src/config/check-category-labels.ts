// Warns about a category with no name for readers in a language: its pages, feeds and filters would
// show the code itself (`event`) where a reader expects a word (`행사`).
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { phrase, say } from '../i18n/say.js';
import { LOCALES, type Locale } from '../model.js';

/**
 * One warning per category and language without `category.<code>` in gongbo's or the site's
 * locales (`names`: see categoryNames), at the code in the config.
 */
export function checkCategoryLabels(configFile: VFile, names: Record<string, Partial<Record<Locale, string>>>): void {
  const text = String(configFile.value ?? '');
  const listed = text.search(/^categories[ \t]*:/m);
  const place = location(configFile);
  for (const [code, named] of Object.entries(names)) {
    const missing = LOCALES.filter((locale) => !named[locale]);
    if (missing.length === 0) continue;
    // The code as written in `categories:` (the first whole-word match after it), else the line itself.
    const at = listed < 0 ? -1 : text.slice(listed).search(new RegExp(`(?<![\\w-])${code}(?![\\w-])`));
    const point = at < 0 ? undefined : place.toPoint(listed + at);
    for (const locale of missing) {
      say(configFile, phrase('config.categoryLabel', { code, locale, language: phrase(`language.${locale}`), example: locale === 'ko' ? '행사' : 'Events' }), {
        ...(point ? { place: point } : {}), ruleId: 'category-label', fatal: false,
      });
    }
  }
}
