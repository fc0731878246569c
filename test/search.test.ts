import test from 'ava';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { launchBrowser } from './browser.js';
import { buildSite } from '../src/build.js';
import { serveSite } from '../src/serve/serve-site.js';
import { isSearchWorker, pagePolicy } from '../src/serve/response-headers.js';
import { selectMirrorFiles } from '../src/push/select-mirror-files.js';
import { planSearchBundles } from '../src/render/search/plan-search-bundles.js';
import { closeSearchIndexes, SearchIndexBuilder, useSearchIndexes } from '../src/render/search/search-index.js';
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
    // A bundle per run of months: the two notices' months are of two years.
    t.deepEqual([...new Set(files.filter((f) => f.startsWith(`${locale}/search/pagefind/`)).map((f) => f.split('/')[3]))].sort(), ['2025-03', '2026-05']);
    for (const bundle of ['2025-03', '2026-05']) {
      t.true(files.includes(`${locale}/search/pagefind/${bundle}/pagefind.js`));
      const entry = JSON.parse(await readText(dist, `${locale}/search/pagefind/${bundle}/pagefind-entry.json`));
      t.deepEqual(Object.keys(entry.languages), [locale], 'one language per index');
      t.is(entry.languages[locale].page_count, 1, 'one notice in each bundle');
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
  t.regex(search, / data-bundle="pagefind\/" data-bundles="2026-05 2025-03"/, 'the bundles its script merges, newest first');
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
  const entry = 'ko/search/pagefind/2025-03/pagefind-entry.json';
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
  t.not(await readText(dist, entry), firstEntry, 'the index of the edited notice\'s bundle is made again');
  const after = await inodes();
  for (const file of Object.keys(first).filter((f) => f.includes('/2026-05/'))) t.is(after[file], first[file], `${file}: another bundle's index is linked`);
  // The edit is to the Korean text: the English page, and so its index, are unchanged.
  const english = Object.keys(first).filter((f) => f.startsWith('en/'));
  t.true(english.length > 0);
  for (const file of english) t.is(after[file], first[file], `${file}: the other language's index is linked`);
});

test('an index asked for before its pages are added should be made once the last one is, with every page; one given up should say so, not wait', async (t) => {
  useSearchIndexes();
  t.teardown(closeSearchIndexes);
  const page = (i: number) => `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>Notice ${i}</h1><p>Quantum testbed ${i}</p></main></body></html>`;
  const builder = new SearchIndexBuilder('en', 'en/search/pagefind/2026/', 'key', 3, await tempDir());
  let answered = false;
  const outputs = builder.outputs().then((files) => {
    answered = true;
    return files;
  });
  builder.add('2026-01-01-a', page(1));
  builder.add('2026-01-02-b', page(2));
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.false(answered, 'the index was made before its last page was added');
  builder.add('2026-01-03-c', () => page(3));
  const entry = (await outputs).find((output) => output.path === 'en/search/pagefind/2026/pagefind-entry.json');
  t.truthy(entry);
  const made = 'make' in entry! ? await entry.make() : entry!;
  const json = JSON.parse(Buffer.from('data' in made ? made.data : '').toString('utf8')) as { languages: Record<string, { page_count: number }> };
  t.is(Object.values(json.languages)[0]!.page_count, 3);

  const abandoned = new SearchIndexBuilder('en', 'en/search/pagefind/2025/', 'key', 2, await tempDir());
  const waiting = abandoned.outputs();
  abandoned.add('2025-01-01-a', page(4));
  abandoned.discard();
  await t.throwsAsync(waiting, { message: /search index/ });
});

test('planSearchBundles should group months from January while a bundle holds at most the cap, a bigger month alone, never across years', (t) => {
  // Notices as their months, newest first, as a build lists them.
  const counts: Record<string, number> = {
    '2025-01': 40, '2025-02': 50, '2025-03': 20, '2025-05': 30, '2025-06': 130, '2025-07': 60, '2025-08': 30, '2025-12': 5, '2026-01': 10, '2026-02': 10,
  };
  const notices = Object.entries(counts).flatMap(([month, n]) => Array.from({ length: n }, (_, i) => `${month}#${String(i).padStart(3, '0')}`)).reverse();
  const monthOf = (notice: string) => notice.slice(0, 7);
  const plan = (list: string[]) => planSearchBundles(list, monthOf, 100).map((b) => `${b.name}:${b.notices.length}`);
  t.deepEqual(plan(notices), [
    '2026-01_2026-02:20', // a new year starts a new bundle, however small the last one of the year before
    '2025-07_2025-12:95', // with the months without notices between
    '2025-06:130', // more than the cap: alone
    '2025-03_2025-05:50',
    '2025-01_2025-02:90', // 90 + 20 would be more than 100
  ]);
  const bundles = planSearchBundles(notices, monthOf, 100);
  t.deepEqual(bundles.flatMap((b) => b.notices), notices, 'each notice in one bundle, in the order given');

  // This month's new notices grow the last bundle, or split it where the month begins: the earlier bundles stay as they were.
  const more = (n: number) => [...Array.from({ length: n }, (_, i) => `2026-02#new${i}`), ...notices];
  t.deepEqual(plan(more(5)), ['2026-01_2026-02:25', ...plan(notices).slice(1)]);
  t.deepEqual(plan(more(85)), ['2026-02:95', '2026-01:10', ...plan(notices).slice(1)]);
  t.deepEqual(plan([]), []);
  t.throws(() => planSearchBundles(notices, monthOf, 0), { instanceOf: TypeError, message: /^Expected `searchBundleNotices` to be a whole number >= 1, got `0` \(number\)$/ });
});

test('an edit should make again only the index of its bundle: the other bundles of its year and language are linked as they were', async (t) => {
  // Five notices of 2025 in four months; at most two notices a bundle: Jan–Feb, March (two), April.
  const notices: Array<[string, string]> = [
    ['2025-01-10-jan', '2025-01-10'], ['2025-02-10-feb', '2025-02-10'], ['2025-03-05-mar-a', '2025-03-05'], ['2025-03-20-mar-b', '2025-03-20'], ['2025-04-10-apr', '2025-04-10'],
  ];
  const files: Record<string, string> = {};
  for (const [id, day] of notices) {
    files[`notices/${id}/ko.md`] = frontMatter({ title: `${id} 제목`, date: `${day}T10:00:00+09:00` }, `${id} 본문입니다.`);
    files[`notices/${id}/en.md`] = frontMatter({ title: `${id} title`, date: `${day}T10:00:00+09:00` }, `The text of ${id}.`);
  }
  const root = await writeSite(files);
  const dist = path.join(root, 'dist');
  const options = { cwd: root, now: NOW, pdf: false as const, searchBundleNotices: 2 };
  t.true((await buildSite(options)).ok);
  const bundles = ['2025-01_2025-02', '2025-03', '2025-04'];
  const indexFiles = async (dir: string) => (await listFiles(dir)).filter((f) => f.includes('/search/pagefind/'));
  for (const locale of ['ko', 'en']) {
    t.deepEqual([...new Set((await indexFiles(dist)).filter((f) => f.startsWith(`${locale}/`)).map((f) => f.split('/')[3]))].sort(), bundles);
  }
  t.regex(await readText(dist, 'ko/search/index.html'), / data-bundles="2025-04 2025-03 2025-01_2025-02"/);
  const inodes = async () => Object.fromEntries(await Promise.all((await indexFiles(dist)).map(async (f) => [f, (await stat(path.join(dist, f))).ino])));
  const first = await inodes();

  const file = path.join(root, 'notices/2025-03-20-mar-b/ko.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('본문입니다.', '고친 본문입니다.'));
  t.true((await buildSite(options)).ok);
  const after = await inodes();
  const remade = Object.keys(after).filter((f) => after[f] !== first[f]).sort();
  t.true(remade.length > 0);
  t.deepEqual(remade.filter((f) => !f.startsWith('ko/search/pagefind/2025-03/')), [], 'nothing but the Korean March bundle made again');
  for (const f of Object.keys(first).filter((f) => !f.startsWith('ko/search/pagefind/2025-03/'))) t.is(after[f], first[f], `${f}: linked`);
  const entry = JSON.parse(await readText(dist, 'ko/search/pagefind/2025-03/pagefind-entry.json'));
  t.is(entry.languages.ko.page_count, 2, 'Pagefind was given the two notices of March, and no other');

  // The same bytes as a cold build of the edited sources: the indexes and the search pages.
  const searchFiles = async (dir: string) => (await listFiles(dir)).filter((f) => f.includes('/search/'));
  const bytes = async (dir: string) => Object.fromEntries(await Promise.all((await searchFiles(dir)).map(async (f) => [f, await readFile(path.join(dir, f), 'base64')])));
  const sameAsCold = async (what: string) => {
    const cold = path.join(await tempDir(), 'dist');
    t.true((await buildSite({ ...options, out: cold })).ok);
    t.deepEqual(await bytes(dist), await bytes(cold), what);
  };
  await sameAsCold('edited');

  // A notice added to January: January and February no longer fit in one bundle. Each is one
  // now, the old bundle's folder goes, and the later bundles stay as they were.
  await mkdir(path.join(root, 'notices/2025-01-20-jan-b'));
  await writeFile(path.join(root, 'notices/2025-01-20-jan-b/ko.md'), frontMatter({ title: '1월 둘째', date: '2025-01-20T10:00:00+09:00' }, '1월의 두 번째 보도자료입니다.'));
  const beforeAdding = await inodes();
  t.true((await buildSite(options)).ok);
  const added = await inodes();
  t.deepEqual([...new Set(Object.keys(added).filter((f) => f.startsWith('ko/')).map((f) => f.split('/')[3]))].sort(), ['2025-01', '2025-02', '2025-03', '2025-04']);
  for (const f of Object.keys(beforeAdding).filter((f) => /\/2025-0[34]\//.test(f) || f.startsWith('en/'))) t.is(added[f], beforeAdding[f], `${f}: linked`);
  t.regex(await readText(dist, 'ko/search/index.html'), / data-bundles="2025-04 2025-03 2025-02 2025-01"/);
  await sameAsCold('a notice added to an earlier month');
});

test('a build with staleSearch keeps an edited bundle\'s index as it was and says so; the next build brings it up to the bytes of a cold build', async (t) => {
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
  t.is(quick.staleIndexes, 1, 'the Korean index of the edited notice\'s bundle: not the English one (the English page is unchanged), nor another bundle');
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
  // Pagefind's worker of any bundle takes the worker's policy, and nothing else under pagefind/ does.
  t.true(isSearchWorker('ko/search/pagefind/2025-03/pagefind-worker.js'.split('/')));
  t.true(isSearchWorker('en/search/pagefind/2025-01_2025-04/pagefind-worker.js'.split('/')));
  t.false(isSearchWorker('ko/search/pagefind/2025-03/pagefind.js'.split('/')));
  t.false(isSearchWorker('ko/2025-03-02-quantum-testbed/pagefind-worker.js'.split('/')));
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
