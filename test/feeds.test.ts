import test from 'ava';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { buildSite, checkSite } from '../src/build.js';
import { createI18n } from '../src/i18n/create-i18n.js';
import { compileNotice, createProcessors, publicVersions } from '../src/transform/compile-notice.js';
import { listFeedLinks, measurePdfs, renderFeeds } from '../src/render/feeds/index.js';
import { createXmlSlots } from '../src/render/feeds/xml-slots.js';
import { patchXml } from '../src/render/feeds/patch-xml.js';
import { openItemCache, renderItemTemplate, type ItemEntry } from '../src/render/feeds/item-cache.js';
import { noticePath, pdfFileName } from '../src/render/html/notice-page.js';
import { fixture, frontMatter, listFiles, NOW, tempDir, writeSite } from './helpers.js';

// Parsed XML is walked by element name; its shape is whatever the document holds.
type Node = Record<string, any>;

const ORIGIN = 'https://example.go.kr/news/';
const HISTORY_NS = 'http://purl.org/syndication/history/1.0';

async function build(cwd: string, now = NOW): Promise<string> {
  const out = path.join(await tempDir(), 'dist');
  const result = await buildSite({ cwd, out, now, pdf: false });
  if (!result.ok) throw new Error(`Fixture ${cwd} did not build`);
  return out;
}

const site = build(fixture('feeds-site'));

async function feedPaths(out: string): Promise<string[]> {
  return (await listFiles(out)).filter((f) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(f));
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Decodes numeric character references too (gongbo writes `&#x3C;`, as the RSS profile asks).
  htmlEntities: true,
  // Atom has many links per element; an RSS <link> is a single URL.
  isArray: (name, jpath) => ['entry', 'item', 'atom:link', 'category'].includes(name) || (name === 'link' && String(jpath).startsWith('feed.')),
});

/** Problems a strict XML 1.0 parser (saxes) and fast-xml-parser's validator find; [] when well-formed. */
function wellFormednessErrors(xml: string): string[] {
  const errors: string[] = [];
  const sax = new SaxesParser({ xmlns: true });
  sax.on('error', (error) => errors.push(`saxes: ${error.message}`));
  sax.write(xml).close();
  const result = XMLValidator.validate(xml);
  if (result !== true) errors.push(`fast-xml-parser: ${result.err.msg} at ${result.err.line}:${result.err.col}`);
  return errors;
}

async function readXml(out: string, file: string): Promise<Node> {
  const xml = await readFile(path.join(out, file), 'utf8');
  // Parsing a malformed feed would only give confusing failures later: stop here.
  const errors = wellFormednessErrors(xml);
  if (errors.length > 0) throw new Error(`${file} is not well-formed: ${errors.join('; ')}`);
  return parser.parse(xml) as Node;
}

async function readJson(out: string, file: string): Promise<Node> {
  return JSON.parse(await readFile(path.join(out, file), 'utf8')) as Node;
}

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as Node)['#text']);
  return '';
}

/** The entry with `id`, from a parsed Atom document or its `feed` element. */
function entryById(atom: Node, id: string): Node {
  const entry = ((atom.feed ?? atom).entry as Node[]).find((e) => text(e.id) === id);
  if (!entry) throw new Error(`No entry ${id}`);
  return entry;
}

/** The item with guid `id`, from a parsed RSS document or its `channel` element. */
function itemByGuid(rss: Node, id: string): Node {
  const item = ((rss.rss?.channel ?? rss).item as Node[]).find((i) => text(i.guid) === id);
  if (!item) throw new Error(`No item ${id}`);
  return item;
}

function links(node: Node, key = 'link'): Array<{ rel: string; href: string; type?: string; hreflang?: string }> {
  return ((node[key] ?? []) as Node[]).map((l) => ({ rel: l['@_rel'], href: l['@_href'], type: l['@_type'], hreflang: l['@_hreflang'] }));
}

const id = (locale: string, notice: string) => `${ORIGIN}${locale}/${notice}/`;

test('writes RSS, Atom and JSON Feed per language at the origin and per language each mirror takes, whole and per category', async (t) => {
  const out = await site;
  const formats = (folder: string) => ['atom.xml', 'feed.json', 'rss.xml'].map((f) => `${folder}${f}`);
  const sets = (root: string, locales: string[], categories: string[]) => locales.flatMap((l) => [
    ...categories.flatMap((c) => formats(`${root}${l}/${c}/`)), ...formats(`${root}${l}/`),
  ]);
  t.deepEqual(await feedPaths(out), [
    ...sets('', ['en', 'ko'], ['call-for-proposals', 'notice', 'press-release']),
    ...sets('mirrors/alpha/', ['en', 'ko'], ['press-release']),
    ...sets('mirrors/beta/', ['ko'], ['notice', 'press-release']),
  ].sort());
});

test('every XML feed is well-formed to a strict XML parser and to fast-xml-parser, and every JSON Feed parses', async (t) => {
  const out = await site;
  for (const file of await feedPaths(out)) {
    const data = await readFile(path.join(out, file), 'utf8');
    if (file.endsWith('.json')) t.notThrows(() => JSON.parse(data), file);
    else t.deepEqual(wellFormednessErrors(data), [], file);
  }
});

test('the well-formedness check rejects what the feed package used to write', (t) => {
  // Guards the guard: fast-xml-parser alone accepts all three.
  t.notDeepEqual(wellFormednessErrors('<t><![CDATA[a]]]]><![CDATA[> b ]]> c]]></t>'), []);
  t.notDeepEqual(wellFormednessErrors('<c term="a<b"/>'), []);
  t.notDeepEqual(wellFormednessErrors('<t>a\u0001</t>'), []);
});

test('builds an Atom feed per language with xml:lang, rights, links and hubs', async (t) => {
  const out = await site;
  const atom = (await readXml(out, 'ko/atom.xml')).feed as Node;
  t.is(atom['@_xml:lang'], 'ko');
  t.is(text(atom.id), `${ORIGIN}ko/atom.xml`);
  t.regex(text(atom.rights), /공공누리 제1유형: 출처표시 · 출처: 시험부 \(https:\/\/www\.kogl\.or\.kr\/info\/licenseType1\.do\)/);
  t.is(text(atom.title), '시험부 보도자료');
  t.deepEqual(links(atom), [
    { rel: 'self', href: `${ORIGIN}ko/atom.xml`, type: 'application/atom+xml', hreflang: undefined },
    { rel: 'alternate', href: `${ORIGIN}ko/`, type: 'text/html', hreflang: 'ko' },
    { rel: 'alternate', href: `${ORIGIN}ko/rss.xml`, type: 'application/rss+xml', hreflang: 'ko' },
    { rel: 'alternate', href: `${ORIGIN}ko/feed.json`, type: 'application/feed+json', hreflang: 'ko' },
    { rel: 'alternate', href: `${ORIGIN}en/atom.xml`, type: 'application/atom+xml', hreflang: 'en' },
    { rel: 'hub', href: 'https://hub.example.net/', type: undefined, hreflang: undefined },
    { rel: 'hub', href: 'https://websub.example.org/hub', type: undefined, hreflang: undefined },
  ]);
  t.false('fh:archive' in atom, 'a subscription document is not an archive');
  t.false(links(atom).some((l) => l.rel === 'prev-archive'), 'fewer than 50 notices: no archive yet');
  const entries = atom.entry as Node[];
  t.deepEqual(entries.map((e) => text(e.id)), [
    id('ko', '2026-04-10-beta-only'), id('ko', '2026-03-15-hostile'), id('ko', '2026-03-01-withdrawn'),
    id('ko', '2026-02-10-changes'), id('ko', '2026-01-05-alpha'),
  ]);
  const newest = entries.map((e) => text(e.updated)).sort().at(-1);
  t.is(text(atom.updated), newest ?? '', 'feed updated is the newest entry updated');
  const alpha = entryById(atom, id('ko', '2026-01-05-alpha'));
  t.is(text(alpha.title), '알파 사업 공고');
  t.is(alpha.title['@_type'], 'text');
  t.is(text(alpha.summary), '첫째 줄 요약. 둘째 줄 요약.');
  t.is(text(alpha.published), '2026-01-05T01:00:00.000Z');
  t.is(text(alpha.author.name), '시험정책과');
  t.deepEqual((alpha.category as Node[]).map((c) => [c['@_term'], c['@_label']]), [['press-release', '보도자료'], ['시험', '시험'], ['알파', '알파']]);
  t.regex(text(alpha.rights), /제3유형: 출처표시 \+ 변경금지.*licenseType3\.do/, 'each entry names its own KOGL type');
  t.is(links(alpha)[0]!.href, id('ko', '2026-01-05-alpha'));
});

test('builds an RSS feed per language with language, copyright, atom:link self, alternates and hubs', async (t) => {
  const out = await site;
  const channel = (await readXml(out, 'en/rss.xml')).rss.channel as Node;
  t.is(text(channel.language), 'en');
  t.regex(text(channel.copyright), /KOGL Type 1: Source Indication · Source: Ministry of Testing & Trials \(https:\/\/www\.kogl\.or\.kr\/info\/licenseType1\.do\)/);
  t.is(text(channel.title), 'Ministry of Testing & Trials press releases');
  t.is(text(channel.link), `${ORIGIN}en/`);
  const atomLinks = links(channel, 'atom:link');
  t.deepEqual(atomLinks[0], { rel: 'self', href: `${ORIGIN}en/rss.xml`, type: 'application/rss+xml', hreflang: undefined });
  t.true(atomLinks.some((l) => l.rel === 'alternate' && l.href === `${ORIGIN}ko/rss.xml` && l.hreflang === 'ko'));
  t.true(atomLinks.some((l) => l.rel === 'alternate' && l.href === `${ORIGIN}en/atom.xml` && l.type === 'application/atom+xml'));
  t.deepEqual(atomLinks.filter((l) => l.rel === 'hub').map((l) => l.href), ['https://hub.example.net/', 'https://websub.example.org/hub']);
  // The withdrawal (3 March, 18:00 KST) is the newest change in English.
  t.is(text(channel.lastBuildDate), 'Tue, 03 Mar 2026 09:00:00 GMT');
  const alpha = itemByGuid(channel, id('en', '2026-01-05-alpha'));
  t.is(alpha.guid['@_isPermaLink'], 'true');
  t.is(text(alpha.link), id('en', '2026-01-05-alpha'));
  t.is(text(alpha.title), 'Alpha programme call');
  t.is(text(alpha.pubDate), 'Mon, 05 Jan 2026 01:00:00 GMT');
  t.is(text(alpha['dc:creator']), 'Testing Policy Division');
  t.false('author' in alpha, 'RSS <author> must be an e-mail address, so the department is dc:creator');
  t.deepEqual((alpha.category as unknown[]).map(text), ['Press release', 'testing', 'alpha']);
  t.false('enclosure' in alpha, 'no PDF in this build, so no enclosure');
  t.is(text(alpha.description), 'First summary line.');
  // Without a subtitle, the description is the opening text: RSS readers show it, and the profile wants one.
  const withdrawn = itemByGuid(channel, id('en', '2026-03-01-withdrawn'));
  t.regex(text(withdrawn.description), /^This release was withdrawn on .*Reason: The schedule was postponed The text before the withdrawal\.$/);
});

test('JSON Feed is version 1.1 with language, authors, hubs, string ids and _kogl objects', async (t) => {
  const out = await site;
  const feed = await readJson(out, 'ko/feed.json');
  t.is(feed.version, 'https://jsonfeed.org/version/1.1');
  t.is(feed.language, 'ko');
  t.is(feed.feed_url, `${ORIGIN}ko/feed.json`);
  t.is(feed.home_page_url, `${ORIGIN}ko/`);
  t.deepEqual(feed.authors, [{ name: '시험부', url: ORIGIN }]);
  t.deepEqual(feed.hubs, [{ type: 'WebSub', url: 'https://hub.example.net/' }, { type: 'WebSub', url: 'https://websub.example.org/hub' }]);
  t.like(feed._kogl, { license: 'kogl-1', url: 'https://www.kogl.or.kr/info/licenseType1.do', publisher: '시험부' });
  t.is(typeof feed._kogl.about, 'string');
  t.false('author' in feed, 'the 1.0 `author` field is gone');
  for (const item of feed.items as Node[]) {
    t.is(typeof item.id, 'string');
    t.is(item.language, 'ko');
    t.true(Array.isArray(item.authors) && item.authors.length === 1);
    t.is(typeof item._kogl.attribution, 'string');
  }
  const alpha = (feed.items as Node[]).find((i) => i.id === id('ko', '2026-01-05-alpha'))!;
  t.like(alpha, {
    url: id('ko', '2026-01-05-alpha'), title: '알파 사업 공고', summary: '첫째 줄 요약. 둘째 줄 요약.',
    date_published: '2026-01-05T01:00:00Z', date_modified: '2026-01-05T01:00:00Z', tags: ['보도자료', '시험', '알파'],
  });
  t.like(alpha._kogl, { license: 'kogl-3', mark: `${ORIGIN}assets/kogl/kogl-3.svg` });
  t.regex(alpha._kogl.attribution, /「알파 사업 공고」.*제3유형/);
});

test('item content is the whole body with every URL absolute, and ends with the KOGL attribution', async (t) => {
  const out = await site;
  const atom = await readXml(out, 'ko/atom.xml');
  const alpha = entryById(atom, id('ko', '2026-01-05-alpha'));
  t.is(alpha.content['@_type'], 'html');
  const html = text(alpha.content);
  const page = id('ko', '2026-01-05-alpha');
  t.regex(html, /알파 사업을 공고합니다/);
  const urls = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
  t.true(urls.length >= 6);
  for (const url of urls) t.regex(url, /^https:\/\//, url);
  t.true(urls.includes(`${page}files/plan.pdf`), 'relative link resolved against the page');
  t.true(urls.includes(`${page}files/chart.png`), 'image resolved against the page');
  t.true(urls.includes(`${page}#user-content-fn-1`), 'footnote reference points into the page');
  t.true(urls.includes(`${page}#user-content-fnref-1`), 'footnote back link points into the page');
  t.regex(html, /<section class="kogl"[^>]*>.*<img src="https:\/\/example\.go\.kr\/news\/assets\/kogl\/kogl-3\.svg" alt="공공누리 제3유형: 출처표시 \+ 변경금지"/);
  t.regex(html, /<\/section>$/, 'the attribution block is last');
  t.false(/\s(aria-[a-z]+|role)=/.test(html), 'no ARIA attributes, which readers strip and the W3C validator flags');
  t.regex(html, /data-footnote-ref/, 'data-* attributes stay');
  t.true(html.lastIndexOf('class="kogl"') > html.indexOf('각주 내용'), 'after the footnotes too');
  // The page shares the body tree: its links must have stayed relative.
  const pageHtml = await readFile(path.join(out, 'ko/2026-01-05-alpha/index.html'), 'utf8');
  t.regex(pageHtml, /href="files\/plan\.pdf"/);
  // RSS carries the same content.
  const rss = await readXml(out, 'ko/rss.xml');
  t.is(text(itemByGuid(rss, page)['content:encoded']), html);
});

test('a withdrawn notice stays, updated at its withdrawal, with the reason before the body', async (t) => {
  const out = await site;
  for (const [locale, reason, body] of [['ko', '사유: 일정이 연기되었습니다', '철회 전 본문'], ['en', 'Reason: The schedule was postponed', 'The text before the withdrawal']] as const) {
    const entry = entryById(await readXml(out, `${locale}/atom.xml`), id(locale, '2026-03-01-withdrawn'));
    t.is(text(entry.updated), '2026-03-03T09:00:00.000Z');
    t.is(text(entry.published), '2026-03-01T01:00:00.000Z');
    const html = text(entry.content);
    t.regex(html, /^<div class="banner banner-withdrawn">/);
    t.true(html.indexOf(reason) > 0 && html.indexOf(reason) < html.indexOf(body), locale);
  }
});

test('a change history entry moves the item updated time', async (t) => {
  const out = await site;
  const entry = entryById(await readXml(out, 'ko/atom.xml'), id('ko', '2026-02-10-changes'));
  t.is(text(entry.published), '2026-02-10T01:00:00.000Z');
  t.is(text(entry.updated), '2026-02-12T06:30:00.000Z');
  t.regex(text(entry.content), /일정 정정/);
  const item = (await readJson(out, 'ko/feed.json')).items.find((i: Node) => i.id === id('ko', '2026-02-10-changes'));
  t.is(item.date_modified, '2026-02-12T06:30:00Z');
});

test('drafts and embargoed notices are in no feed', async (t) => {
  const out = await site;
  for (const file of await feedPaths(out)) {
    const data = await readFile(path.join(out, file), 'utf8');
    t.false(data.includes('비공개') || data.includes('2026-04-01-draft') || data.includes('2030-01-01-future'), file);
  }
});

test('hostile title, subtitle, department and tags round-trip through every format', async (t) => {
  const out = await site;
  // Control characters never get this far: `check` rejects them (test/limits.test.ts).
  const title = '제목 ]]> 하나 ]]> 둘 <b>굵게</b> & AT&amp;T "인용" 끝';
  // A subtitle line is a sentence in summaries: it gets its period.
  const subtitle = '부제 ]]> ]]> <i> & 끝.';
  const department = '부서 ]]> ]]> <부> & 끝';
  const tag = '태그 ]]> ]]> <x> & "y"';
  for (const prefix of ['', 'mirrors/alpha/', 'mirrors/beta/']) {
    const entry = entryById(await readXml(out, `${prefix}ko/atom.xml`), id('ko', '2026-03-15-hostile'));
    t.is(text(entry.title), title);
    t.is(entry.title['@_type'], 'text');
    t.is(text(entry.summary), subtitle);
    t.is(text(entry.author.name), department);
    t.deepEqual((entry.category as Node[]).map((c) => c['@_term']), ['press-release', tag, 'R&D']);
    t.deepEqual((entry.category as Node[]).map((c) => c['@_label']), ['보도자료', tag, 'R&D']);
    const item = itemByGuid(await readXml(out, `${prefix}ko/rss.xml`), id('ko', '2026-03-15-hostile'));
    t.is(text(item.title), title);
    t.is(text(item['dc:creator']), department);
    t.deepEqual((item.category as unknown[]).map(text), ['보도자료', tag, 'R&D']);
    // RSS descriptions are HTML: the subtitle arrives escaped once more.
    t.is(text(item.description), '부제 ]]&gt; ]]&gt; &lt;i&gt; &amp; 끝.');
    const json = (await readJson(out, `${prefix}ko/feed.json`)).items.find((i: Node) => i.id === id('ko', '2026-03-15-hostile'));
    t.like(json, { title, summary: subtitle, authors: [{ name: department }], tags: ['보도자료', tag, 'R&D'] });
  }
});

test('no script or event handler reaches any feed', async (t) => {
  const out = await site;
  const unsafe = [/<script/i, /\son[a-z]+\s*=/i, /javascript:/i, /<iframe/i];
  for (const file of await feedPaths(out)) {
    const raw = await readFile(path.join(out, file), 'utf8');
    t.false(/<script/i.test(raw), `${file}: raw bytes`);
    let contents: string[];
    if (file.endsWith('.json')) {
      contents = ((JSON.parse(raw) as Node).items as Node[]).flatMap((i) => [i.content_html, i.summary ?? '']);
    } else if (file.endsWith('atom.xml')) {
      // A category with nothing in a language yet has a feed with no entries.
      contents = (((parser.parse(raw) as Node).feed.entry ?? []) as Node[]).flatMap((e) => [text(e.content), text(e.summary)]);
    } else {
      contents = (((parser.parse(raw) as Node).rss.channel.item ?? []) as Node[]).flatMap((i) => [text(i['content:encoded']), text(i.description)]);
    }
    t.true(contents.some((c) => c.includes('본문 ]]> ]]> 텍스트')) || !raw.includes('hostile'), `${file}: the hostile body is there, escaped`);
    for (const html of contents) for (const pattern of unsafe) t.false(pattern.test(html), `${file}: ${String(pattern)}`);
  }
});

test('mirror feeds hold only what the mirror takes, link under its public_url, and name the origin as source', async (t) => {
  const out = await site;
  const expected: Record<string, string[]> = {
    // alpha takes press releases only, and not the one that names beta as its only mirror.
    'mirrors/alpha/ko': ['2026-03-15-hostile', '2026-03-01-withdrawn', '2026-01-05-alpha'],
    'mirrors/alpha/en': ['2026-03-01-withdrawn', '2026-01-05-alpha'],
    'mirrors/beta/ko': ['2026-04-10-beta-only', '2026-03-15-hostile', '2026-03-01-withdrawn', '2026-02-10-changes', '2026-01-05-alpha'],
  };
  const publicUrls: Record<string, string> = { alpha: 'https://alpha.example.kr/m/', beta: 'https://beta.example.kr/' };
  for (const [dir, notices] of Object.entries(expected)) {
    const [, mirror, locale] = dir.split('/') as [string, string, string];
    const base = publicUrls[mirror]!;
    const atom = (await readXml(out, `${dir}/atom.xml`)).feed as Node;
    t.deepEqual((atom.entry as Node[]).map((e) => text(e.id)), notices.map((n) => id(locale, n)), `${dir}: ids stay the origin's`);
    t.is(links(atom)[0]!.rel, 'self');
    t.is(links(atom)[0]!.href, `${base}${locale}/atom.xml`);
    for (const link of links(atom).filter((l) => l.rel !== 'hub')) t.true(link.href.startsWith(base), `${dir}: ${link.href}`);
    t.false(links(atom).some((l) => l.hreflang === 'en' && mirror === 'beta'), 'beta takes no English: no English alternate');
    for (const entry of atom.entry as Node[]) {
      t.true(links(entry).every((l) => l.href.startsWith(base)), `${dir}: entry links`);
      t.is(text(entry.source.id), `${ORIGIN}${locale}/atom.xml`);
      t.is(text(entry.source.updated), text(entry.updated), 'the origin feed as of the entry\'s last change: archive pages stay fixed');
      t.deepEqual(links(entry.source)[0], { rel: 'self', href: `${ORIGIN}${locale}/atom.xml`, type: 'application/atom+xml', hreflang: undefined });
      t.regex(text(entry.content), new RegExp(`src="${base.replace(/\./g, '\\.')}assets/kogl/`), 'the KOGL mark is served by the mirror');
    }
    const channel = (await readXml(out, `${dir}/rss.xml`)).rss.channel as Node;
    t.is(links(channel, 'atom:link')[0]!.href, `${base}${locale}/rss.xml`);
    t.is(text(channel.link), `${base}${locale}/`);
    for (const item of channel.item as Node[]) {
      t.true(text(item.link).startsWith(base));
      t.is(item.source['@_url'], `${ORIGIN}${locale}/rss.xml`);
      t.is(text(item.source), locale === 'ko' ? '시험부 보도자료' : 'Ministry of Testing & Trials press releases');
    }
    const json = await readJson(out, `${dir}/feed.json`);
    t.is(json.feed_url, `${base}${locale}/feed.json`);
    t.true((json.items as Node[]).every((i) => i.url.startsWith(base) && i.id.startsWith(ORIGIN)));
  }
  const origin = (await readXml(out, 'ko/atom.xml')).feed as Node;
  t.false((origin.entry as Node[]).some((e) => 'source' in e), 'origin entries have no source');
});

test('pages advertise their language feeds in the head, relative to the page', async (t) => {
  const out = await site;
  const html = await readFile(path.join(out, 'en/2026-01-05-alpha/index.html'), 'utf8');
  t.regex(html, /<link rel="alternate" type="application\/rss\+xml" title="RSS" href="\.\.\/\.\.\/en\/rss\.xml">/);
  t.regex(html, /<link rel="alternate" type="application\/atom\+xml" title="Atom" href="\.\.\/\.\.\/en\/atom\.xml">/);
  t.regex(html, /<link rel="alternate" type="application\/feed\+json" title="JSON Feed" href="\.\.\/\.\.\/en\/feed\.json">/);
});

test('two builds, and a build with a later --now, give byte-identical feeds (updated never comes from the clock)', async (t) => {
  const first = await site;
  const again = await build(fixture('feeds-site'));
  const later = await build(fixture('feeds-site'), new Date('2029-06-01T00:00:00Z'));
  for (const file of await feedPaths(first)) {
    const bytes = await readFile(path.join(first, file));
    t.true(bytes.equals(await readFile(path.join(again, file))), `${file}: rebuild`);
    t.true(bytes.equals(await readFile(path.join(later, file))), `${file}: later --now`);
  }
});

/** The fixture compiled as the build does, for calling renderFeeds directly. */
async function compiledFixture() {
  const cwd = fixture('feeds-site');
  const checked = await checkSite({ cwd });
  const t = createI18n(cwd);
  const processors = createProcessors(t);
  const notices = checked.notices
    .map((n) => ({ ...n, versions: publicVersions(n, NOW.getTime()) }))
    .filter((n) => Object.keys(n.versions).length > 0)
    .map((n) => compileNotice(n, processors)!)
    .sort((a, b) => (a.id < b.id ? 1 : -1));
  return { notices, ctx: { config: checked.config!, t, pdf: true, feeds: listFeedLinks(t) } };
}

test('a PDF in the build becomes an enclosure with its exact length and application/pdf, in every format', async (t) => {
  const { notices, ctx } = await compiledFixture();
  const pdfPath = 'ko/2026-01-05-alpha/2026-01-05-alpha.ko.pdf';
  const sizes = measurePdfs([
    { path: pdfPath, data: new Uint8Array(12345) },
    { path: 'ko/2026-01-05-alpha/files/plan.pdf', from: '/nowhere/plan.pdf' },
    { path: 'ko/index.html', data: '<!doctype html>' },
  ]);
  t.deepEqual([...sizes], [[pdfPath, 12345]]);
  const files = new Map([...renderFeeds(notices, ctx, { pdfSizes: sizes })].map((f) => [f.path, (f.make() as { data: string }).data]));
  const rss = parser.parse(files.get('ko/rss.xml')!) as Node;
  t.deepEqual(itemByGuid(rss, id('ko', '2026-01-05-alpha')).enclosure, {
    '@_length': '12345', '@_type': 'application/pdf', '@_url': `${ORIGIN}${pdfPath}`,
  });
  t.false('enclosure' in itemByGuid(rss, id('ko', '2026-02-10-changes')), 'no size, no enclosure');
  const atom = parser.parse(files.get('ko/atom.xml')!) as Node;
  const enclosure = (entryById(atom, id('ko', '2026-01-05-alpha')).link as Node[]).find((l) => l['@_rel'] === 'enclosure');
  t.like(enclosure, { '@_href': `${ORIGIN}${pdfPath}`, '@_type': 'application/pdf', '@_length': '12345' });
  const json = JSON.parse(files.get('ko/feed.json')!) as Node;
  t.deepEqual(json.items.find((i: Node) => i.id === id('ko', '2026-01-05-alpha')).attachments, [
    { url: `${ORIGIN}${pdfPath}`, mime_type: 'application/pdf', size_in_bytes: 12345 },
  ]);
  const mirror = parser.parse(files.get('mirrors/alpha/ko/rss.xml')!) as Node;
  t.is(itemByGuid(mirror, id('ko', '2026-01-05-alpha')).enclosure['@_url'], `https://alpha.example.kr/m/${pdfPath}`);
  const english = parser.parse(files.get('en/rss.xml')!) as Node;
  t.false('enclosure' in itemByGuid(english, id('en', '2026-01-05-alpha')), 'the English PDF is not in the build');
  for (const [file, data] of files) if (file.endsWith('.xml')) t.deepEqual(wellFormednessErrors(data), [], file);
});

test('items made once and spliced into documents (the build\'s item cache) give the bytes of documents rendered whole', async (t) => {
  const { notices, ctx } = await compiledFixture();
  const keyed = notices.map((n) => ({ ...n, key: `k${n.id}` }));
  const sizes = new Map([['ko/2026-01-05-alpha/2026-01-05-alpha.ko.pdf', 12345], ['en/2026-01-05-alpha/2026-01-05-alpha.en.pdf', 777]]);
  // Mirror bases that read differently in an attribute, in text and to a URL parser, or as a replacement pattern.
  for (const mirrorUrl of [undefined, 'https://alpha.example.kr/a&b/', 'https://alpha.example.kr/$&/', 'https://alpha.example.kr/%ED%95%9C/']) {
    const config = mirrorUrl === undefined ? ctx.config : { ...ctx.config, mirrors: ctx.config.mirrors.map((m, i) => (i === 0 ? { ...m, publicUrl: mirrorUrl! } : m)) };
    const context = { ...ctx, config };
    const whole = new Map([...renderFeeds(keyed, context, { pdfSizes: sizes })].map((f) => [f.path, (f.make() as { data: string }).data]));
    const dir = path.join(await tempDir(), 'items');
    // Twice, each with the cache as a build opens it: the first makes and keeps each item's
    // elements, the second reads them back from disk.
    for (const round of ['made', 'read back']) {
      const items = openItemCache(dir, context);
      const spliced = [...renderFeeds(keyed, context, { pdfSizes: sizes, contentOf: items.contentOf, xmlOf: items.xmlOf })];
      t.deepEqual(spliced.map((f) => f.path), [...whole.keys()]);
      for (const file of spliced) t.is((file.make() as { data: string }).data, whole.get(file.path) ?? '(missing)', `${file.path} (${round}, mirror at ${mirrorUrl ?? 'its own URL'})`);
      items.flush();
    }
    // The elements were made once and kept (else the comparison above held trivially).
    const kept = new Set<string>();
    for (const file of (await listFiles(dir)).filter((f) => f.endsWith('.json'))) {
      const entry = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, { xml?: Record<string, string> }>;
      for (const [locale, content] of Object.entries(entry)) for (const name of Object.keys(content.xml ?? {})) kept.add(`${locale} ${name}`);
    }
    t.deepEqual([...kept].sort(), ['en atom', 'en atom@777', 'en rss', 'en rss@777', 'ko atom', 'ko atom@12345', 'ko rss', 'ko rss@12345']);

    // As a build keeps them: the content made with the page, the elements made then, once.
    const putDir = path.join(await tempDir(), 'items');
    const put = openItemCache(putDir, context);
    for (const notice of keyed) {
      const entry: ItemEntry = {};
      for (const locale of ['ko', 'en'] as const) if (notice.versions[locale]) entry[locale] = renderItemTemplate(notice, locale, context);
      put.put(notice, entry, (locale) => sizes.get(noticePath(notice.id, locale) + pdfFileName(notice.id, locale)));
    }
    const written = new Map<string, string>();
    for (const file of await listFiles(putDir)) written.set(file, await readFile(path.join(putDir, file), 'utf8'));
    const spliced = [...renderFeeds(keyed, context, { pdfSizes: sizes, contentOf: put.contentOf, xmlOf: put.xmlOf })];
    for (const file of spliced) t.is((file.make() as { data: string }).data, whole.get(file.path) ?? '(missing)', `${file.path} (kept by the build, mirror at ${mirrorUrl ?? 'its own URL'})`);
    put.flush();
    // Nothing left for the feeds to make: no entry was written again.
    for (const [file, bytes] of written) t.is(await readFile(path.join(putDir, file), 'utf8'), bytes, file);
  }
});

test('text placeholders are escaped for the place they land: element text, attribute, or a CDATA section', (t) => {
  const slots = createXmlSlots();
  const hostile = 'a ]]> b ]]> <c> & &amp; "d"\u0001\tz\n';
  const xml = slots.fill(`<r a="${slots.put(hostile)}"><t>${slots.put(hostile)}</t><u><![CDATA[${slots.put(hostile)}]]></u></r>`);
  t.deepEqual(wellFormednessErrors(xml), []);
  // saxes reports text and attributes as an XML 1.0 processor must (references decoded, values normalised).
  const sax = new SaxesParser();
  const texts: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  let current = '';
  sax.on('opentag', (tag) => {
    current = tag.name;
    Object.assign(attributes, tag.attributes);
  });
  sax.on('text', (value) => { texts[current] = (texts[current] ?? '') + value; });
  sax.write(xml).close();
  const clean = 'a ]]> b ]]> <c> & &amp; "d"\tz\n';
  t.is(texts.t, clean);
  t.is(texts.u, clean, 'no CDATA section: escaped text instead');
  t.is(attributes.a, clean, 'tab and newline survive attribute normalisation');
  t.throws(() => createXmlSlots().fill('<t>\uFDD07\uFDD1</t>'), { message: /placeholder/ });
});

test('patches of the feed package output fail loudly when the output no longer matches', (t) => {
  t.is(patchXml('<a/><a/>', /<a\/>/g, '<b/>', 2, 'rename a'), '<b/><b/>');
  t.throws(() => patchXml('<a/>', /<a\/>/g, '<b/>', 2, 'rename a'), { message: /Cannot rename a: expected 2 match\(es\).*found 1/ });
});

/** A site with `count` Korean notices, one a day from 1 January 2025; the first `english` also in English. */
async function writeManyNotices(dir: string, count: number, english: number): Promise<void> {
  await writeFile(path.join(dir, 'gongbo.config.yaml'), `site:
  url: ${ORIGIN}
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [press-release]
mirrors:
  beta: { url: "file:mirrors/beta/", public_url: "https://beta.example.kr/", languages: [ko] }
`);
  for (let n = 0; n < count; n++) {
    const day = new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);
    const folder = path.join(dir, 'notices', noticeId(n));
    await mkdir(folder, { recursive: true });
    for (const locale of n < english ? ['ko', 'en'] : ['ko']) {
      await writeFile(path.join(folder, `${locale}.md`), `---
title: "${locale === 'ko' ? '공지' : 'Notice'} ${n}"
date: ${day}T10:00:00+09:00
department: 시험정책과
category: press-release
---
${n}번 본문.
`);
    }
  }
}

function noticeId(n: number): string {
  return `${new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)}-n${String(n).padStart(3, '0')}`;
}

test('more than 50 notices: the newest 50 in the feed, full pages of 50 in an RFC 5005 archive chain', async (t) => {
  const dir = await tempDir('gongbo-feeds-');
  await writeManyNotices(dir, 120, 30);
  const out = await build(dir, new Date('2026-11-29T12:00:00+09:00'));
  const all = Array.from({ length: 120 }, (_, n) => id('ko', noticeId(n)));

  for (const [prefix, base] of [['', ORIGIN], ['mirrors/beta/', 'https://beta.example.kr/']] as const) {
    const url = (file: string) => `${base}${file}`;
    const current = (await readXml(out, `${prefix}ko/atom.xml`)).feed as Node;
    t.deepEqual((current.entry as Node[]).map((e) => text(e.id)), all.slice(70).reverse(), `${prefix}: newest 50, newest first`);
    t.is(links(current).find((l) => l.rel === 'prev-archive')?.href, url('ko/archive/2/atom.xml'));
    t.false('fh:archive' in current);

    const archive2 = (await readXml(out, `${prefix}ko/archive/2/atom.xml`)).feed as Node;
    t.is(archive2['@_xmlns:fh'], HISTORY_NS);
    t.true('fh:archive' in archive2);
    t.is(text(archive2.id), text(current.id), 'an archive page belongs to the same feed');
    t.deepEqual((archive2.entry as Node[]).map((e) => text(e.id)), all.slice(50, 100), 'page 2: items 50–99, oldest first');
    t.deepEqual(links(archive2).filter((l) => l.rel !== 'alternate').map((l) => [l.rel, l.href]), [
      ['self', url('ko/archive/2/atom.xml')], ['current', url('ko/atom.xml')], ['prev-archive', url('ko/archive/1/atom.xml')],
    ], 'the newest archive has no next-archive');
    t.is(text(archive2.updated), (archive2.entry as Node[]).map((e) => text(e.updated)).sort().at(-1) ?? '');

    const archive1 = (await readXml(out, `${prefix}ko/archive/1/atom.xml`)).feed as Node;
    t.deepEqual((archive1.entry as Node[]).map((e) => text(e.id)), all.slice(0, 50));
    t.deepEqual(links(archive1).filter((l) => l.rel !== 'alternate').map((l) => [l.rel, l.href]), [
      ['self', url('ko/archive/1/atom.xml')], ['current', url('ko/atom.xml')], ['next-archive', url('ko/archive/2/atom.xml')],
    ], 'the oldest archive has no prev-archive');

    // Walking prev-archive from the subscription document recovers every notice.
    const seen = new Set<string>();
    let doc: Node | undefined = current;
    let hops = 0;
    while (doc && hops++ < 10) {
      for (const e of doc.entry as Node[]) seen.add(text(e.id));
      const prev: string | undefined = links(doc).find((l) => l.rel === 'prev-archive')?.href;
      doc = prev ? (await readXml(out, prefix + prev.slice(base.length))).feed as Node : undefined;
    }
    t.deepEqual([...seen].sort(), [...all].sort());

    for (const page of [1, 2]) {
      const channel = (await readXml(out, `${prefix}ko/archive/${page}/rss.xml`)).rss.channel as Node;
      t.true('fh:archive' in channel);
      t.is((channel.item as Node[]).length, 50);
      t.true(links(channel, 'atom:link').some((l) => l.rel === 'current' && l.href === url('ko/rss.xml')));
    }
    const rss = (await readXml(out, `${prefix}ko/rss.xml`)).rss.channel as Node;
    t.is(links(rss, 'atom:link').find((l) => l.rel === 'prev-archive')?.href, url('ko/archive/2/rss.xml'));
  }
  // A category's feeds have an archive chain of their own, of its notices (here: all of them).
  const category = (await readXml(out, 'ko/press-release/archive/2/atom.xml')).feed as Node;
  t.deepEqual((category.entry as Node[]).map((e) => text(e.id)), all.slice(50, 100));
  t.deepEqual(links(category).filter((l) => l.rel !== 'alternate').map((l) => [l.rel, l.href]), [
    ['self', `${ORIGIN}ko/press-release/archive/2/atom.xml`], ['current', `${ORIGIN}ko/press-release/atom.xml`],
    ['prev-archive', `${ORIGIN}ko/press-release/archive/1/atom.xml`],
  ]);
  const categoryRss = (await readXml(out, 'mirrors/beta/ko/press-release/rss.xml')).rss.channel as Node;
  t.is(links(categoryRss, 'atom:link').find((l) => l.rel === 'prev-archive')?.href, 'https://beta.example.kr/ko/press-release/archive/2/rss.xml');
  const files = await feedPaths(out);
  t.true(files.includes('ko/press-release/archive/1/rss.xml'));
  t.false(files.some((f) => f.includes('archive/3/')), 'the 20 newest items make no partial page');
  t.false(files.some((f) => f.startsWith('en/archive/')), '30 English notices: no archive');
  t.false(files.some((f) => /archive\/.*feed\.json$/.test(f)), 'JSON Feed has no archives');
  t.is((await readJson(out, 'ko/feed.json')).items.length, 50);

  // A new notice changes the subscription documents, never a full archive page.
  await writeManyNotices(dir, 121, 30);
  const next = await build(dir, new Date('2026-11-29T12:00:00+09:00'));
  for (const file of files.filter((f) => f.includes('/archive/'))) {
    t.true((await readFile(path.join(out, file))).equals(await readFile(path.join(next, file))), `${file} unchanged`);
  }
  t.false((await readFile(path.join(out, 'ko/atom.xml'))).equals(await readFile(path.join(next, 'ko/atom.xml'))));
});

test('a tag that is the category\'s label (공모 on a call for proposals) shows once in every feed format', async (t) => {
  const dir = await writeSite({
    'notices/2026-05-13-call/ko.md': frontMatter({ category: 'call-for-proposals', tags: '[인공지능, 공모, AI, ai]' }),
  });
  await writeFile(path.join(dir, 'gongbo.config.yaml'), `site:\n  url: ${ORIGIN}\n  publisher: { ko: 시험부, en: Ministry of Testing }\ncategories: [press-release, call-for-proposals]\n`);
  const out = await build(dir);
  const rss = await readFile(path.join(out, 'ko/rss.xml'), 'utf8');
  t.deepEqual([...rss.matchAll(/<category>([^<]*)<\/category>/g)].map((m) => m[1]), ['공모', '인공지능', 'AI']);
  const json = JSON.parse(await readFile(path.join(out, 'ko/feed.json'), 'utf8')) as { items: Array<{ tags: string[] }> };
  t.deepEqual(json.items[0]!.tags, ['공모', '인공지능', 'AI']);
  const atom = await readFile(path.join(out, 'ko/atom.xml'), 'utf8');
  t.deepEqual([...atom.matchAll(/<category [^>]*term="([^"]*)"/g)].map((m) => m[1]), ['call-for-proposals', '인공지능', 'AI']);
});
