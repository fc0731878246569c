import test from 'ava';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { launchBrowser } from './browser.js';
import { buildSite } from '../src/build.js';
import { serveSite } from '../src/serve/serve-site.js';
import { pagePolicy } from '../src/serve/response-headers.js';
import { selectMirrorFiles } from '../src/push/select-mirror-files.js';
import { frontMatter, listFiles, NOW, readText, tempDir, writeSite } from './helpers.js';

// The few DOM names used inside page.evaluate (the project compiles without the DOM library).
declare const document: {
  activeElement: { id: string; tagName: string; closest(s: string): unknown; labels?: Array<{ textContent: string | null }> } | null;
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<unknown>;
};

const HUB = '2026-05-13-research-hub';
const TESTBED = '2025-03-02-quantum-testbed';

/** Two notices in two years and two categories; Korean with a particle, English with inflections. */
function site(): Promise<string> {
  return writeSite({
    [`notices/${HUB}/ko.md`]: frontMatter({ title: '국가 AI 거점 공모' }, '정부는 국가 AI 연구거점을 새로 지정합니다.'),
    [`notices/${HUB}/en.md`]: frontMatter({ title: 'National AI hubs' }, 'Researchers across the country may apply.'),
    [`notices/${TESTBED}/ko.md`]: frontMatter({ title: '양자 시험대 개방', date: '2025-03-02T10:00:00+09:00', category: 'notice' }, '양자컴퓨터 시험대를 연구자에게 엽니다.'),
    [`notices/${TESTBED}/en.md`]: frontMatter({ title: 'Quantum testbed opens', date: '2025-03-02T10:00:00+09:00', category: 'notice' }, 'The ministry is opening its quantum testbed for research.'),
  });
}

test('a build should make a search page and a Pagefind index per language, indexing only the notice text', async (t) => {
  const root = await site();
  const result = await buildSite({ cwd: root, now: NOW, pdf: false });
  t.true(result.ok);
  const dist = path.join(root, 'dist');
  const files = await listFiles(dist);
  for (const locale of ['ko', 'en']) {
    t.true(files.includes(`${locale}/search/index.html`));
    for (const year of ['2025', '2026']) {
      t.true(files.includes(`${locale}/search/pagefind/${year}/pagefind.js`));
      const entry = JSON.parse(await readText(dist, `${locale}/search/pagefind/${year}/pagefind-entry.json`));
      t.deepEqual(Object.keys(entry.languages), [locale], 'one language per index');
      t.is(entry.languages[locale].page_count, 1, 'one index per year');
    }
  }
  t.false(files.some((f) => /pagefind-ui|pagefind-modular-ui|pagefind-component-ui/.test(f)), 'Pagefind\'s own interfaces are not shipped');

  const page = await readText(dist, `ko/${HUB}/index.html`);
  t.regex(page, /<article class="notice" data-pagefind-body="" data-pagefind-filter="category:press-release" data-pagefind-sort="date:2026-05-13T03:00:00.000Z">/);
  t.regex(page, /<header class="notice-header" data-pagefind-filter="year:2026">/);
  t.regex(page, /<section class="kogl"[^>]* data-pagefind-ignore=""/);

  const search = await readText(dist, 'ko/search/index.html');
  t.regex(search, /<html lang="ko">/);
  t.regex(search, /<label for="search-q">보도자료 검색<\/label><input id="search-q" type="search" name="q"/);
  t.regex(search, /<option value="2026">2026<\/option><option value="2025">2025<\/option>/);
  t.regex(search, /<option value="notice">공지<\/option>/);
  t.regex(search, /<script type="module" src="\.\.\/\.\.\/assets\/search\.js"><\/script>/);
  t.notRegex(search, /(src="|rel="stylesheet" href=")(https?:)?\/\//, 'nothing loaded from outside the site');

  t.regex(await readText(dist, 'en/index.html'), /<form class="search-form search-form-inline" role="search" action="\.\.\/en\/search\/" method="get">/);
  t.notRegex(await readText(dist, 'mirrors/beta/ko/index.html'), /role="search"/, 'mirrors carry no search');
  const mirrored = selectMirrorFiles(result.config!.mirrors[0]!, result.notices, result.manifest!).map((f) => f.path);
  t.true(mirrored.includes(`ko/${HUB}/index.html`));
  t.false(mirrored.some((f) => f.includes('/search/')), 'nor its index, which would list what the mirror does not take');
  t.notRegex(page, /<script(?! type="application\/ld\+json")/, 'notice pages stay without script');
});

test('a rebuild should link the previous index when no page changed, and make it again after an edit', async (t) => {
  const root = await site();
  const dist = path.join(root, 'dist');
  await buildSite({ cwd: root, now: NOW, pdf: false });
  const entry = 'ko/search/pagefind/2025/pagefind-entry.json';
  const firstEntry = await readText(dist, entry);
  const inodes = async () => {
    const files = (await listFiles(dist)).filter((f) => f.includes('/search/pagefind/'));
    return Object.fromEntries(await Promise.all(files.map(async (f) => [f, (await stat(path.join(dist, f))).ino])));
  };
  const first = await inodes();

  await buildSite({ cwd: root, now: NOW, pdf: false });
  t.deepEqual(await inodes(), first, 'every index file linked from the last build: Pagefind did not run');

  const file = path.join(root, `notices/${TESTBED}/ko.md`);
  await writeFile(file, (await readFile(file, 'utf8')).replace('연구자에게', '누구에게나'));
  const edited = await buildSite({ cwd: root, now: NOW, pdf: false });
  t.true(edited.ok);
  t.not(await readText(dist, entry), firstEntry, 'the index of the edited notice\'s year is made again');
  const after = await inodes();
  for (const file of Object.keys(first).filter((f) => f.includes('/2026/'))) t.is(after[file], first[file], `${file}: another year's index is linked`);
  // The edit is to the Korean text: the English page, and so its index, are unchanged.
  const english = Object.keys(first).filter((f) => f.startsWith('en/'));
  t.true(english.length > 0);
  for (const file of english) t.is(after[file], first[file], `${file}: the other language's index is linked`);
});

test('a build with staleSearch keeps an edited year\'s index as it was and says so; the next build brings it up to the bytes of a cold build', async (t) => {
  const root = await site();
  const dist = path.join(root, 'dist');
  await buildSite({ cwd: root, now: NOW, pdf: false });
  const indexFiles = async (dir: string) => {
    const files = (await listFiles(dir)).filter((f) => f.includes('/search/pagefind/'));
    return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'base64')])));
  };
  const before = await indexFiles(dist);

  const file = path.join(root, `notices/${TESTBED}/ko.md`);
  await writeFile(file, (await readFile(file, 'utf8')).replace('연구자에게', '누구에게나'));
  const quick = await buildSite({ cwd: root, now: NOW, pdf: false, staleSearch: true });
  t.true(quick.ok);
  t.is(quick.staleIndexes, 1, 'the Korean index of the edited notice\'s year: not the English one (the English page is unchanged), nor another year');
  t.deepEqual(await indexFiles(dist), before, 'the index is the previous one, byte for byte');
  t.regex(await readText(dist, `ko/${TESTBED}/index.html`), /누구에게나/, 'the page shows the edit');

  const caughtUp = await buildSite({ cwd: root, now: NOW, pdf: false });
  t.is(caughtUp.staleIndexes, 0);
  const cold = path.join(await tempDir(), 'dist');
  await buildSite({ cwd: root, out: cold, now: NOW, pdf: false });
  t.deepEqual(await indexFiles(dist), await indexFiles(cold));
  t.notDeepEqual(await indexFiles(dist), before);
});

test('serve should send the search page a policy that runs the site\'s own scripts and Pagefind\'s WebAssembly only there', async (t) => {
  t.regex(pagePolicy([], { search: true }), /script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'/);
  t.regex(pagePolicy([]), /script-src 'none'/);
  t.regex(pagePolicy([]), /form-action 'none'/);
});

/**
 * Records every request the page makes that is not to the preview server. Intercepting would stall
 * Pagefind's worker (its requests are not the page's), so requests are watched, and the browser
 * resolves no name but the local ones: a request that leaves would fail, and show here.
 */
function watchRequests(page: Page, base: string, outside: string[]): void {
  page.on('request', (request) => {
    const url = request.url();
    if (!(url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:'))) outside.push(url);
  });
}

async function results(page: Page, busy: string): Promise<{ status: string; links: string[] }> {
  await page.waitForFunction((word: string) => {
    const status = document.querySelector('#search-status')?.textContent ?? '';
    return status !== '' && !status.includes(word);
  }, { timeout: 20_000 }, busy);
  return {
    status: await page.$eval('#search-status', (e) => e.textContent ?? ''),
    links: await page.$$eval('#search-results li a', (as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href'))),
  };
}

test('the search page should find Korean words with particles and English stems, filter, say when nothing matches, and work from the keyboard', async (t) => {
  const root = await site();
  const server = await serveSite({ cwd: root, port: 0, debounce: 30 });
  const { browser, close: closeBrowser } = await launchBrowser({ offline: true });
  const outside: string[] = [];
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    watchRequests(page, server.url, outside);

    // From the home page by keyboard: the search box is reachable and labelled.
    await page.goto(`${server.url}ko/`, { waitUntil: 'load' });
    let focused: { id: string; label: string } | undefined;
    for (let i = 0; i < 20 && focused?.id !== 'listing-search-q'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', label: document.activeElement?.labels?.[0]?.textContent ?? '' }));
    }
    t.deepEqual(focused, { id: 'listing-search-q', label: '보도자료 검색' });
    await page.keyboard.type('연구거점');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    t.is(new URL(page.url()).pathname, '/ko/search/');
    const korean = await results(page, '찾는 중');
    t.is(korean.status, '“연구거점” 검색 결과: 1건');
    t.deepEqual(korean.links, [`../../ko/${HUB}/`], 'the notice that says 연구거점을');

    // The results are links, next in the tab order after the form.
    const input = await page.$('#search-q');
    await input!.focus();
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => (document.activeElement?.closest('#search-results a') ? 'result' : document.activeElement?.id || document.activeElement?.tagName || '')));
    }
    t.deepEqual(order, ['search-category', 'search-year', 'BUTTON', 'result']);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    t.is(new URL(page.url()).pathname, `/ko/${HUB}/`);

    await page.goto(`${server.url}ko/search/?q=${encodeURIComponent('없는낱말')}`, { waitUntil: 'load' });
    t.is((await results(page, '찾는 중')).status, '“없는낱말”에 맞는 보도자료가 없습니다. 낱말을 줄이거나 짧게 하거나, 분류나 연도를 바꿔 보세요.');

    // A word in both notices, narrowed by the filters.
    await page.goto(`${server.url}ko/search/?q=${encodeURIComponent('연구')}`, { waitUntil: 'load' });
    t.is((await results(page, '찾는 중')).links.length, 2);
    await page.select('#search-year', '2025');
    await page.click('.search-submit');
    t.deepEqual((await results(page, '찾는 중')).links, [`../../ko/${TESTBED}/`]);
    t.regex(page.url(), /\?q=%EC%97%B0%EA%B5%AC&year=2025$/);
    await page.select('#search-year', '');
    await page.select('#search-category', 'press-release');
    await page.click('.search-submit');
    t.deepEqual((await results(page, '찾는 중')).links, [`../../ko/${HUB}/`]);

    await page.goto(`${server.url}en/search/?q=research`, { waitUntil: 'load' });
    const english = await results(page, 'Searching');
    t.is(english.status, 'Results for “research”: 2', '“Researchers” and “research” share a stem');
    await page.goto(`${server.url}en/search/?q=zebra`, { waitUntil: 'load' });
    t.regex((await results(page, 'Searching')).status, /^No press release matches “zebra”\./);

    t.deepEqual(errors, []);
  } finally {
    await closeBrowser();
    await server.close();
  }
  t.deepEqual(outside, [], 'no request left the site');
});
