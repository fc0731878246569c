// What the standards audit found (sitemap, tables, JSON-LD, subtitles, hidden text, withdrawn titles), each mended.
import test from 'ava';
import path from 'node:path';
import { buildSite, type BuildResult } from '../src/build.js';
import { renderPdfDocument } from '../src/render/pdf/render-pdf-document.js';
import { renderSitemaps } from '../src/render/sitemap.js';
import type { KeyedOutput } from '../src/write/write-site.js';
import { joinSentences } from '../src/render/join-sentences.js';
import { fixture, frontMatter, NOW, readText, tempDir, writeSite } from './helpers.js';

const ORIGIN = 'https://example.go.kr/news/';

async function build(cwd: string): Promise<{ out: string; result: BuildResult }> {
  const out = path.join(await tempDir(), 'dist');
  const result = await buildSite({ cwd, out, now: NOW, pdf: false });
  if (!result.ok) throw new Error(`${cwd} did not build`);
  return { out, result };
}

const basic = build(fixture('basic'));

async function page(file: string): Promise<string> {
  return readText((await basic).out, file);
}

function jsonLd(html: string): Record<string, any> {
  return JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, any>;
}

/** The `<url>` of `loc` in a sitemap, and its alternates by hreflang. */
function sitemapUrl(xml: string, loc: string): Record<string, string> | undefined {
  const entry = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]!).find((e) => e.includes(`<loc>${loc}</loc>`));
  if (entry === undefined) return undefined;
  return Object.fromEntries([...entry.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The text a keyed output makes. */
async function made(output: KeyedOutput): Promise<string> {
  const content = await output.make();
  if (!('data' in content)) throw new Error(`${output.path} is not made from text`);
  return String(content.data);
}

async function pdfDocument(id: string, locale: 'ko' | 'en') {
  const { result } = await basic;
  const notice = result.compiled!.find((n) => n.id === id)!;
  return renderPdfDocument(notice, locale, result.context!);
}

test('the sitemap should name the x-default of every translated page, the root chooser for the language homes', async (t) => {
  const xml = await page('sitemap.xml');
  t.deepEqual(sitemapUrl(xml, ORIGIN), { ko: `${ORIGIN}ko/`, en: `${ORIGIN}en/`, 'x-default': ORIGIN });
  t.deepEqual(sitemapUrl(xml, `${ORIGIN}en/`), { ko: `${ORIGIN}ko/`, en: `${ORIGIN}en/`, 'x-default': ORIGIN });
  t.deepEqual(sitemapUrl(xml, `${ORIGIN}en/2026-01-05-alpha/`), {
    ko: `${ORIGIN}ko/2026-01-05-alpha/`, en: `${ORIGIN}en/2026-01-05-alpha/`, 'x-default': `${ORIGIN}ko/2026-01-05-alpha/`,
  });
  // The pages say the same, or search engines ignore the pair.
  t.regex(await page('ko/index.html'), /<link rel="alternate" hreflang="x-default" href="https:\/\/example\.go\.kr\/news\/">/);
  t.regex(await page('index.html'), /<link rel="alternate" hreflang="x-default" href="https:\/\/example\.go\.kr\/news\/">/);
  t.regex(await page('en/2026-01-05-alpha/index.html'), /<link rel="alternate" hreflang="x-default" href="https:\/\/example\.go\.kr\/news\/ko\/2026-01-05-alpha\/">/);
});

test('the sitemap should list every listing page, not only the first', async (t) => {
  const xml = await page('sitemap.xml');
  // per_page is 2 and four Korean notices are public: ko/page/2/ exists, and is listed with no alternates.
  t.deepEqual(sitemapUrl(xml, `${ORIGIN}ko/page/2/`), {});
  t.is(await page('ko/page/2/index.html').then(() => true), true);
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
  t.deepEqual(locs.filter((l) => /\/page\/\d+\/$/.test(l)), [`${ORIGIN}ko/page/2/`]);
});

test('a sitemap over the URL limit should become an index of sitemaps that together list every URL once', async (t) => {
  const { result } = await basic;
  const key = 'k';
  const whole = renderSitemaps(result.compiled!, result.context!.config, key);
  t.deepEqual(whole.map((o) => o.path), ['sitemap.xml']);
  const everything = [...(await made(whole[0]!)).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

  const split = renderSitemaps(result.compiled!, result.context!.config, key, { maxUrls: 4, maxBytes: 50 * 1024 * 1024 });
  const index = await made(split[0]!);
  t.is(split[0]!.path, 'sitemap.xml');
  t.regex(index, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
  const parts = split.slice(1);
  t.deepEqual([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]), parts.map((p) => ORIGIN + p.path));
  const listed: string[] = [];
  for (const part of parts) {
    const xml = await made(part);
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    t.true(locs.length >= 1 && locs.length <= 4, part.path);
    t.regex(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<urlset /);
    listed.push(...locs);
  }
  t.deepEqual(listed, everything);
  t.is(new Set(split.map((o) => o.key)).size, split.length, 'each file has its own key');

  // The byte limit splits too: no file larger than allowed.
  const small = renderSitemaps(result.compiled!, result.context!.config, key, { maxUrls: 50_000, maxBytes: 1500 });
  t.true(small.length > 2);
  for (const part of small.slice(1)) t.true(Buffer.byteLength(await made(part)) <= 1500, part.path);
});

test('a table should scroll in a focusable, named region, keeping its table semantics and header scopes', async (t) => {
  const html = await page('ko/2026-01-05-alpha/index.html');
  t.regex(html, /<div class="table-scroll" role="region" tabindex="0" aria-label="표 1"><table>\s*<thead>\s*<tr>\s*<th class="align-left" scope="col">항목<\/th>/);
  const css = await page('assets/style.css');
  t.regex(css, /\.notice-body \.table-scroll \{[^}]*overflow-x: auto/);
  t.notRegex(css, /\.notice-body table \{[^}]*display: block/, 'the table itself stays a table');
});

test('header cells of a body row should head their row, and each table region should have its own name', async (t) => {
  const site = await writeSite({
    'notices/2026-05-01-tables/ko.md': frontMatter({}, [
      '<table><tr><td></td><th>2026</th><th>2027</th></tr><tr><th>예산</th><td>310</td><td>480</td></tr></table>',
      '',
      '<table><tr><th scope="colgroup">직접 지정</th></tr></table>',
    ].join('\n')),
    'notices/2026-05-01-tables/en.md': frontMatter({ title: 'Tables', department: 'Testing Division' }, '| Year | Amount |\n| --- | --- |\n| 2026 | 310 |'),
  });
  const { out } = await build(site);
  const html = await readText(out, 'ko/2026-05-01-tables/index.html');
  t.regex(html, /<th scope="col">2026<\/th><th scope="col">2027<\/th>/);
  t.regex(html, /<th scope="row">예산<\/th>/);
  t.regex(html, /<th scope="colgroup">직접 지정<\/th>/, 'a scope the author gave is kept');
  t.deepEqual([...html.matchAll(/class="table-scroll" role="region" tabindex="0" aria-label="([^"]+)"/g)].map((m) => m[1]), ['표 1', '표 2']);
  t.regex(await readText(out, 'en/2026-05-01-tables/index.html'), /<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1"><table>/);
});

test('the PDF document should have header scopes and no scroll box', async (t) => {
  const document = await pdfDocument('2026-01-05-alpha', 'ko');
  t.regex(document.body, /<th class="align-left" scope="col">항목<\/th>/);
  t.notRegex(document.body, /table-scroll|tabindex/);
});

test('JSON-LD should carry the first image, the author\'s url and the category as readers see it', async (t) => {
  const ko = jsonLd(await page('ko/2026-01-05-alpha/index.html'));
  t.is(ko.image, `${ORIGIN}ko/2026-01-05-alpha/files/chart%201.png`);
  t.is(ko.author.url, ORIGIN);
  t.is(ko.author.name, '시험정책과');
  t.is(ko.articleSection, '보도자료');
  t.is(jsonLd(await page('en/2026-01-05-alpha/index.html')).articleSection, 'Press release');
  t.false('image' in jsonLd(await page('ko/2026-03-01-gamma/index.html')), 'no image in the text: none made up');
});

test('subtitle lines should be joined as sentences wherever they are one text', async (t) => {
  t.is(joinSentences(['첫째 줄 요약', '둘째 줄 요약']), '첫째 줄 요약. 둘째 줄 요약.');
  t.is(joinSentences(['이미 끝났다.', '정말인가?', 'Yes!', '「인용」했다."', '  ', 'Tail']), '이미 끝났다. 정말인가? Yes! 「인용」했다." Tail.');
  t.is(joinSentences(['句。', '둘째 줄.']), '句。 둘째 줄.');
  t.is(joinSentences([]), '');

  const expected = '첫째 줄 요약. 둘째 줄 요약.';
  const html = await page('ko/2026-01-05-alpha/index.html');
  t.regex(html, new RegExp(`<meta name="description" content="${expected}">`));
  t.is(jsonLd(html).description, expected);
  t.true((await page('ko/rss.xml')).includes(`<description>${expected}</description>`));
  t.is(JSON.parse(await page('ko/feed.json')).items.find((i: { url: string }) => i.url.includes('alpha')).summary, expected);
  t.is((await pdfDocument('2026-01-05-alpha', 'ko')).metadata.subject, expected);
});

test('screen-reader-only text should stay on the page and out of feed content and the PDF document', async (t) => {
  t.regex(await page('ko/2026-01-05-alpha/index.html'), /<span class="visually-hidden"> \(외부 링크\)<\/span>/);
  const item = JSON.parse(await page('ko/feed.json')).items.find((i: { url: string }) => i.url.includes('alpha'));
  t.regex(item.content_html, /누리집<\/a>을 보십시오/);
  t.false(item.content_html.includes('외부 링크'));
  t.notRegex(item.content_html, /tabindex|visually-hidden/);
  t.false((await page('ko/atom.xml')).includes('외부 링크'));
  t.false((await page('ko/rss.xml')).includes('외부 링크'));
  const pdf = await pdfDocument('2026-01-05-alpha', 'ko');
  t.false(pdf.body.includes('외부 링크'));
  t.regex(pdf.body, /<span class="visually-hidden">전화 <\/span>/, 'the contact labels are printed on paper (pdf.css)');
});

test('a withdrawn notice should be marked in <title>, feeds, JSON-LD and the PDF title, with its banner after the <h1>', async (t) => {
  const ko = await page('ko/2026-03-01-gamma/index.html');
  t.regex(ko, /<title>\[철회\] 감마 시범 운영 \| 시험부 보도자료<\/title>/);
  t.is(jsonLd(ko).headline, '[철회] 감마 시범 운영');
  t.regex(ko, /<h1>감마 시범 운영<\/h1>/, 'the headline itself stays plain');
  t.true(ko.indexOf('<h1>') < ko.indexOf('class="banner banner-withdrawn"'));
  const en = await page('en/2026-03-01-gamma/index.html');
  t.regex(en, /<title>\[Withdrawn\] Gamma pilot \|/);
  t.true(en.indexOf('<h1>') < en.indexOf('class="banner banner-withdrawn"'));
  t.true((await page('ko/rss.xml')).includes('<title>[철회] 감마 시범 운영</title>'));
  t.is(JSON.parse(await page('en/feed.json')).items.find((i: { url: string }) => i.url.includes('gamma')).title, '[Withdrawn] Gamma pilot');
  t.regex(await page('ko/atom.xml'), /<title type="text">\[철회\] 감마 시범 운영<\/title>|<title>\[철회\] 감마 시범 운영<\/title>/);
  const pdf = await pdfDocument('2026-03-01-gamma', 'ko');
  t.is(pdf.title, '[철회] 감마 시범 운영');
  t.is(pdf.metadata.title, '[철회] 감마 시범 운영');
  t.is((await pdfDocument('2026-01-05-alpha', 'ko')).title, '알파 사업 공고', 'others keep their plain title');
});
