// Renders one language's subscriptions as an OPML 2.0 subscription list, for a feed reader's import.
import type { Locale } from '../../model.js';
import type { RenderContext } from '../html/layout.js';
import { cleanText } from './clean-text.js';
import { listSubscriptions } from './list-subscriptions.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-slots.js';

/**
 * One outline per feed (the whole site's, then each category's), each naming its RSS document:
 * listing every format of a feed would make a reader that imports the file show each notice three
 * times. The subscribe page lists the other formats. No `dateCreated`: the file never names the clock.
 */
export function renderOpml(locale: Locale, ctx: RenderContext): string {
  const tr = ctx.t[locale];
  const publisher = ctx.config.site.publisher[locale];
  const attribute = (name: string, value: string) => ` ${name}="${escapeXmlAttribute(cleanText(value))}"`;
  const outlines = listSubscriptions(locale, ctx).map((s) => {
    const rss = s.feeds.find((f) => f.format.name === 'rss')!;
    return `    <outline${attribute('type', 'rss')}${attribute('version', 'RSS2')}${attribute('text', s.title)}${attribute('title', s.title)}`
      + `${attribute('xmlUrl', rss.url)}${attribute('htmlUrl', ctx.config.site.url + s.homePath)}${attribute('language', locale)}/>`;
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXmlText(cleanText(tr('subscribe.opmlTitle', { publisher })))}</title>`,
    `    <ownerName>${escapeXmlText(cleanText(publisher))}</ownerName>`,
    '    <docs>http://opml.org/spec2.opml</docs>',
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** Where a language's OPML file is, relative to `dist/`. */
export function opmlPath(locale: Locale): string {
  return `${locale}/feeds.opml`;
}
