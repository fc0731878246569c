// The KOGL (공공누리) licence types: their licence pages and the attribution text each output carries.
import type { LicenseId, Locale } from './model.js';
import type { Translate } from './i18n/create-i18n.js';

/** The licence page of each type: KOGL has no SPDX id, so this URL names the licence everywhere. */
export const LICENSE_URLS: Record<LicenseId, string> = {
  'kogl-1': 'https://www.kogl.or.kr/info/licenseType1.do',
  'kogl-2': 'https://www.kogl.or.kr/info/licenseType2.do',
  'kogl-3': 'https://www.kogl.or.kr/info/licenseType3.do',
  'kogl-4': 'https://www.kogl.or.kr/info/licenseType4.do',
};

/** Everything an output needs to attribute one work in one language. */
export interface Attribution {
  license: LicenseId;
  url: string;
  /** e.g. "제1유형: 출처표시" / "Type 1: Source Indication". */
  typeName: string;
  /** The full sentence naming the publisher, the work and the type. */
  sentence: string;
  /** The footer form, e.g. "공공누리 제1유형: 출처표시 · 출처: 과학기술정보통신부". */
  short: string;
  linkText: string;
  markAlt: string;
  /** Path of the mark image under `dist/`. */
  markPath: string;
}

export function attributionFor(
  license: LicenseId, locale: Locale, t: Translate, publisher: string, title: string,
): Attribution {
  void locale;
  const typeName = t(`kogl.type.${license}`);
  return {
    license,
    url: LICENSE_URLS[license],
    typeName,
    sentence: t('kogl.sentence', { title, publisher, type: typeName }),
    short: t('kogl.short', { publisher, type: typeName }),
    linkText: t('kogl.link', { type: typeName }),
    markAlt: t('kogl.alt', { type: typeName }),
    markPath: `assets/kogl/${license}.svg`,
  };
}
