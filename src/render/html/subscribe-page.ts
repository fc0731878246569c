// The "Subscribe" page of one language: what feeds are, in plain words, and every feed of the origin.
import { h } from 'hastscript';
import { LOCALES, type Locale } from '../../model.js';
import { FEED_FORMATS } from '../feeds/feed-formats.js';
import { listSubscriptions } from '../feeds/list-subscriptions.js';
import { opmlPath } from '../feeds/render-opml.js';
import { relativeRoot, renderPage, type RenderContext } from './layout.js';
import { listingPath, subscribePath } from './listing-pages.js';

/**
 * Only the origin has this page: it shows absolute feed URLs (what a reader pastes into an app),
 * which are the origin's. Links are relative, so `serve` follows them to its own copies.
 */
export function renderSubscribePage(locale: Locale, ctx: RenderContext, locales: readonly Locale[] = LOCALES): string {
  const tr = ctx.t[locale];
  const path = subscribePath(locale);
  const here = (target: string) => relativeRoot(path) + target;
  const publisher = ctx.config.site.publisher[locale];
  const subscriptions = listSubscriptions(locale, ctx);
  return renderPage({
    locale,
    path,
    title: tr('subscribe.title'),
    description: tr('subscribe.description', { publisher }),
    alternates: locales.map((l) => ({ locale: l, path: subscribePath(l) })),
    fallbackAlternates: locales.map((l) => ({ locale: l, path: listingPath(l, 1) })),
    bodyClass: 'subscribe',
    main: [
      h('h1', tr('subscribe.title')),
      h('p', tr('subscribe.intro', { publisher })),
      h('h2', tr('subscribe.howTitle')),
      h('ol.subscribe-steps', [tr('subscribe.step1'), tr('subscribe.step2'), tr('subscribe.step3')].map((step) => h('li', step))),
      h('h2', tr('subscribe.formatsTitle')),
      h('dl.subscribe-formats', FEED_FORMATS.flatMap((format) => [h('dt', tr(format.labelKey)), h('dd', tr(`subscribe.format.${format.name}`))])),
      h('h2', tr('subscribe.opmlTitle', { publisher })),
      h('p', [
        tr('subscribe.opml'), ' ',
        h('a', { href: here(opmlPath(locale)), type: 'text/x-opml', download: '' }, tr('subscribe.opmlLink')),
      ]),
      h('h2', tr('subscribe.listTitle')),
      ...subscriptions.map((s) => h('section.subscription', { ariaLabel: s.label }, [
        h('h3', [h('a', { href: here(s.homePath) }, s.label)]),
        h('p.subscription-about', s.category === undefined ? tr('subscribe.allAbout') : tr('subscribe.categoryAbout', { category: s.label })),
        h('ul.subscription-feeds', s.feeds.map((f) => h('li', [
          h('span.feed-format', tr(f.format.labelKey)), ' ',
          h('a.feed-url', { href: here(f.path), type: f.format.type }, f.url),
        ]))),
      ])),
    ],
  }, ctx);
}
