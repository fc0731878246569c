// `serve` shows the warnings of what the person edits, in the terminal and in the page, without blocking it.
import test from 'ava';
import { spawn } from 'node:child_process';
import { appendFile, cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveSite } from '../src/serve/serve-site.js';
import { launchBrowser } from './browser.js';
import { fixture, tempDir } from './helpers.js';

declare const document: {
  querySelector(selector: string): { textContent: string | null; getBoundingClientRect(): { x: number; y: number; width: number; height: number } } | null;
  elementFromPoint(x: number, y: number): { tagName: string } | null;
};

const BETA = 'notices/2026-02-10-beta/ko.md';
const WARNED = '\n![그림](files/데이터센터 개념도.png)\n\n<iframe src="https://x.example/"></iframe>\n';
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gongbo.js');

async function site(): Promise<string> {
  const dir = await tempDir();
  await cp(fixture('basic'), dir, { recursive: true });
  return dir;
}

/** Polls until `check` holds; bounded, so that a missing line fails the test instead of hanging it. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

test('/__gongbo/problems should list the warnings of an edited file as warnings, after any error', async (t) => {
  const cwd = await site();
  const server = await serveSite({ cwd, port: 0, debounce: 30, locale: 'ko' });
  await server.idle();
  const problems = async () => (await (await fetch(`${server.url}__gongbo/problems`)).json()) as Array<Record<string, unknown>>;
  try {
    t.deepEqual(await problems(), [], 'the archive\'s old warnings are check\'s to list');
    await appendFile(path.join(cwd, BETA), WARNED);
    await server.idle();
    const warned = await problems();
    t.deepEqual(warned.map((p) => [p.severity, p.file, p.line, p.rule]), [
      ['warning', BETA, 1, 'translation-missing'],
      ['warning', BETA, 9, 'url-space'],
      ['warning', BETA, 11, 'html-dropped'],
    ]);
    t.regex(String(warned[2]!.message), /`<iframe>`은\(는\) 게시할 때 빠집니다/, 'in the terminal\'s language');
    await appendFile(path.join(cwd, BETA), '\n[없음](files/none.pdf)\n');
    await server.idle();
    t.deepEqual((await problems()).map((p) => [p.severity, p.rule]), [
      ['error', 'body-link'], ['warning', 'url-space'], ['warning', 'html-dropped'],
    ]);
  } finally {
    await server.close();
  }
});

test('serve should print the warnings of the files a save changed, and only count the others', async (t) => {
  const cwd = await site();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--cwd', cwd], {
    env: { PATH: process.env.PATH, LANG: 'ko_KR.UTF-8', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += String(chunk); });
  child.stderr.on('data', (chunk) => { stderr += String(chunk); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await until(() => stdout.includes('Ctrl+C'), 'the server to start');
    // It answers before its first build is done, which reports the archive's warnings once done.
    await until(() => stderr.includes('\n'), 'the first build');
    t.is(stderr, '다른 파일에 경고가 18개 더 있습니다. 모두 보려면 `gongbo check`를 실행하세요.\n', 'the first build counts the archive\'s warnings');
    stderr = '';
    await appendFile(path.join(cwd, BETA), WARNED);
    await until(() => stderr.includes('17개 더'), 'the warnings of the save');
    const lines = stderr.split('\n');
    t.is(lines[0], BETA);
    t.regex(lines[1]!, /^ {2}1:1 +경고 +이 보도자료에는 영어판\(`en\.md`\)이 없어 한 언어로만 게시합니다 +translation-missing$/);
    t.regex(lines[2]!, /^ {2}9:5 +경고 +주소 `files\/데이터센터 개념도\.png`에 빈칸이 있어 .* +url-space$/);
    t.regex(lines[3]!, /^ {2}11:1 +경고 +`<iframe>`은\(는\) 게시할 때 빠집니다.* +html-dropped$/);
    t.notRegex(stderr, /hostile|draft|future/, 'not the warnings of files left as they were');
    t.true(stderr.endsWith('⚠ 경고 3개\n다른 파일에 경고가 17개 더 있습니다. 모두 보려면 `gongbo check`를 실행하세요.\n'), stderr);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});

test('in a browser, warnings sit in a panel that leaves the page readable, and stay closed once closed', async (t) => {
  const cwd = await site();
  const server = await serveSite({ cwd, port: 0, debounce: 30, locale: 'ko' });
  await server.idle();
  const { browser, close: closeBrowser } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}ko/2026-02-10-beta/`, { waitUntil: 'load' });
    await appendFile(path.join(cwd, BETA), WARNED);
    // The page reloads for the new build meanwhile: ask again until the panel is there.
    const panel = async () => Boolean(await page.evaluate(() => document.querySelector('#gongbo-warnings .gongbo-message')).catch(() => false));
    await until(panel, 'the warnings panel');
    // The saved page shows before the build ends; the build's report then draws the panel again.
    await server.idle();
    await until(panel, 'the warnings panel after the build');
    const shown = await page.evaluate(() => {
      const h1 = document.querySelector('h1')!.getBoundingClientRect();
      return {
        overlay: document.querySelector('#gongbo-overlay') !== null,
        title: document.querySelector('#gongbo-warnings h2')?.textContent,
        text: document.querySelector('#gongbo-warnings')?.textContent,
        headline: document.elementFromPoint(h1.x + h1.width / 2, h1.y + h1.height / 2)?.tagName,
      };
    });
    t.false(shown.overlay, 'warnings alone do not cover the page');
    t.is(shown.title, '경고: 게시는 되지만 확인해 보세요 (3)');
    t.regex(shown.text ?? '', /경고notices\/2026-02-10-beta\/ko\.md:11:1 {2}\(html-dropped\)/);
    t.is(shown.headline, 'H1', 'the page stays readable beside the panel');
    await page.click('#gongbo-warnings .gongbo-close');
    t.is(await page.$('#gongbo-warnings'), null);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('h1') !== null);
    await new Promise((r) => setTimeout(r, 500)); // the events stream's first message
    t.is(await page.$('#gongbo-warnings'), null, 'closed until its warnings change');
  } finally {
    await closeBrowser();
    await server.close();
  }
});
