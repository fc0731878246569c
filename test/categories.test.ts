import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildSite, checkSite, CACHE_DIR } from '../src/build.js';
import { buildStatePath, loadBuildState } from '../src/write/build-state.js';
import { tagSlug } from '../src/render/html/tag-slug.js';
import { frontMatter, listFiles, NOW, readText, tempDir, writeSite } from './helpers.js';

// Parsed XML is walked by element name; its shape is whatever the document holds.
type Node = Record<string, any>;

const ORIGIN = 'https://example.go.kr/news/';
const CATEGORIES = ['press-release', 'notice', 'briefing'];

const CONFIG = `site:
  url: ${ORIGIN}
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [${CATEGORIES.join(', ')}]
mirrors:
  partner:
    url: "file:mirrors/partner/"
    public_url: https://partner.example.kr/m/
    languages: [ko]
    categories: [press-release]
`;

/** id → [category, languages, tags]. */
const NOTICES: Record<string, [string, string[], string[]]> = {
  '2026-01-05-hub': ['press-release', ['ko', 'en'], ['인공지능', 'AI']],
  '2026-02-10-rules': ['notice', ['ko'], ['AI', '규정']],
  '2026-03-01-talk': ['briefing', ['ko', 'en'], []],
  '2026-04-20-budget': ['press-release', ['ko', 'en'], ['R&D']],
};

function siteFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'gongbo.config.yaml': CONFIG,
    // A category the site defines gets its label from the site's locales; without one, its code.
    'locales/ko.json': JSON.stringify({ category: { briefing: '브리핑' } }),
  };
  for (const [id, [category, locales, tags]] of Object.entries(NOTICES)) {
    for (const locale of locales) {
      files[`notices/${id}/${locale}.md`] = frontMatter({
        title: `"${id} ${locale}"`,
        date: `${id.slice(0, 10)}T12:00:00+09:00`,
        category,
        ...(tags.length > 0 ? { tags: `[${tags.map((t) => JSON.stringify(t)).join(', ')}]` } : {}),
      });
    }
  }
  return files;
}

async function buildInto(site: string, out: string) {
  const result = await buildSite({ cwd: site, out, now: NOW, pdf: false });
  if (!result.ok) throw new Error('The site did not build');
  return result;
}

const built = (async () => {
  const site = await writeSite(siteFiles());
  const out = path.join(await tempDir(), 'dist');
  await buildInto(site, out);
  return { site, out };
})();

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  htmlEntities: true,
  isArray: (name) => ['entry', 'item', 'category', 'outline'].includes(name),
});

function parseXml(xml: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Not well-formed: ${valid.err.msg}`);
  return parser.parse(xml) as Node;
}

/** Notices a listing page links, in order. */
function listed(html: string): string[] {
  return [...html.matchAll(/<h2><a href="[./]*(?:ko|en)\/(\d{4}-\d{2}-\d{2}-[a-z-]+)\/">/g)].map((m) => m[1]!);
}

function expected(locale: string, keep: (category: string, tags: string[]) => boolean): string[] {
  return Object.entries(NOTICES).filter(([, [category, locales, tags]]) => locales.includes(locale) && keep(category, tags))
    .map(([id]) => id).sort().reverse();
}

async function feedIds(out: string, folder: string): Promise<Record<string, string[]>> {
  const rss = parseXml(await readText(out, `${folder}rss.xml`));
  const atom = parseXml(await readText(out, `${folder}atom.xml`));
  const json = JSON.parse(await readText(out, `${folder}feed.json`)) as Node;
  const idOf = (url: string) => url.replace(/^.*\/(\d{4}-[^/]+)\/$/, '$1');
  return {
    rss: ((rss.rss.channel.item ?? []) as Node[]).map((i) => idOf(String(i.guid['#text'] ?? i.guid))),
    atom: ((atom.feed.entry ?? []) as Node[]).map((e) => idOf(String(e.id))),
    json: (json.items as Node[]).map((i) => idOf(String(i.id))),
  };
}

test('each category should have a listing and feeds per language, with its notices and only those', async (t) => {
  const { out } = await built;
  for (const locale of ['ko', 'en']) {
    for (const category of CATEGORIES) {
      const ids = expected(locale, (c) => c === category);
      t.deepEqual(listed(await readText(out, `${locale}/${category}/index.html`)), ids, `${locale}/${category}/ listing`);
      const feeds = await feedIds(out, `${locale}/${category}/`);
      t.deepEqual(feeds, { rss: ids, atom: ids, json: ids }, `${locale}/${category}/ feeds`);
    }
  }
  const atom = parseXml(await readText(out, 'ko/notice/atom.xml'));
  t.is(atom.feed.id, `${ORIGIN}ko/notice/atom.xml`);
  const self = (atom.feed.link as Node[]).find((l) => l['@_rel'] === 'self');
  t.is(self?.['@_href'], `${ORIGIN}ko/notice/atom.xml`);
  const home = (atom.feed.link as Node[]).find((l) => l['@_rel'] === 'alternate' && l['@_type'] === 'text/html');
  t.is(home?.['@_href'], `${ORIGIN}ko/notice/`, 'a category feed links home to its own listing');
});

test('category labels should come from the locales, the site\'s own included, else the code', async (t) => {
  const { out } = await built;
  t.regex(await readText(out, 'ko/press-release/index.html'), /<h1 class="listing-title">보도자료<\/h1>/);
  t.regex(await readText(out, 'en/notice/index.html'), /<h1 class="listing-title">Notice<\/h1>/);
  t.regex(await readText(out, 'ko/briefing/index.html'), /<h1 class="listing-title">브리핑<\/h1>/);
  t.regex(await readText(out, 'en/briefing/index.html'), /<h1 class="listing-title">briefing<\/h1>/);
  t.is(parseXml(await readText(out, 'ko/briefing/rss.xml')).rss.channel.title, '시험부: 브리핑');
  t.is((JSON.parse(await readText(out, 'en/press-release/feed.json')) as Node).title, 'Ministry of Testing: Press release');
});

test('check should warn, at its code in the config, about a category with no name in a language, and only that', async (t) => {
  const result = await checkSite({ cwd: await writeSite(siteFiles()) });
  t.true(result.ok, 'a warning: the site still builds, showing the code');
  const found = result.files.flatMap((f) => f.messages.filter((m) => m.ruleId === 'category-label').map((m) => [f.path, m.line, m.column, m.fatal, m.reason]));
  t.deepEqual(found, [[
    'gongbo.config.yaml', 4, 'categories: ['.length + CATEGORIES.slice(0, 2).join(', ').length + ', '.length + 1, false,
    'Category `briefing` has no English name, so English pages, feeds and search filters show `briefing` itself: add it to the site\'s `locales/en.json`, like `{"category": {"briefing": "Events"}}`',
  ]]);
});

test('Atom entries should carry the category code as term and the reader\'s label as label', async (t) => {
  const { out } = await built;
  for (const [file, label] of [['ko/atom.xml', '브리핑'], ['en/atom.xml', 'briefing'], ['ko/briefing/atom.xml', '브리핑']] as const) {
    const entry = (parseXml(await readText(out, file)).feed.entry as Node[]).find((e) => String(e.id).endsWith('/2026-03-01-talk/'))!;
    t.deepEqual(entry.category.map((c: Node) => [c['@_term'], c['@_label']]), [['briefing', label]], file);
  }
  const hub = (parseXml(await readText(out, 'ko/atom.xml')).feed.entry as Node[]).find((e) => String(e.id).endsWith('/2026-01-05-hub/'))!;
  t.deepEqual(hub.category.map((c: Node) => [c['@_term'], c['@_label']]), [['press-release', '보도자료'], ['인공지능', '인공지능'], ['AI', 'AI']]);
});

test('category listings and notice pages should announce their category\'s feeds', async (t) => {
  const { out } = await built;
  const feedLinks = (html: string) => [...html.matchAll(/<link rel="alternate" type="application\/(?:rss\+xml|atom\+xml|feed\+json)" title="([^"]*)" href="([^"]*)">/g)]
    .map((m) => [m[1], m[2]]);
  const listing = feedLinks(await readText(out, 'ko/briefing/index.html'));
  t.deepEqual(listing.slice(0, 3), [
    ['브리핑 RSS', '../../ko/briefing/rss.xml'], ['브리핑 Atom', '../../ko/briefing/atom.xml'], ['브리핑 JSON Feed', '../../ko/briefing/feed.json'],
  ], 'its own feeds first');
  t.true(listing.some(([, href]) => href === '../../ko/rss.xml'), 'and the whole site\'s');
  const page = feedLinks(await readText(out, 'en/2026-01-05-hub/index.html'));
  t.deepEqual(page.map(([, href]) => href), [
    '../../en/rss.xml', '../../en/atom.xml', '../../en/feed.json',
    '../../en/press-release/rss.xml', '../../en/press-release/atom.xml', '../../en/press-release/feed.json',
  ]);
  t.is(page[3]![0], 'Press release (RSS)');
});

test('the subscribe page should link every feed of its language, and the OPML file should list each one', async (t) => {
  const { out } = await built;
  for (const locale of ['ko', 'en']) {
    const html = await readText(out, `${locale}/subscribe/index.html`);
    const opml = parseXml(await readText(out, `${locale}/feeds.opml`));
    t.is(opml.opml['@_version'], '2.0');
    t.truthy(opml.opml.head.title);
    const outlines = opml.opml.body.outline as Node[];
    const folders = [`${locale}/`, ...CATEGORIES.map((c) => `${locale}/${c}/`)];
    t.deepEqual(outlines.map((o) => o['@_xmlUrl']), folders.map((f) => `${ORIGIN}${f}rss.xml`), `${locale}: one outline per feed`);
    for (const outline of outlines) {
      t.is(outline['@_type'], 'rss');
      t.truthy(outline['@_text']);
      t.true(String(outline['@_htmlUrl']).startsWith(ORIGIN));
    }
    for (const folder of folders) {
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        t.true(html.includes(`href="../../${folder}${file}"`), `${locale}: links ${folder}${file}`);
        t.true(html.includes(`>${ORIGIN}${folder}${file}</a>`), `${locale}: shows ${folder}${file}'s address`);
        t.true(existsSync(path.join(out, folder, file)), `${folder}${file} exists`);
      }
    }
    t.true(html.includes(`href="../../${locale}/feeds.opml"`));
    t.regex(html, new RegExp(`<link rel="alternate" hreflang="${locale === 'ko' ? 'en' : 'ko'}" href="${ORIGIN}${locale === 'ko' ? 'en' : 'ko'}/subscribe/">`));
  }
  t.regex(await readText(out, 'ko/index.html'), /<a href="\.\.\/ko\/subscribe\/">/, 'the listing links the subscribe page');
});

test('a mirror should get the listings and feeds of the categories it takes, and no others', async (t) => {
  const { out } = await built;
  const files = (await listFiles(out)).filter((f) => f.startsWith('mirrors/partner/'));
  t.deepEqual(files.filter((f) => /\/(press-release|notice|briefing)\//.test(f)), [
    'mirrors/partner/ko/press-release/atom.xml', 'mirrors/partner/ko/press-release/feed.json',
    'mirrors/partner/ko/press-release/index.html', 'mirrors/partner/ko/press-release/rss.xml',
  ]);
  const feeds = await feedIds(out, 'mirrors/partner/ko/press-release/');
  const ids = expected('ko', (c) => c === 'press-release');
  t.deepEqual(feeds, { rss: ids, atom: ids, json: ids });
  const rss = parseXml(await readText(out, 'mirrors/partner/ko/press-release/rss.xml'));
  t.is(rss.rss.channel.link, 'https://partner.example.kr/m/ko/press-release/');
  const listing = await readText(out, 'mirrors/partner/ko/press-release/index.html');
  t.deepEqual(listed(listing), ids);
  t.false(listing.includes('subscribe/'), 'a mirror has no subscribe page to link');
  t.false(listing.includes('tags/'), 'nor tag listings');
});

test('each tag should have a listing per language that uses it, in a folder safe on every OS', async (t) => {
  const { out } = await built;
  t.deepEqual(listed(await readText(out, 'ko/tags/ai/index.html')), ['2026-02-10-rules', '2026-01-05-hub']);
  t.deepEqual(listed(await readText(out, 'en/tags/ai/index.html')), ['2026-01-05-hub']);
  const korean = await readText(out, 'ko/tags/인공지능/index.html');
  t.deepEqual(listed(korean), ['2026-01-05-hub']);
  t.regex(korean, /<h1 class="listing-title">주제어: 인공지능<\/h1>/);
  t.regex(korean, /<link rel="canonical" href="https:\/\/example\.go\.kr\/news\/ko\/tags\/%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5\/">/);
  t.deepEqual(listed(await readText(out, 'en/tags/r-d/index.html')), ['2026-04-20-budget']);
  t.deepEqual(listed(await readText(out, 'ko/tags/규정/index.html')), ['2026-02-10-rules']);
  t.false(existsSync(path.join(out, 'en/tags/규정')), 'a tag only Korean notices use has no English page');
  const listing = await readText(out, 'ko/index.html');
  t.true(listing.includes('href="../ko/tags/%EC%9D%B8%EA%B3%B5%EC%A7%80%EB%8A%A5/"'), 'listings link tags, percent-encoded');
});

test('tag slugs should be lower case NFC letters and digits joined by hyphens, and never a name Windows refuses', (t) => {
  t.is(tagSlug('AI'), 'ai');
  t.is(tagSlug(' Open  Data! '), 'open-data');
  t.is(tagSlug('R&D'), 'r-d');
  t.is(tagSlug('인공지능'.normalize('NFD')), '인공지능'.normalize('NFC'));
  t.is(tagSlug('CON'), 'tag-con');
  t.regex(tagSlug('#!'), /^tag-[0-9a-f]{8}$/);
  t.not(tagSlug('#!'), tagSlug('??'));
  t.is([...tagSlug('가'.repeat(80))].length, 50);
});

test('an edit to one notice should make again only the pages and feeds that show it', async (t) => {
  const site = await writeSite(siteFiles());
  const out = path.join(await tempDir(), 'dist');
  const statePath = buildStatePath(path.join(site, CACHE_DIR), out);
  await buildInto(site, out);
  const before = (await loadBuildState(statePath))!.outputs;
  const file = path.join(site, 'notices/2026-02-10-rules/ko.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('본문입니다.', '본문을 고쳤습니다.'));
  await buildInto(site, out);
  const after = (await loadBuildState(statePath))!.outputs;
  // Besides the search index of the notice's bundle of months (see search.test.ts).
  const remade = Object.keys(after).filter((p) => before[p]?.[0] !== after[p]![0])
    .filter((p) => !p.startsWith('ko/2026-02-10-rules/') && !/^(ko|en)\/search\/pagefind\/2026-/.test(p)).sort();
  t.deepEqual(remade, [
    'ko/atom.xml', 'ko/feed.json', 'ko/index.html',
    'ko/notice/atom.xml', 'ko/notice/feed.json', 'ko/notice/index.html', 'ko/notice/rss.xml',
    'ko/rss.xml', 'ko/tags/ai/index.html', 'ko/tags/규정/index.html',
  ], 'a body edit: no English file, and not the sitemap, which shows no text');
});

test('check should refuse a category code that could be a notice id, a reserved folder, or unsafe in a URL, with its position', async (t) => {
  for (const [code, reason] of [
    ['2026-01-01-news', /starts like a notice id/],
    ['page', /folder name gongbo uses/],
    ['tags', /folder name gongbo uses/],
    ['subscribe', /folder name gongbo uses/],
    ['Press Release', /lowercase letters, digits and single hyphens/],
  ] as const) {
    const site = await writeSite({ 'gongbo.config.yaml': CONFIG.replace('categories: [press-release, notice, briefing]', `categories: [press-release, "${code}"]`) });
    const result = await checkSite({ cwd: site, now: NOW });
    t.false(result.ok, code);
    const message = result.files.flatMap((f) => f.messages).find((m) => m.ruleId === 'config-category');
    t.truthy(message, code);
    t.regex(String(message?.reason), reason, code);
    t.is(message?.line, 4, code);
    t.is(message?.column, 29, code);
    t.is(message?.file, 'gongbo.config.yaml');
  }
});
