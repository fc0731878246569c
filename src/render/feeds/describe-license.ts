// The KOGL statement a feed or an item carries: the rights text and the JSON Feed `_kogl` object.
import type { LicenseId, Locale } from '../../model.js';
import type { Translate } from '../../i18n/create-i18n.js';
import { attributionFor } from '../../kogl.js';
import type { KoglFacts } from './feed-model.js';
import { cleanText } from './clean-text.js';

/** KOGL has no machine-readable definition; its English overview is the closest thing to one. */
const KOGL_ABOUT = 'https://www.kogl.or.kr/info/licenseTypeEn.do';

export interface LicenseStatement {
  /** For RSS `<copyright>` and Atom `<rights>`: type, publisher and licence URL in one line. */
  rights: string;
  kogl: KoglFacts;
}

/**
 * `title` is the work's title for an item (its attribution is the full sentence naming the work),
 * or `undefined` for a whole feed (the short form: a feed is not one work).
 */
export function describeLicense(license: LicenseId, locale: Locale, tr: Translate, publisher: string, title: string | undefined, baseUrl: string): LicenseStatement {
  const attribution = attributionFor(license, locale, tr, publisher, title ?? '');
  return {
    rights: cleanText(tr('feed.rights', { short: attribution.short, url: attribution.url })),
    kogl: {
      about: KOGL_ABOUT,
      license,
      url: attribution.url,
      type_name: attribution.typeName,
      publisher,
      attribution: cleanText(title === undefined ? attribution.short : attribution.sentence),
      mark: baseUrl + attribution.markPath,
    },
  };
}
