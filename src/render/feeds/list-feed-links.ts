// The feeds each page advertises in its head and footer: its language's origin feeds, by format.
import { LOCALES } from '../../model.js';
import type { Translator } from '../../i18n/create-i18n.js';
import type { RenderContext } from '../html/layout.js';
import { FEED_FORMATS } from './feed-formats.js';
import { relativePath } from './plan-feed-documents.js';

/** Paths are relative to `dist/`: pages link them relatively, so mirrors' pages reach mirrors' copies. */
export function listFeedLinks(t: Translator): RenderContext['feeds'] {
  const links = {} as RenderContext['feeds'];
  for (const locale of LOCALES) {
    links[locale] = FEED_FORMATS.map((format) => ({ type: format.type, title: t[locale](format.labelKey), path: relativePath(locale, format) }));
  }
  return links;
}
