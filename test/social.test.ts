// Shared links: Open Graph and X card metadata on every page, and each notice's social card (og:image).
import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSite, type BuildResult } from '../src/build.js';
import { renderCardDocument } from '../src/render/social/card-document.js';
import { startPdfRenderer } from '../src/render/pdf/start-pdf-renderer.js';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { fixture, listFiles, NOW, readText, tempDir } from './helpers.js';

const ORIGIN = 'https://example.go.kr/news/';
const ALPHA_CARD = 'ko/2026-01-05-alpha/2026-01-05-alpha.ko.card.png';

/** A copy of the basic fixture: each site has its own card cache, so its cards are taken afresh. */
async function basicSite(): Promise<string> {
  const site = await tempDir('gongbo-social-');
  await cp(fixture('basic'), site, { recursive: true });
  return site;
}

async function build(site: string, options: { cards?: boolean; out?: string } = {}): Promise<{ out: string; result: BuildResult }> {
  const out = options.out ?? path.join(await tempDir(), 'dist');
  const result = await buildSite({ cwd: site, out, now: NOW, pdf: false, ...(options.cards === undefined ? {} : { cards: options.cards }) });
  if (!result.ok) throw new Error(`${site} did not build`);
  return { out, result };
}

/** Cards without PDFs: the same Chromium, without waiting for PDFs no test here looks at. */
const withCards = basicSite().then((site) => build(site, { cards: true }));
const withoutCards = basicSite().then((site) => build(site));

function decode(value: string): string {
  return value.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every `<meta property|name content>` of the page's head, as [name, content] pairs in order. */
function metaTags(html: string): Array<[string, string]> {
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)![1]!;
  const out: Array<[string, string]> = [];
  for (const tag of head.matchAll(/<meta\s((?:[^>"]|"[^"]*")*)>/g)) {
    const attributes = Object.fromEntries([...tag[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
    const name = attributes.property ?? attributes.name;
    if (name && attributes.content !== undefined) out.push([name, attributes.content]);
  }
  return out;
}

function one(tags: Array<[string, string]>, name: string): string | undefined {
  const found = tags.filter(([n]) => n === name);
  if (found.length > 1) throw new Error(`${name} appears ${found.length} times`);
  return found[0]?.[1];
}

function all(tags: Array<[string, string]>, name: string): string[] {
  return tags.filter(([n]) => n === name).map(([, c]) => c);
}

function jsonLd(html: string): Record<string, unknown> {
  return JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;
}

/** Width and height from a PNG's IHDR chunk (which must come first). */
function pngHeader(bytes: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(bytes);
  if (!view.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  if (view.toString('latin1', 12, 16) !== 'IHDR') throw new Error('no IHDR first');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

test('a notice page should say what a shared link shows: article, title, language, dates and its card', async (t) => {
  const { out } = await withCards;
  const html = await readText(out, 'ko/2026-01-05-alpha/index.html');
  const tags = metaTags(html);
  const canonical = /<link rel="canonical" href="([^"]+)">/.exec(html)![1]!;
  t.is(one(tags, 'og:type'), 'article');
  t.is(one(tags, 'og:title'), '알파 사업 공고');
  t.is(one(tags, 'og:description'), one(tags, 'description'));
  t.truthy(one(tags, 'og:description'));
  t.is(one(tags, 'og:url'), `${ORIGIN}ko/2026-01-05-alpha/`);
  t.is(one(tags, 'og:url'), canonical);
  t.is(one(tags, 'og:site_name'), '시험부 보도자료');
  t.is(one(tags, 'og:locale'), 'ko_KR');
  t.deepEqual(all(tags, 'og:locale:alternate'), ['en_US']);
  t.is(one(tags, 'article:published_time'), '2026-01-05T10:00:00+09:00');
  t.is(one(tags, 'article:modified_time'), '2026-01-06T09:00:00+09:00');
  t.is(one(tags, 'og:image'), ORIGIN + ALPHA_CARD);
  t.is(one(tags, 'og:image:type'), 'image/png');
  t.is(one(tags, 'og:image:width'), '1200');
  t.is(one(tags, 'og:image:height'), '630');
  t.regex(one(tags, 'og:image:alt') ?? '', /알파 사업 공고.*시험정책과.*2026년 1월 5일/);
  t.is(one(tags, 'twitter:card'), 'summary_large_image');

  const en = metaTags(await readText(out, 'en/2026-01-05-alpha/index.html'));
  t.is(one(en, 'og:locale'), 'en_US');
  t.deepEqual(all(en, 'og:locale:alternate'), ['ko_KR']);
  t.is(one(en, 'og:image'), `${ORIGIN}en/2026-01-05-alpha/2026-01-05-alpha.en.card.png`);
  t.is(one(en, 'og:site_name'), 'Ministry of Testing press releases');
  // Korean only: no other language to offer.
  t.deepEqual(all(metaTags(await readText(out, 'ko/2026-02-10-beta/index.html')), 'og:locale:alternate'), []);
});

test('JSON-LD should list the text\'s first image, then the card; the card alone when the text has none', async (t) => {
  const { out } = await withCards;
  t.deepEqual(jsonLd(await readText(out, 'ko/2026-01-05-alpha/index.html')).image, [
    `${ORIGIN}ko/2026-01-05-alpha/files/chart%201.png`, ORIGIN + ALPHA_CARD,
  ]);
  t.is(jsonLd(await readText(out, 'ko/2026-03-01-gamma/index.html')).image, `${ORIGIN}ko/2026-03-01-gamma/2026-03-01-gamma.ko.card.png`);
});

test('listing and root pages should be websites, with their language and no image', async (t) => {
  const { out } = await withCards;
  const html = await readText(out, 'ko/index.html');
  const tags = metaTags(html);
  t.is(one(tags, 'og:type'), 'website');
  t.is(one(tags, 'og:url'), `${ORIGIN}ko/`);
  t.is(one(tags, 'og:title'), '시험부 보도자료');
  t.is(one(tags, 'og:site_name'), '시험부 보도자료');
  t.is(one(tags, 'og:locale'), 'ko_KR');
  t.deepEqual(all(tags, 'og:locale:alternate'), ['en_US']);
  t.is(one(tags, 'og:image'), undefined);
  t.is(one(tags, 'article:published_time'), undefined);
  t.is(one(tags, 'twitter:card'), 'summary');
  t.is(one(metaTags(await readText(out, 'index.html')), 'og:url'), ORIGIN);
});

test('every page should have Open Graph data, and every og:image should be a 1200×630 PNG of the build', async (t) => {
  const { out } = await withCards;
  const files = await listFiles(out);
  const pages = files.filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
  const cards = files.filter((f) => f.endsWith('.card.png'));
  // alpha (ko, en), beta, gamma (ko, en), hostile: one per public language of each notice.
  t.is(cards.length, 6);
  const images: string[] = [];
  for (const page of pages) {
    const tags = metaTags(await readText(out, page));
    t.truthy(one(tags, 'og:type'), page);
    t.truthy(one(tags, 'og:title'), page);
    if (page === 'ko/2026-03-15-hostile/index.html') t.is(one(tags, 'og:title'), '위험한 본문 <시험> & 검사');
    t.truthy(one(tags, 'og:locale'), page);
    const image = one(tags, 'og:image');
    if (image) images.push(image);
  }
  t.deepEqual(images.map((url) => url.slice(ORIGIN.length)).sort(), cards);
  for (const card of cards) {
    const { width, height } = pngHeader(await readFile(path.join(out, card)));
    t.deepEqual({ width, height }, { width: 1200, height: 630 }, card);
  }
});

test('two builds from the same sources should give the same card bytes', async (t) => {
  const { out: first } = await withCards;
  // Another copy of the site: its own card cache, so its cards are taken again by another Chromium.
  const { out: second } = await build(await basicSite(), { cards: true });
  const cards = (await listFiles(first)).filter((f) => f.endsWith('.card.png'));
  t.deepEqual((await listFiles(second)).filter((f) => f.endsWith('.card.png')), cards);
  for (const card of cards) t.true((await readFile(path.join(first, card))).equals(await readFile(path.join(second, card))), card);
});

test('a card should show the headline: one Hangul syllable more or less changes it, and the size is chosen by length', async (t) => {
  const { result } = await withCards;
  const notice = result.compiled!.find((n) => n.id === '2026-01-05-alpha')!;
  const withTitle = (title: string) => ({
    ...notice,
    versions: { ko: { ...notice.versions.ko!, meta: { ...notice.versions.ko!.meta, title } } },
  });
  const renderer = await startPdfRenderer({ concurrency: 1 });
  try {
    const shots: Buffer[] = [];
    // Glyphs missing from the font would all draw as the same box: different syllables must differ.
    for (const title of ['가나다 사업 공고', '가나라 사업 공고', '가나다 사업 공고']) {
      const document = await renderCardDocument(withTitle(title), 'ko', result.context!);
      t.true(document.body.includes(title));
      shots.push(Buffer.from(await renderer.screenshot(document)));
    }
    t.false(shots[0]!.equals(shots[1]!), 'another syllable gives another card');
    t.true(shots[0]!.equals(shots[2]!), 'the same title gives the same card');
    const long = await renderCardDocument(withTitle('가'.repeat(120)), 'ko', result.context!);
    t.regex(long.body, /<h1 class="size-4">/);
    t.regex((await renderCardDocument(withTitle('짧은 제목'), 'ko', result.context!)).body, /<h1 class="size-1">/);
  } finally {
    await renderer.close();
  }
});

test('without cards, no page should point to a card and no card should be written', async (t) => {
  const { out } = await withoutCards;
  const files = await listFiles(out);
  t.deepEqual(files.filter((f) => f.endsWith('.png') && f.includes('card')), []);
  const html = await readText(out, 'ko/2026-01-05-alpha/index.html');
  const tags = metaTags(html);
  t.is(one(tags, 'og:image'), undefined);
  t.is(one(tags, 'og:type'), 'article');
  t.is(one(tags, 'twitter:card'), 'summary');
  t.is(jsonLd(html).image, `${ORIGIN}ko/2026-01-05-alpha/files/chart%201.png`);
});

test('a rebuild should reuse unchanged cards, and turning cards off should remove them and every pointer to them', async (t) => {
  const site = await basicSite();
  const out = path.join(await tempDir(), 'dist');
  await build(site, { cards: true, out });
  const before = await stat(path.join(out, ALPHA_CARD));
  const gammaCard = 'ko/2026-03-01-gamma/2026-03-01-gamma.ko.card.png';
  const gammaBefore = await readFile(path.join(out, gammaCard));
  const source = path.join(site, 'notices/2026-03-01-gamma/ko.md');
  await writeFile(source, (await readFile(source, 'utf8')).replace(/^title: .*$/m, 'title: 바뀐 감마 제목'));
  await build(site, { cards: true, out });
  t.is((await stat(path.join(out, ALPHA_CARD))).ino, before.ino, 'the unchanged card is the same file, linked');
  t.false((await readFile(path.join(out, gammaCard))).equals(gammaBefore), 'the retitled notice has a new card');

  await build(site, { cards: false, out });
  t.false(existsSync(path.join(out, ALPHA_CARD)));
  for (const page of (await listFiles(out)).filter((f) => f.endsWith('.html'))) {
    t.notRegex(await readText(out, page), /card\.png|og:image/, page);
  }
  await build(site, { cards: true, out });
  t.true(existsSync(path.join(out, ALPHA_CARD)));
  t.is(one(metaTags(await readText(out, 'ko/2026-01-05-alpha/index.html')), 'og:image'), ORIGIN + ALPHA_CARD);
});

const vnu = path.join(PACKAGE_ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
const java = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(java && existsSync(vnu) ? test : test.skip)('pages with Open Graph data should stay valid HTML for the W3C Nu checker', async (t) => {
  const { out } = await withCards;
  const pages = (await listFiles(out)).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/')).map((f) => path.join(out, f));
  const { stderr } = await promisify(execFile)('java', ['-jar', vnu, '--errors-only', ...pages]).catch((error: { stderr: string }) => ({ stderr: error.stderr }));
  t.is(stderr.trim(), '');
});
