// The page frame every HTML page shares: head (canonical, alternates, licence, feeds, Open Graph), header, footer.
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Element, ElementContent, Root } from 'hast';
import type { Locale, SiteConfig } from '../../model.js';
import type { Translator } from '../../i18n/create-i18n.js';

export interface RenderContext {
  config: SiteConfig;
  t: Translator;
  /** Whether the build renders PDFs (pages link them only then). */
  pdf: boolean;
  /** Feed links advertised in each page's head, by language (relative to `dist/`). */
  feeds: Record<Locale, Array<{ type: string; title: string; path: string }>>;
  /** Whether the build makes each notice's social card (pages point to theirs only then). Default `false`. */
  cards?: boolean;
  /** Whether the site has search pages (`<lang>/search/`) for the listings to offer; mirrors have none. */
  search?: boolean;
  /** Set when previewing drafts and embargoed notices (`serve --drafts`): they get a banner. */
  preview?: { now: number };
}

export interface Alternate {
  locale: Locale;
  /** Folder of the page under `dist/`, ending in `/` (e.g. `en/2026-03-12-ai-hub/`). */
  path: string;
}

export interface PageSpec {
  locale: Locale;
  /** Folder of the page under `dist/`, ending in `/`, or `''` for the root page. */
  path: string;
  title: string;
  description?: string;
  /** Every language version of this page, itself included. */
  alternates: Alternate[];
  /** Where the language switch goes when this page has no translation. */
  fallbackAlternates?: Alternate[];
  licenseUrl?: string;
  jsonLd?: object;
  main: ElementContent[];
  /** What a shared link shows beyond title, description and language; without it, a website. */
  social?: SocialSpec;
  /** Extra elements for `<head>` (pagination links). */
  head?: Element[];
  bodyClass?: string;
}

/** Open Graph data of an article (a notice's page). */
export interface SocialSpec {
  type: 'article';
  /** ISO 8601, as written in the source. */
  publishedTime: string;
  modifiedTime: string;
  section?: string;
  image?: { url: string; width: number; height: number; alt: string; type: string };
}

/** Open Graph names languages as `language_TERRITORY`. */
const OG_LOCALES: Record<Locale, string> = { ko: 'ko_KR', en: 'en_US' };

/**
 * Open Graph (Facebook, KakaoTalk, LinkedIn, Slack…) and X's card: what a link to the page shows
 * when it is shared. X reads the title, description and image from Open Graph.
 */
function socialMeta(spec: PageSpec, siteTitle: string, url: string): Element[] {
  const meta = (property: string, content: string | number) => h('meta', { property, content: String(content) });
  const { social } = spec;
  const image = social?.image;
  return [
    meta('og:type', social?.type ?? 'website'),
    meta('og:title', spec.title),
    ...(spec.description ? [meta('og:description', spec.description)] : []),
    meta('og:url', url),
    meta('og:site_name', siteTitle),
    meta('og:locale', OG_LOCALES[spec.locale]),
    ...spec.alternates.filter((a) => a.locale !== spec.locale).map((a) => meta('og:locale:alternate', OG_LOCALES[a.locale])),
    ...(image ? [
      meta('og:image', image.url), meta('og:image:type', image.type), meta('og:image:width', image.width),
      meta('og:image:height', image.height), meta('og:image:alt', image.alt),
    ] : []),
    ...(social ? [
      meta('article:published_time', social.publishedTime),
      meta('article:modified_time', social.modifiedTime),
      ...(social.section ? [meta('article:section', social.section)] : []),
    ] : []),
    h('meta', { name: 'twitter:card', content: image ? 'summary_large_image' : 'summary' }),
  ];
}

/**
 * The page for readers whose language is neither (`hreflang="x-default"`), shared by the pages'
 * heads and the sitemap, which must agree. The language home pages have the root language chooser;
 * a notice has its Korean original (or its only language).
 */
export function xDefaultPath(alternates: readonly Alternate[]): string {
  if (alternates.every((a) => a.path === `${a.locale}/`)) return '';
  return (alternates.find((a) => a.locale === 'ko') ?? alternates[0]!).path;
}

/** `../` once per folder level, so every page links to the others relatively (origin and mirrors). */
export function relativeRoot(path: string): string {
  return '../'.repeat(path.split('/').filter(Boolean).length);
}

/** Serialise JSON for a `<script>` element: `</script>` and `<!--` cannot appear inside it. */
function scriptJson(value: object): string {
  return JSON.stringify(value, null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function renderPage(spec: PageSpec, ctx: RenderContext): string {
  const { config, t } = ctx;
  const tr = t[spec.locale];
  const root = relativeRoot(spec.path);
  const publisher = config.site.publisher[spec.locale];
  const siteTitle = tr('site.title', { publisher });
  const others = (spec.alternates.length > 1 ? spec.alternates : spec.fallbackAlternates ?? [])
    .filter((a) => a.locale !== spec.locale);

  const head: ElementContent[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', spec.title.includes(siteTitle) ? spec.title : `${spec.title} | ${siteTitle}`),
    ...(spec.description ? [h('meta', { name: 'description', content: spec.description })] : []),
    h('link', { rel: 'canonical', href: config.site.url + spec.path }),
    ...socialMeta(spec, siteTitle, config.site.url + spec.path),
    ...spec.alternates.map((a) => h('link', { rel: 'alternate', hrefLang: a.locale, href: config.site.url + a.path })),
    ...(spec.alternates.length > 1
      ? [h('link', { rel: 'alternate', hrefLang: 'x-default', href: config.site.url + xDefaultPath(spec.alternates) })]
      : []),
    ...(spec.licenseUrl ? [h('link', { rel: 'license', href: spec.licenseUrl })] : []),
    ...ctx.feeds[spec.locale].map((f) => h('link', { rel: 'alternate', type: f.type, title: f.title, href: root + f.path })),
    ...(spec.head ?? []),
    h('link', { rel: 'stylesheet', href: `${root}assets/fonts/noto-sans-kr.css` }),
    h('link', { rel: 'stylesheet', href: `${root}assets/style.css` }),
    ...(spec.jsonLd ? [h('script', { type: 'application/ld+json' }, scriptJson(spec.jsonLd))] : []),
  ];

  const header = h('header.site-header', [
    h('div.site-header-inner', [
      h('a.site-title', { href: `${root}${spec.locale}/` }, siteTitle),
      others.length > 0
        ? h('nav.language-switch', { ariaLabel: tr('language.other') }, [
          h('ul', others.map((a) => h('li', [
            // Absolute, to the origin: a mirror that takes one language only still sends readers
            // to the other (every other link is relative, so pages work on every mirror).
            h('a', { href: config.site.url + a.path, hrefLang: a.locale, lang: a.locale, rel: 'alternate' }, t[a.locale](`language.${a.locale}`)),
          ]))),
        ])
        : null,
    ].filter((x): x is Element => x !== null)),
  ]);

  const footer = h('footer.site-footer', [
    h('div.site-footer-inner', [
      h('p', tr('footer.publisher', { publisher })),
      ctx.feeds[spec.locale].length > 0
        ? h('nav.feeds', { ariaLabel: tr('footer.feeds') }, [
          h('ul', ctx.feeds[spec.locale].map((f) => h('li', [h('a', { href: root + f.path, type: f.type }, f.title)]))),
        ])
        : null,
    ].filter((x): x is Element => x !== null)),
  ]);

  const tree: Root = {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: spec.locale }, [
        h('head', head),
        h('body', spec.bodyClass ? { className: [spec.bodyClass] } : {}, [
          h('a.skip-link', { href: '#main' }, tr('nav.skip')),
          header,
          h('main#main', { tabIndex: -1 }, spec.main),
          footer,
        ]),
      ]),
    ],
  };
  return `${toHtml(tree)}\n`;
}
