import test from 'ava';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { launchBrowser } from './browser.js';
import { serveSite, type RunningServer } from '../src/serve/serve-site.js';
import { fixture, tempDir } from './helpers.js';
import type { Locale } from '../src/model.js';

// The few DOM names used inside page.evaluate (the project compiles without the DOM library).
declare const document: { querySelector(selector: string): { textContent: string | null } | null };

async function servedCopy(drafts = false, locale?: Locale): Promise<{ site: string; server: RunningServer }> {
  const site = await tempDir();
  await cp(fixture('basic'), site, { recursive: true });
  const server = await serveSite({ cwd: site, port: 0, drafts, debounce: 30, ...(locale ? { locale } : {}) });
  // The tests here start from the built site (serve answers before its first build is done).
  await server.idle();
  return { site, server };
}

/** A raw GET, so that paths like `/../x` reach the server unnormalised. */
function get(url: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, headers }, (res) => {
      let body = '';
      res.on('data', (c) => { body += String(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve should answer with feed and page types, ETag, and 304 to a conditional GET', async (t) => {
  const { server } = await servedCopy();
  try {
    const page = await get(server.url, '/ko/');
    t.is(page.status, 200);
    const notice = await get(server.url, '/ko/2026-01-05-alpha/');
    t.true(notice.body.includes(`<a href="${server.url}en/2026-01-05-alpha/" hreflang="en"`), 'the language switch stays on the preview');
    t.is(page.headers['content-type'], 'text/html; charset=utf-8');
    for (const [file, type] of [['/ko/rss.xml', 'application/rss+xml'], ['/ko/atom.xml', 'application/atom+xml'], ['/ko/feed.json', 'application/feed+json']] as const) {
      const feed = await get(server.url, file);
      t.is(feed.status, 200, file);
      t.true(String(feed.headers['content-type']).startsWith(type), file);
      const again = await get(server.url, file, { 'If-None-Match': String(feed.headers.etag) });
      t.is(again.status, 304, file);
      t.is(again.body, '');
      const since = await get(server.url, file, { 'If-Modified-Since': String(feed.headers['last-modified']) });
      t.is(since.status, 304, file);
    }
  } finally {
    await server.close();
  }
});

test('serve should refuse paths outside the site folder', async (t) => {
  const { server } = await servedCopy();
  try {
    for (const bad of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/ko/..%2f..%2f..%2fetc%2fpasswd', '/..\\..\\etc\\passwd']) {
      const response = await get(server.url, bad);
      t.is(response.status, 404, bad);
      t.false(response.body.includes('root:'), bad);
    }
    // DNS rebinding: a name that is not this machine's gets nothing, drafts least of all.
    t.is((await get(server.url, '/ko/', { Host: 'attacker.example:80' })).status, 421);
    t.is((await get(server.url, '/ko/', { Host: `localhost:${new URL(server.url).port}` })).status, 200);
  } finally {
    await server.close();
  }
});

test('serve --drafts should preview drafts with a banner and never write them to dist/', async (t) => {
  const { site, server } = await servedCopy(true);
  try {
    const draft = await get(server.url, '/ko/2026-04-01-draft/');
    t.is(draft.status, 200);
    t.regex(draft.body, /class="banner banner-preview"/);
    t.regex(draft.body, /미리보기: 초안입니다/);
    await t.throwsAsync(readFile(path.join(site, 'dist/ko/2026-04-01-draft/index.html')));
  } finally {
    await server.close();
  }
});

async function waitFor<T>(page: Page, check: () => T | Promise<T>, what: string, timeout = 15_000): Promise<T> {
  const until = Date.now() + timeout;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await page.evaluate(check);
      if (value) return value as T;
    } catch (error) {
      last = error; // the page is reloading: try again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`, { cause: last });
}

test('a served page should follow edits by itself, show an overlay for a broken notice, and recover', async (t) => {
  const { site, server } = await servedCopy(false, 'ko');
  const { browser, close: closeBrowser } = await launchBrowser();
  const file = path.join(site, 'notices/2026-02-10-beta/ko.md');
  const original = await readFile(file, 'utf8');
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}ko/2026-02-10-beta/`, { waitUntil: 'load' });
    t.is(await page.$eval('h1', (h) => h.textContent), '베타 공지');

    await writeFile(file, original.replace('title: 베타 공지', 'title: 고친 베타 공지'));
    t.is(await waitFor(page, () => document.querySelector('h1')?.textContent === '고친 베타 공지' && 'ok', 'the new headline'), 'ok');

    await writeFile(file, original.replace('department: 시험정책과', 'departmnet: 시험정책과'));
    const where = await waitFor(page, () => document.querySelector('#gongbo-overlay .gongbo-where')?.textContent, 'the error overlay');
    t.regex(where ?? '', /^notices\/2026-02-10-beta\/ko\.md:4:1/);
    const message = await page.$eval('#gongbo-overlay', (o) => o.textContent ?? '');
    t.regex(message, /`department`을\(를\) 쓰려던 것인가요\?/, 'the message in the terminal\'s language');
    t.regex(message, /4 \| departmnet: 시험정책과/);
    t.regex(message, /보도자료에 고칠 곳이 있습니다/);
    t.regex(message, /알 수 없는 항목입니다\. 철자를 확인하세요\./, 'what kind of problem, in the terminal\'s language');

    await writeFile(file, original);
    t.is(await waitFor(page, () => !document.querySelector('#gongbo-overlay') && document.querySelector('h1')?.textContent === '베타 공지' && 'ok', 'the page to come back'), 'ok');
  } finally {
    await closeBrowser();
    await server.close();
  }
});

test('serve should link PDFs from pages and render each one when it is asked for', async (t) => {
  const { site, server } = await servedCopy();
  try {
    const page = await get(server.url, '/ko/2026-01-05-alpha/');
    t.regex(page.body, /<a href="2026-01-05-alpha\.ko\.pdf" type="application\/pdf">/);
    await t.throwsAsync(readFile(path.join(site, 'dist/ko/2026-01-05-alpha/2026-01-05-alpha.ko.pdf')), undefined, 'not rendered by the build');
    const pdf = await get(server.url, '/ko/2026-01-05-alpha/2026-01-05-alpha.ko.pdf');
    t.is(pdf.status, 200);
    t.is(pdf.headers['content-type'], 'application/pdf');
    t.true(pdf.body.startsWith('%PDF-'));
    t.is(pdf.headers['content-security-policy'], undefined, 'browsers\' PDF viewers show nothing under a sandbox policy');
    t.is(pdf.headers['x-content-type-options'], 'nosniff');
    t.is((await get(server.url, '/ko/2026-01-05-alpha/2026-01-05-alpha.en.pdf')).status, 404);
    t.is((await get(server.url, '/ko/2026-04-01-draft/2026-04-01-draft.ko.pdf')).status, 404, 'no PDF of a draft');
  } finally {
    await server.close();
  }
});

test('serve should keep a feed\'s Last-Modified across rebuilds that leave it unchanged, and redirect folders to their slash', async (t) => {
  const { site, server } = await servedCopy();
  try {
    const before = await get(server.url, '/ko/atom.xml');
    const pageBefore = await get(server.url, '/ko/');
    await new Promise((r) => setTimeout(r, 1100)); // past the one-second resolution of HTTP dates
    const draft = path.join(site, 'notices/2026-04-01-draft/ko.md');
    await writeFile(draft, (await readFile(draft, 'utf8')).replace('초안.', '초안을 고쳤습니다.'));
    await server.idle();
    t.not((await get(server.url, '/ko/')).headers.etag, pageBefore.headers.etag, 'the site was rebuilt');
    const after = await get(server.url, '/ko/atom.xml', { 'If-Modified-Since': String(before.headers['last-modified']) });
    t.is(after.status, 304);
    const folder = await get(server.url, '/ko/2026-01-05-alpha?x=1');
    t.is(folder.status, 301);
    t.is(folder.headers.location, '/ko/2026-01-05-alpha/?x=1');
  } finally {
    await server.close();
  }
});

test('the overlay should speak the terminal\'s language on pages of either language, line by line', async (t) => {
  const { site, server } = await servedCopy(false, 'ko');
  try {
    const file = path.join(site, 'notices/2026-02-10-beta/ko.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('department: 시험정책과', 'departmnet: 시험정책과'));
    await server.idle();
    const problems = JSON.parse((await get(server.url, '/__gongbo/problems')).body) as Array<Record<string, unknown>>;
    const problem = problems.find((p) => p.file === 'notices/2026-02-10-beta/ko.md' && p.line === 4);
    t.truthy(problem, JSON.stringify(problems));
    t.is(problem!.file, 'notices/2026-02-10-beta/ko.md');
    t.is(problem!.line, 4);
    t.is(problem!.rule, 'frontmatter-unknown-field');
    t.is(problem!.message, '머리말에 알 수 없는 항목 `departmnet`이(가) 있습니다. `department`을(를) 쓰려던 것인가요?');
    // The English page of a Korean terminal: the overlay's own words are Korean too.
    const page = (await get(server.url, '/en/2026-01-05-alpha/')).body;
    t.regex(page, /"title":"보도자료에 고칠 곳이 있습니다"/);
    t.regex(page, /"hint":"파일을 고쳐 저장하면 이 안내가 사라지고 페이지가 다시 나타납니다\."/);
    t.regex(page, /p\.summary\["ko"\]/);
    t.notRegex(page, /A notice needs fixing/);
  } finally {
    await server.close();
  }
});
