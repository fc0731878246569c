// The KOGL attribution block: mark, sentence naming publisher, work and type, and the licence link.
import { h } from 'hastscript';
import type { Element } from 'hast';
import type { Attribution } from '../../kogl.js';

/**
 * `assetBase` is how the output reaches `dist/`: a relative prefix in pages, an absolute URL in feeds
 * (an item republished on its own must still show its mark).
 */
export function renderKoglBlock(attribution: Attribution, assetBase: string, headingText: string): Element {
  return h('section.kogl', { ariaLabel: headingText }, [
    h('a.kogl-mark', { href: attribution.url, rel: 'license' }, [
      h('img', { src: assetBase + attribution.markPath, alt: attribution.markAlt, width: 180, height: 60 }),
    ]),
    h('p.kogl-sentence', [
      attribution.sentence,
      ' ',
      h('a', { href: attribution.url, rel: 'license' }, attribution.linkText),
    ]),
  ]);
}
