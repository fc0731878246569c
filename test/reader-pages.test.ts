// The pages readers browse by (listings per category and tag, subscribe, search) are in the sitemap, and a notice's tags lead to them.
import test from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildSite } from '../src/build.js';
import { renderPdfDocument } from '../src/render/pdf/render-pdf-document.js';
import { frontMatter, listFiles, NOW, readText, tempDir, writeSite } from './helpers.js';

const ORIGIN = 'https://example.go.kr/news/';

/** id → [category, { locale: tags }]. Three Korean notices tagged `연구 거점` (with a space) make its listing two pages long. */
const NOTICES: Record<string, [string, Record<string, string[]>]> = {
  '2026-01-05-hub': ['press-release', { ko: ['연구 거점', '인공지능'], en: ['Research Hub'] }],
  '2026-02-05-call': ['press-release', { ko: ['연구 거점'], en: ['research hub', 'Research-Hub', 'AI'] }],
  '2026-03-05-local': ['press-release', { ko: ['연구 거점'] }],
  '2026-04-05-rules': ['notice', { ko: [], en: [] }],
};

const built = (async () => {
  const files: Record<string, string> = {
    'gongbo.config.yaml': `site:\n  url: ${ORIGIN}\n  publisher: { ko: 시험부, en: Ministry of Testing }\n  per_page: 2\ncategories: [press-release, notice]\n`,
  };
  for (const [id, [category, versions]] of Object.entries(NOTICES)) {
    for (const [locale, tags] of Object.entries(versions)) {
      files[`notices/${id}/${locale}.md`] = frontMatter({
        title: `"${id} ${locale}"`,
        date: `${id.slice(0, 10)}T12:00:00+09:00`,
        category,
        ...(locale === 'en' ? { department: 'Testing Division' } : {}),
        ...(tags.length > 0 ? { tags: `[${tags.map((t) => JSON.stringify(t)).join(', ')}]` } : {}),
      });
    }
  }
  const site = await writeSite(files);
  const out = path.join(await tempDir(), 'dist');
  const result = await buildSite({ cwd: site, out, now: NOW, pdf: false });
  if (!result.ok) throw new Error('The site did not build');
  return { out, result };
})();

/** The sitemap's `<url>`s: each page's file under `dist/` and its alternates by hreflang. */
async function sitemap(out: string): Promise<Map<string, Record<string, string>>> {
  const xml = await readText(out, 'sitemap.xml');
  const entries = new Map<string, Record<string, string>>();
  for (const [, entry] of xml.matchAll(/<url>([\s\S]*?)<\/url>/g)) {
    const loc = /<loc>([^<]+)<\/loc>/.exec(entry!)![1]!;
    const alternates = Object.fromEntries([...entry!.matchAll(/hreflang="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
    entries.set(`${decodeURIComponent(loc.slice(ORIGIN.length))}index.html`, alternates);
  }
  return entries;
}

/** The hreflang alternates a page's head names; none when it names only itself. */
function headAlternates(html: string): Record<string, string> {
  const links = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1]!, m[2]!]);
  return links.length > 1 ? Object.fromEntries(links) : {};
}

test('the sitemap should list every page of the origin, listings of categories and tags, subscribe and search pages among them, and nothing else', async (t) => {
  const { out } = await built;
  const entries = await sitemap(out);
  const pages = (await listFiles(out)).filter((f) => f.endsWith('.html') && !f.startsWith('mirrors/'));
  t.deepEqual([...entries.keys()].sort(), pages);
  for (const page of [
    'ko/press-release/index.html', 'ko/press-release/page/2/index.html', 'en/notice/index.html',
    'ko/tags/연구-거점/index.html', 'ko/tags/연구-거점/page/2/index.html', 'en/tags/research-hub/index.html',
    'ko/subscribe/index.html', 'en/search/index.html',
  ]) t.true(entries.has(page), page);
  t.regex(await readText(out, 'sitemap.xml'), /<loc>https:\/\/example\.go\.kr\/news\/ko\/tags\/%EC%97%B0%EA%B5%AC-%EA%B1%B0%EC%A0%90\/page\/2\/<\/loc>/,
    'Hangul in a URL is percent-encoded, as the page\'s canonical link has it');
});

test('the sitemap should pair each page with the translations its own head names, x-default included', async (t) => {
  const { out } = await built;
  for (const [page, alternates] of await sitemap(out)) t.deepEqual(alternates, headAlternates(await readText(out, page)), page);
  const entries = await sitemap(out);
  t.deepEqual(entries.get('en/press-release/index.html'), {
    ko: `${ORIGIN}ko/press-release/`, en: `${ORIGIN}en/press-release/`, 'x-default': `${ORIGIN}ko/press-release/`,
  });
  t.deepEqual(entries.get('ko/subscribe/index.html'), {
    ko: `${ORIGIN}ko/subscribe/`, en: `${ORIGIN}en/subscribe/`, 'x-default': `${ORIGIN}ko/subscribe/`,
  });
  t.deepEqual(entries.get('en/search/index.html'), { ko: `${ORIGIN}ko/search/`, en: `${ORIGIN}en/search/`, 'x-default': `${ORIGIN}ko/search/` });
  t.deepEqual(entries.get('ko/press-release/page/2/index.html'), {}, 'page 2 of one language translates no page of the other');
  t.deepEqual(entries.get('ko/tags/연구-거점/index.html'), {}, 'a tag listing pairs with none');
});

// The origin's address: a mirror carries the notice page but not the tag listings.
test('a notice page should link each of its tags to that tag\'s listing in its language at the origin, in a labelled list', async (t) => {
  const { out } = await built;
  const tagList = (html: string) => /<section class="tags" aria-label="([^"]+)"><ul>([\s\S]*?)<\/ul><\/section>/.exec(html);
  const links = (html: string) => [...tagList(html)![2]!.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1]!, m[2]!]);

  const ko = await readText(out, 'ko/2026-01-05-hub/index.html');
  t.is(tagList(ko)![1], '주제어');
  t.deepEqual(links(ko), [
    [`${ORIGIN}ko/tags/%EC%97%B0%EA%B5%AC-%EA%B1%B0%EC%A0%90/`, '연구 거점'],
    [`${ORIGIN}ko/tags/%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5/`, '인공지능'],
  ]);
  // Tags written two ways that share a listing link it once.
  const en = await readText(out, 'en/2026-02-05-call/index.html');
  t.is(tagList(en)![1], 'Topics');
  t.deepEqual(links(en), [[`${ORIGIN}en/tags/research-hub/`, 'research hub'], [`${ORIGIN}en/tags/ai/`, 'AI']]);
  // Every link leads to a page the build wrote.
  for (const [id, [, versions]] of Object.entries(NOTICES)) {
    for (const locale of Object.keys(versions)) {
      const html = await readText(out, `${locale}/${id}/index.html`);
      for (const [href] of tagList(html) ? links(html) : []) {
        const target = decodeURIComponent(new URL(href!, `${ORIGIN}${locale}/${id}/`).pathname.slice(new URL(ORIGIN).pathname.length));
        t.true(existsSync(path.join(out, target, 'index.html')), `${locale}/${id} → ${target}`);
      }
    }
  }
  t.is(tagList(await readText(out, 'ko/2026-04-05-rules/index.html')), null, 'no tags, no list');
});

test('the PDF should keep a notice\'s tags as the plain list it prints', async (t) => {
  const { result } = await built;
  const notice = result.compiled!.find((n) => n.id === '2026-01-05-hub')!;
  const pdf = await renderPdfDocument(notice, 'ko', result.context!);
  t.regex(pdf.body, /<section class="tags" aria-label="주제어"><ul><li>연구 거점<\/li><li>인공지능<\/li><\/ul><\/section>/);
});
