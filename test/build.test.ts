import test from 'ava';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buildSite } from '../src/build.js';
import { OutDirError } from '../src/write/check-out-dir.js';
import { fixture, frontMatter, listFiles, NOW, readText, tempDir, writeSite as writeTempSite } from './helpers.js';

const built = (async () => {
  const out = path.join(await tempDir(), 'dist');
  const result = await buildSite({ cwd: fixture('basic'), out, now: NOW, pdf: false });
  return { out, result };
})();

async function page(file: string): Promise<string> {
  const { out } = await built;
  return readText(out, file);
}

test('should build a page per published notice and language, and nothing for drafts or embargoed notices', async (t) => {
  const { out, result } = await built;
  t.true(result.ok);
  const pages = (await listFiles(out)).filter((f) => /^(ko|en)\/\d{4}-.*\/index\.html$/.test(f));
  t.deepEqual(pages, [
    'en/2026-01-05-alpha/index.html',
    'en/2026-03-01-gamma/index.html',
    'ko/2026-01-05-alpha/index.html',
    'ko/2026-02-10-beta/index.html',
    'ko/2026-03-01-gamma/index.html',
    'ko/2026-03-15-hostile/index.html',
  ]);
  const everything = (await Promise.all((await listFiles(out)).filter((f) => /\.(html|xml|json)$/.test(f)).map((f) => readText(out, f)))).join('\n');
  t.false(everything.includes('비공개'), 'draft and embargoed titles appear nowhere');
  t.false(everything.includes('2030-01-01-future'));
});

test('should publish an embargoed notice once --now passes its date', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  await buildSite({ cwd: fixture('basic'), out, now: new Date('2030-01-01T03:00:00Z'), pdf: false });
  t.regex(await readText(out, 'ko/2030-01-01-future/index.html'), /엠바고 보도자료/);
});

test('notice pages should carry lang, canonical, hreflang alternates, licence link and JSON-LD', async (t) => {
  const html = await page('ko/2026-01-05-alpha/index.html');
  t.regex(html, /<html lang="ko">/);
  t.regex(html, /<link rel="canonical" href="https:\/\/example\.go\.kr\/news\/ko\/2026-01-05-alpha\/">/);
  t.regex(html, /<link rel="alternate" hreflang="en" href="https:\/\/example\.go\.kr\/news\/en\/2026-01-05-alpha\/">/);
  t.regex(html, /<link rel="alternate" hreflang="ko" href="https:\/\/example\.go\.kr\/news\/ko\/2026-01-05-alpha\/">/);
  t.regex(html, /<link rel="license" href="https:\/\/www\.kogl\.or\.kr\/info\/licenseType1\.do">/);
  const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const ld = JSON.parse(json!) as Record<string, unknown>;
  t.like(ld, {
    '@type': 'NewsArticle',
    headline: '알파 사업 공고',
    inLanguage: 'ko',
    license: 'https://www.kogl.or.kr/info/licenseType1.do',
    datePublished: '2026-01-05T10:00:00+09:00',
    dateModified: '2026-01-06T09:00:00+09:00',
    copyrightHolder: { name: '시험부' },
  });
  t.deepEqual((ld.workTranslation as Array<{ '@id': string }>).map((w) => w['@id']), ['https://example.go.kr/news/en/2026-01-05-alpha/']);
  const en = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(await page('en/2026-01-05-alpha/index.html'))![1]!);
  t.is(en.translationOfWork['@id'], 'https://example.go.kr/news/ko/2026-01-05-alpha/');
});

test('notice pages should show headline, subtitle, contacts, attachments, changes and the KOGL sentence', async (t) => {
  const html = await page('ko/2026-01-05-alpha/index.html');
  t.regex(html, /<h1>알파 사업 공고<\/h1>/);
  t.regex(html, /<li>첫째 줄 요약<\/li><li>둘째 줄 요약<\/li>/);
  t.regex(html, /김시험/);
  t.regex(html, /href="tel:0440001234">044-000-1234</);
  t.regex(html, /href="mailto:test@example\.go\.kr"/);
  t.regex(html, /<a href="files\/plan\.pdf">사업 계획<\/a> <span class="file-info">\(PDF, 17 B\)<\/span>/);
  t.regex(html, /<time datetime="2026-01-06T09:00:00\+09:00">2026년 1월 6일\(화\) 오전 9:00<\/time> <span>표의 수치 정정<\/span>/);
  t.regex(html, /이 보도자료 「알파 사업 공고」의 저작권은 시험부에 있으며, 「공공누리」 제1유형: 출처표시 조건에 따라 누구나 이용할 수 있습니다\./);
  t.regex(html, /<img src="\.\.\/\.\.\/assets\/kogl\/kogl-1\.svg" alt="공공누리 제1유형: 출처표시"/);
  const en = await page('en/2026-01-05-alpha/index.html');
  t.regex(en, /“Alpha programme call” by the Ministry of Testing may be used under the Korea Open Government License \(KOGL\) Type 1: Source Indication\./);
  t.regex(en, /Monday 5 January 2026, 10:00 \(UTC\+09:00\)/);
});

test('the attachment should be copied beside each language page', async (t) => {
  const { out } = await built;
  for (const locale of ['ko', 'en']) {
    t.is(await readFile(path.join(out, locale, '2026-01-05-alpha/files/plan.pdf'), 'utf8'), 'attachment bytes\n');
  }
});

test('footnotes and in-page links should be translated and point at existing ids', async (t) => {
  const html = await page('ko/2026-01-05-alpha/index.html');
  t.regex(html, /<h2 class="sr-only" id="user-content-footnote-label">각주<\/h2>/);
  t.regex(html, /aria-label="본문의 1번 각주 위치로 돌아가기"/);
  for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) {
    t.true(html.includes(`id="${target}"`), `#${target} has a target`);
  }
  t.regex(html, /href="#user-content-개요"/);
  const en = await page('en/2026-01-05-alpha/index.html');
  t.regex(en, />Footnotes<\/h2>/);
});

test('external links should be marked, and table alignment written as classes', async (t) => {
  const html = await page('ko/2026-01-05-alpha/index.html');
  t.regex(html, /<a href="https:\/\/www\.example\.org\/" class="external" rel="external noopener noreferrer">누리집<span class="visually-hidden"> \(외부 링크\)<\/span><\/a>/);
  t.regex(html, /<td class="align-right">1,000<\/td>/);
  t.notRegex(html, /align="/);
});

test('a withdrawn notice should keep its page with a banner and the reason', async (t) => {
  const html = await page('ko/2026-03-01-gamma/index.html');
  t.regex(html, /class="banner banner-withdrawn" role="note"/);
  t.regex(html, /이 보도자료는 2026년 3월 2일\(월\) 오후 6:00에 철회되었습니다/);
  t.regex(html, /사유: 일정이 연기되었습니다\./);
  t.regex(await page('ko/index.html'), /class="listing-withdrawn">철회됨</);
});

test('a Korean-only notice should have no English alternate and appear only in the Korean listing', async (t) => {
  const html = await page('ko/2026-02-10-beta/index.html');
  t.notRegex(html, /hreflang="en" href="[^"]*2026-02-10-beta/);
  t.regex(html, /<a href="https:\/\/example\.go\.kr\/news\/en\/" hreflang="en" lang="en" rel="alternate">English<\/a>/);
  const allEnglish = (await page('en/index.html')) + (await page('en/page/2/index.html').catch(() => ''));
  t.false(allEnglish.includes('2026-02-10-beta'));
});

test('hostile Markdown should lose scripts, event handlers, javascript: links, iframes, forms and objects', async (t) => {
  const html = await page('ko/2026-03-15-hostile/index.html');
  const body = html.slice(html.indexOf('<div class="notice-body">'), html.indexOf('<section class="kogl"'));
  t.notRegex(body, /<script/i);
  t.notRegex(body, /\son[a-z]+=/i);
  t.notRegex(body, /javascript:/i);
  t.notRegex(body, /data:text/i);
  t.notRegex(body, /<(iframe|form|input|object|embed|style)\b/i);
  t.notRegex(body, /style=/i);
  t.notRegex(body, /evil\.example/);
  t.regex(body, /<p>문단<\/p>/);
  t.regex(html, /<h1>위험한 본문 &#x3C;시험> &#x26; 검사<\/h1>/);
});

test('listings should be newest first and paginated with rel prev/next', async (t) => {
  const first = await page('ko/index.html');
  const ids = [...first.matchAll(/href="\.\.\/ko\/(\d{4}-[^/]+)\/"/g)].map((m) => m[1]);
  t.deepEqual(ids, ['2026-03-15-hostile', '2026-03-01-gamma']);
  t.regex(first, /<link rel="next" href="\.\.\/ko\/page\/2\/">/);
  const second = await page('ko/page/2/index.html');
  t.deepEqual([...second.matchAll(/href="\.\.\/\.\.\/\.\.\/ko\/(\d{4}-[^/]+)\/"/g)].map((m) => m[1]), ['2026-02-10-beta', '2026-01-05-alpha']);
  t.regex(second, /<link rel="prev" href="\.\.\/\.\.\/\.\.\/ko\/">/);
  t.regex(second, /<a href="\.\.\/\.\.\/\.\.\/ko\/page\/2\/" aria-current="page">2<\/a>/);
});

test('the root page should offer both languages with hreflang alternates', async (t) => {
  const html = await page('index.html');
  t.regex(html, /<a href="ko\/" hreflang="ko" lang="ko">/);
  t.regex(html, /<a href="en\/" hreflang="en" lang="en">/);
  t.regex(html, /<link rel="alternate" hreflang="en" href="https:\/\/example\.go\.kr\/news\/en\/">/);
});

test('sitemap.xml should list every page with xhtml:link alternates', async (t) => {
  const xml = await page('sitemap.xml');
  t.regex(xml, /xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml"/);
  t.regex(xml, /<loc>https:\/\/example\.go\.kr\/news\/en\/2026-01-05-alpha\/<\/loc><lastmod>2026-01-06T00:00:00Z<\/lastmod><xhtml:link rel="alternate" hreflang="ko" href="https:\/\/example\.go\.kr\/news\/ko\/2026-01-05-alpha\/" \/><xhtml:link rel="alternate" hreflang="en"/);
  // The root, two language homes, ko/page/2/, the subscribe and search pages of each language, three
  // category listings per language, two Korean tag listings and six notice pages.
  t.is([...xml.matchAll(/<loc>/g)].length, 4 + 4 + 6 + 2 + 6);
});

test('manifest.json should list every other file with its size and sha256', async (t) => {
  const { out } = await built;
  const manifest = JSON.parse(await readText(out, 'manifest.json')) as { files: Array<{ path: string; size: number; sha256: string }> };
  const files = (await listFiles(out)).filter((f) => f !== 'manifest.json' && f !== '.gongbo-build');
  t.deepEqual(manifest.files.map((f) => f.path), files);
  for (const entry of manifest.files.filter((f) => f.path.endsWith('.html')).slice(0, 5)) {
    const bytes = await readFile(path.join(out, entry.path));
    t.is(entry.size, bytes.byteLength);
    t.is(entry.sha256, createHash('sha256').update(bytes).digest('hex'));
  }
  t.true(files.includes('assets/style.css'));
  t.true(files.includes('assets/kogl/kogl-1.svg'));
  t.true(files.some((f) => /^assets\/fonts\/files\/noto-sans-kr-\d+-400-normal\.woff2$/.test(f)));
});

test('two builds of the same sources and --now should be byte-identical', async (t) => {
  const { out } = await built;
  const again = path.join(await tempDir(), 'dist');
  await buildSite({ cwd: fixture('basic'), out: again, now: NOW, pdf: false });
  t.is(await readText(again, 'manifest.json'), await readText(out, 'manifest.json'));
});

test('a build with errors should leave the previous dist/ exactly as it was', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  const out = path.join(site, 'dist');
  await buildSite({ cwd: site, out, now: NOW, pdf: false });
  const before = await readText(out, 'manifest.json');
  const beforeTime = (await stat(path.join(out, 'index.html'))).mtimeMs;
  await writeFile(path.join(site, 'notices/2026-02-10-beta/ko.md'), '---\ntitle: x\ndate: 2026-02-30T12:00:00+09:00\ndepartmnet: y\ncategory: notice\n---\n');
  const result = await buildSite({ cwd: site, out, now: NOW, pdf: false });
  t.false(result.ok);
  t.is(result.manifest, undefined);
  t.is(await readText(out, 'manifest.json'), before);
  t.is((await stat(path.join(out, 'index.html'))).mtimeMs, beforeTime);
  t.deepEqual((await readdir(site)).filter((n) => n.startsWith('.dist')), [], 'no temporary folders left');
});

test('every page should pass html-validate (standard rules) with no messages', async (t) => {
  const { HtmlValidate } = await import('html-validate');
  const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
  const { out } = await built;
  const pages = (await listFiles(out)).filter((f) => f.endsWith('.html'));
  t.true(pages.length >= 9);
  for (const file of pages) {
    const report = await validator.validateString(await readText(out, file), file);
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${file}:${m.line}:${m.column} ${m.ruleId} ${m.message}`));
    t.deepEqual(messages, [], file);
  }
});

test('each mirror should get its own listings of what it takes, and nothing in the languages it does not', async (t) => {
  const { out } = await built;
  const files = (await listFiles(out)).filter((f) => f.startsWith('mirrors/alpha/') && f.endsWith('.html'));
  t.deepEqual(files, ['mirrors/alpha/index.html', 'mirrors/alpha/ko/index.html', 'mirrors/alpha/ko/press-release/index.html']);
  const listing = await page('mirrors/alpha/ko/index.html');
  t.deepEqual([...listing.matchAll(/href="\.\.\/ko\/(\d{4}-[^/]+)\/"/g)].map((m) => m[1]), ['2026-03-01-gamma', '2026-01-05-alpha'], 'press releases only');
  t.regex(listing, /<link rel="canonical" href="https:\/\/alpha\.example\.kr\/m\/ko\/">/);
  t.notRegex(await page('mirrors/alpha/index.html'), /hreflang="en"/);
  // A Korean page on this mirror still offers English: at the origin.
  t.regex(await page('ko/2026-01-05-alpha/index.html'), /<a href="https:\/\/example\.go\.kr\/news\/en\/2026-01-05-alpha\/" hreflang="en" lang="en" rel="alternate">English<\/a>/);
});

test('a build should refuse an output folder whose replacement would destroy sources or other files', async (t) => {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  await writeFile(path.join(site, 'notes.txt'), 'keep me');
  for (const out of ['notices', '.', '..', 'notices/2026-01-05-alpha/files', site]) {
    await t.throwsAsync(buildSite({ cwd: site, out, now: NOW, pdf: false }), { instanceOf: OutDirError }, out);
  }
  const other = path.join(site, 'other');
  await cp(path.join(site, 'notices/2026-01-05-alpha'), other, { recursive: true });
  await t.throwsAsync(buildSite({ cwd: site, out: 'other', now: NOW, pdf: false }), { message: /holds files that no gongbo build wrote/ });
  t.is(await readText(site, 'notices/2026-01-05-alpha/ko.md').then((s) => s.slice(0, 3)), '---');
  t.is(await readText(site, 'notes.txt'), 'keep me');
  const first = await buildSite({ cwd: site, out: 'public', now: NOW, pdf: false });
  t.true(first.ok);
  t.true((await buildSite({ cwd: site, out: 'public', now: NOW, pdf: false })).ok, 'an earlier build may be replaced');
});

test('only attachments and files the text uses should be published from files/', async (t) => {
  const { out } = await built;
  const files = (await listFiles(out)).filter((f) => /^(ko|en)\/[^/]+\/files\//.test(f));
  t.deepEqual(files, [
    'en/2026-01-05-alpha/files/chart 1.png',
    'en/2026-01-05-alpha/files/plan.pdf',
    'ko/2026-01-05-alpha/files/chart 1.png',
    'ko/2026-01-05-alpha/files/plan.pdf',
  ]);
  t.false(files.some((f) => f.includes('internal-memo')));
  t.regex(await page('ko/2026-01-05-alpha/index.html'), /<img src="files\/chart%201\.png" alt="수치 그림">/);
});

test('listings and the root page should carry schema.org data too', async (t) => {
  const ld = (html: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, any>;
  const listing = ld(await page('ko/page/2/index.html'));
  t.like(listing, { '@type': 'CollectionPage', inLanguage: 'ko', url: 'https://example.go.kr/news/ko/page/2/' });
  t.deepEqual(listing.mainEntity.itemListElement.map((e: { position: number }) => e.position), [3, 4]);
  t.like(ld(await page('index.html')), { '@type': 'WebSite', url: 'https://example.go.kr/news/' });
});

test('a link with a malformed escape should build, left as written', async (t) => {
  const cwd = await writeTempSite({ 'notices/2026-05-13-x/ko.md': frontMatter({}, '[이상한 링크](#%E0%A4)') });
  const out = path.join(cwd, 'dist');
  const result = await buildSite({ cwd, out, now: NOW, pdf: false });
  t.true(result.ok);
  t.regex(await readText(out, 'ko/2026-05-13-x/index.html'), /<a href="#%E0%A4">이상한 링크<\/a>/);
});

test('relative links and images in raw HTML should be written as valid URLs', async (t) => {
  const cwd = await writeTempSite({
    'notices/2026-05-13-x/ko.md': frontMatter({}, '<img src="files/chart 1.png" alt="그림"> <a href="files/계획 (안).pdf">계획</a> <a href="files/a%20b.pdf">이미 인코딩됨</a>'),
    'notices/2026-05-13-x/files/chart 1.png': 'png',
  });
  const out = path.join(cwd, 'dist');
  t.true((await buildSite({ cwd, out, now: NOW, pdf: false })).ok);
  const html = await readText(out, 'ko/2026-05-13-x/index.html');
  t.regex(html, /<img src="files\/chart%201\.png" alt="그림">/);
  t.regex(html, /<a href="files\/%EA%B3%84%ED%9A%8D%20\(%EC%95%88\)\.pdf">계획<\/a>/);
  t.regex(html, /<a href="files\/a%20b\.pdf">/);
  t.deepEqual((await listFiles(out)).filter((f) => f.startsWith('ko/2026-05-13-x/files/')), ['ko/2026-05-13-x/files/chart 1.png']);
});
