// What a cold build does faster per notice must read exactly as what it replaced: pages and feeds
// keep their bytes (partners and reuse of unchanged outputs depend on them).
import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { h } from 'hastscript';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import rehypeSlug from 'rehype-slug';
import rehypeExternalLinksPackage from 'rehype-external-links';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'hast';
import { checkSite } from '../src/build.js';
import { createI18n } from '../src/i18n/create-i18n.js';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { compileNotice, createProcessors, publicVersions } from '../src/transform/compile-notice.js';
import { rehypeHeadingIds } from '../src/transform/rehype-heading-ids.js';
import { rehypeExternalLinks } from '../src/transform/rehype-external-links.js';
import { remarkGfmLazyAutolinks } from '../src/transform/remark-gfm-lazy-autolinks.js';
import { renderItemContent } from '../src/render/feeds/render-item-content.js';
import { listFeedLinks } from '../src/render/feeds/index.js';
import { renderNoticePage } from '../src/render/html/notice-page.js';
import { frontMatter, NOW, writeSite } from './helpers.js';

type Strings = { [key: string]: string | Strings };

function leaves(strings: Strings, prefix = ''): Array<[string, string]> {
  return Object.entries(strings).flatMap(([key, value]) => (typeof value === 'string' ? [[prefix + key, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
}

test('every string of gongbo\'s locales should read as i18next fills it in, whatever the values hold', async (t) => {
  const site = await writeSite({});
  const translate = createI18n(site);
  for (const locale of ['ko', 'en'] as const) {
    const strings = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'locales', `${locale}.json`), 'utf8')) as Strings;
    const reference = i18next.createInstance();
    await reference.init({ resources: { [locale]: { translation: strings } }, lng: locale, fallbackLng: false, returnNull: false, interpolation: { escapeValue: false } });
    let filled = 0;
    for (const [key, text] of leaves(strings)) {
      const names = [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
      if (names.length === 0 || names.includes('count')) continue;
      // A title may hold what looks like markup to i18next: it must come out as written.
      for (const odd of ['보도자료 A$&B', 'Q{{title}}', '$t(site.title)', 12]) {
        const options = { ...Object.fromEntries(names.map((name, i) => [name, i === 0 ? odd : `${name}-값`])), unused: 'x' };
        t.is(translate[locale](key, options), reference.t(key, options), `${locale} ${key} ${String(odd)}`);
        filled++;
      }
    }
    t.true(filled > 40, `${locale}: ${filled} strings compared`);
  }
});

test('headings should get the ids rehype-slug gives when it walks the whole body, nested and repeated ones too', (t) => {
  const parse = (): Root => h(null, [
    h('h2', '개요'), h('p', ['글 ', h('b', '굵게')]), h('h2', '개요'),
    h('div', [h('h3', { id: 'kept' }, '둘'), h('h1', ['바깥 ', h('h2', '안쪽')])]),
    h('section', [h('h6', '개요')]), { type: 'element', tagName: 'H4', properties: {}, children: [{ type: 'text', value: '대문자' }] },
  ]);
  const expected = parse();
  (rehypeSlug as () => (tree: Root) => void)()(expected);
  const tree = parse();
  rehypeHeadingIds()(tree);
  t.is(toHtml(tree), toHtml(expected));
  t.regex(toHtml(tree), /id="개요-1"/, 'the second heading of a name is numbered');
});

test('external links should be marked as rehype-external-links marked them, and only those', (t) => {
  const hrefs = ['https://example.org/a', 'HTTP://example.org/b', 'http:x', '//example.org/c', 'mailto:a@b.kr', 'tel:0442026000', 'files/a.pdf', '#top', 'c:\\x', 'ftp://example.org/', ''];
  const parse = (): Root => h(null, [
    ...hrefs.map((href) => h('a', { href }, '링크')), h('a.kept', { href: 'https://example.org/d' }, '클래스'), h('a', '없음'),
  ]);
  const expected = parse();
  (rehypeExternalLinksPackage as unknown as (options: object) => (tree: Root) => void)({
    rel: ['external', 'noopener', 'noreferrer'],
    properties: { className: ['external'] },
    content: { type: 'text', value: ' (외부 링크)' },
    contentProperties: { className: ['visually-hidden'] },
  })(expected);
  const tree = parse();
  rehypeExternalLinks({ hint: ' (외부 링크)' })(tree);
  t.is(toHtml(tree), toHtml(expected));
  t.is(toHtml(tree).match(/class="external"/g)?.length, 4, 'https, HTTP is not http, http:x, // and the classed one');
});

test('a feed item made before the page should leave the page its relative links and its screen-reader text', async (t) => {
  const body = [
    '본문[^1]과 [첨부](files/plan.pdf), [외부](https://example.org/x), [위로](#개요).',
    '',
    '## 개요',
    '',
    '| 가 | 나 |',
    '| --- | --- |',
    '| 1 | 2 |',
    '',
    '[^1]: 각주.',
  ].join('\n');
  const cwd = await writeSite({
    'notices/2026-05-13-share/ko.md': frontMatter({ attachments: '[{ file: files/plan.pdf, title: 계획 }]' }, body),
    'notices/2026-05-13-share/files/plan.pdf': '%PDF-1.4',
  });
  const checked = await checkSite({ cwd });
  const notice = checked.notices[0]!;
  const translate = createI18n(cwd);
  const compiled = compileNotice({ ...notice, versions: publicVersions(notice, NOW.getTime()) }, createProcessors(translate))!;
  const ctx = { config: checked.config!, t: translate, pdf: false, feeds: listFeedLinks(translate) };
  const pageBefore = renderNoticePage(compiled, 'ko', ctx);
  const item = renderItemContent(compiled, 'ko', ctx, { pageUrl: 'https://example.go.kr/news/ko/2026-05-13-share/', baseUrl: 'https://example.go.kr/news/' });
  t.regex(item.html, /href="https:\/\/example\.go\.kr\/news\/ko\/2026-05-13-share\/files\/plan\.pdf"/);
  t.notRegex(item.html, /aria-|role=|tabindex|외부 링크/, 'the item has no ARIA and no screen-reader-only text');
  const pageAfter = renderNoticePage(compiled, 'ko', ctx);
  t.is(pageAfter, pageBefore);
  t.regex(pageAfter, /<a href="files\/plan\.pdf">첨부<\/a>/);
  t.regex(pageAfter, /role="region" tabindex="0" aria-label="표 1"/);
  t.regex(pageAfter, /<span class="visually-hidden"> \(외부 링크\)<\/span>/);
});

test('bare web addresses and e-mail addresses should become links as GFM makes them, and text without any stay text', (t) => {
  const gfm = unified().use(remarkParse).use(remarkGfm);
  const lazy = unified().use(remarkParse).use(remarkGfm).use(remarkGfmLazyAutolinks);
  const texts = [
    '문의: press@msit.go.kr 또는 www.msit.go.kr, WWW.KOREA.KR, HTTPS://example.org/a(b).',
    '*강조 속 http://example.org/x* 와 `코드 www.example.org`',
    '[www.example.org](https://example.org/y) 는 이미 링크, <https://example.org/z> 도.',
    '[참조][ref] 와 각주[^1]\n\n[ref]: https://example.org/r\n[^1]: 각주의 a@b.kr',
    '링크 없는 본문. 숫자 1,000과 골뱅이 없는 문장.',
    '누리집 www&#46;korea.kr, 메일 press&#64;msit.go.kr, HTTP&#58;//example.org/x 에서 보세요.',
    'www&#46;korea.kr 한 가지만.',
    '| 표 | www.example.org |\n| --- | --- |\n| a@b.kr | 값 |',
  ];
  for (const text of texts) t.deepEqual(lazy.parse(text), gfm.parse(text), text);
  const extensions = (lazy.data('fromMarkdownExtensions') as unknown[]).flat(Infinity) as Array<{ transforms?: Array<{ name: string }> }>;
  t.false(extensions.some((e) => e.transforms?.some((f) => f.name === 'transformGfmAutolinkLiterals')), 'remark-gfm\'s search is the one wrapped');
});
