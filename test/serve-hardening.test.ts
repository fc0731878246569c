import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { launchBrowser } from './browser.js';
import { serveSite, type RunningServer } from '../src/serve/serve-site.js';
import { frontMatter, writeSite } from './helpers.js';

// The few DOM names used inside page.$eval (the project compiles without the DOM library).
declare const window: { pwned?: number };
declare function getComputedStyle(element: unknown): { fontFamily: string; position: string };

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const ID = '2025-01-05-payload';
const OPEN = '</body><script>alert(1111)/*';
const CLOSE = '*/</script>';

/** A notice whose lead lines and image descriptions spell a script that spans them. */
const PAYLOAD = frontMatter(
  { date: '2025-01-05T10:00:00+09:00', subtitle: `\n  - ${JSON.stringify(OPEN)}\n  - ${JSON.stringify(CLOSE)}` },
  `본문입니다.\n\n<img alt="${OPEN}" src="https://example.org/a.png"> <img alt="${CLOSE}" src="https://example.org/b.png">\n`,
);

async function served(files: Record<string, string>): Promise<{ site: string; server: RunningServer }> {
  const site = await writeSite(files);
  const server = await serveSite({ cwd: site, port: 0, debounce: 30 });
  // The tests here start from the built site (serve answers before its first build is done).
  await server.idle();
  return { site, server };
}

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(url: string, rawPath: string, method = 'GET'): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function elements(node: Node, into: Element[] = []): Element[] {
  if ('tagName' in node) into.push(node);
  const children = 'content' in node && node.nodeName === 'template' ? node.content.childNodes : 'childNodes' in node ? node.childNodes : [];
  for (const child of children) elements(child, into);
  return into;
}

const text = (element: Element) => element.childNodes.map((c) => ('value' in c ? c.value : '')).join('');
const attribute = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

/** The scripts a browser would run: JSON-LD is data. */
const runnable = (all: Element[]) => all.filter((e) => e.tagName === 'script' && attribute(e, 'type') !== 'application/ld+json');

test('a served page should hold only the live-reload script when an author spells </body><script> in lead lines and image descriptions', async (t) => {
  const { server } = await served({ [`notices/${ID}/ko.md`]: PAYLOAD });
  try {
    for (const page of [`/ko/${ID}/`, '/ko/']) {
      const response = await get(server.url, page);
      t.is(response.status, 200, page);
      const all = elements(parse(response.body));
      const scripts = runnable(all);
      t.is(scripts.length, 1, `${page}: one script element`);
      t.regex(text(scripts[0]!), /new EventSource\("\/__gongbo\/events"\)/, `${page}: and it is the live-reload one`);
      t.false(scripts.some((e) => /alert\(1111\)/.test(text(e))), page);
    }
    const all = elements(parse((await get(server.url, `/ko/${ID}/`)).body));
    t.deepEqual(all.filter((e) => e.tagName === 'li' && e.parentNode && 'tagName' in e.parentNode && attribute(e.parentNode, 'class') === 'notice-subtitle').map(text), [OPEN, CLOSE], 'the lead lines are text');
    t.deepEqual(all.filter((e) => e.tagName === 'img' && attribute(e, 'src')?.startsWith('https://')).map((e) => attribute(e, 'alt')), [OPEN, CLOSE], 'the descriptions are attribute values');
    t.is(attribute(all.find((e) => e.tagName === 'meta' && attribute(e, 'name') === 'description')!, 'content'), `${OPEN}. ${CLOSE}.`);
  } finally {
    await server.close();
  }
});

test('a served page should carry a Content-Security-Policy that lets only its live-reload script run', async (t) => {
  const { server } = await served({ [`notices/${ID}/ko.md`]: PAYLOAD });
  try {
    const page = await get(server.url, `/ko/${ID}/`);
    const [script] = runnable(elements(parse(page.body)));
    const hash = createHash('sha256').update(text(script!), 'utf8').digest('base64');
    t.is(page.headers['content-security-policy'], [
      "default-src 'none'", `script-src 'sha256-${hash}'`, "connect-src 'self'", "style-src 'self'", "font-src 'self'",
      "img-src 'self' https:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].join('; '));
    t.is(page.headers['x-content-type-options'], 'nosniff');
    t.is(page.headers['referrer-policy'], 'no-referrer');
  } finally {
    await server.close();
  }
});

/** Attachments as they may reach the served folder, whatever `check` lets through. */
const ATTACHMENTS: Record<string, string> = {
  'files/report.html': '<!doctype html><title>r</title><script>parent.pwned = 1</script></body></html>',
  'files/chart.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  'files/data.hwp': 'HWP',
  'files/notes.txt': '<script>alert(1)</script>',
  'files/plan.pdf': '%PDF-1.4\n%%EOF\n',
  'files/photo.png': 'PNG',
  'extra/page.xhtml': '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
};

test('serve should send a notice\'s files sandboxed, and as downloads unless they are PDF, raster images or plain text', async (t) => {
  const { site, server } = await served({ [`notices/${ID}/ko.md`]: frontMatter({ date: '2025-01-05T10:00:00+09:00' }) });
  try {
    // Put straight into the served folder: the server must be safe even for a file `check` would refuse.
    for (const [file, content] of Object.entries(ATTACHMENTS)) {
      const at = path.join(site, '.gongbo-cache/serve/ko', ID, file);
      await mkdir(path.dirname(at), { recursive: true });
      await writeFile(at, content as string);
    }
    const expected: Record<string, [type: string, download: boolean]> = {
      'files/report.html': ['text/html; charset=utf-8', true],
      'files/chart.svg': ['image/svg+xml', true],
      'files/data.hwp': ['application/x-hwp', true],
      'extra/page.xhtml': ['application/octet-stream', true],
      'files/notes.txt': ['text/plain; charset=utf-8', false],
      'files/plan.pdf': ['application/pdf', false],
      'files/photo.png': ['image/png', false],
    };
    for (const [file, [type, download]] of Object.entries(expected)) {
      for (const method of ['GET', 'HEAD']) {
        const response = await get(server.url, `/ko/${ID}/${file}`, method);
        t.is(response.status, 200, file);
        t.is(response.headers['content-type'], type, file);
        // Not for a PDF: Chrome's and Safari's viewers show nothing under `sandbox`.
        t.is(response.headers['content-security-policy'], file.endsWith('.pdf') ? undefined : "default-src 'none'; sandbox", `${method} ${file}`);
        t.is(response.headers['x-content-type-options'], 'nosniff', file);
        t.is(response.headers['content-disposition'], download ? 'attachment' : undefined, `${method} ${file}`);
      }
    }
    const html = await get(server.url, `/ko/${ID}/files/report.html`);
    t.is(html.body, ATTACHMENTS['files/report.html']!, 'an author\'s HTML gets no live-reload script');
    // The notice's own page is gongbo's, not the author's.
    const page = await get(server.url, `/ko/${ID}/`);
    t.is(page.headers['content-disposition'], undefined);
    t.regex(String(page.headers['content-security-policy']), /^default-src 'none'; script-src 'sha256-/);
  } finally {
    await server.close();
  }
});

test('serve should mark every answer nosniff, errors and its own endpoints included', async (t) => {
  const { server } = await served({ [`notices/${ID}/ko.md`]: frontMatter({ date: '2025-01-05T10:00:00+09:00' }) });
  try {
    const answers: Array<[string, string, number]> = [
      ['/nothing-here', 'GET', 404],
      ['/ko/', 'POST', 405],
      ['/__gongbo/problems', 'GET', 200],
      ['/ko/atom.xml', 'GET', 200],
      ['/assets/style.css', 'GET', 200],
      ['/ko', 'GET', 301],
    ];
    for (const [where, method, status] of answers) {
      const response = await get(server.url, where, method);
      t.is(response.status, status, where);
      t.is(response.headers['x-content-type-options'], 'nosniff', `${method} ${where}`);
      t.is(response.headers['content-security-policy'], "default-src 'none'; sandbox", `${method} ${where}`);
    }
    t.is((await get(server.url, '/__gongbo/problems')).headers['content-type'], 'application/json; charset=utf-8');
  } finally {
    await server.close();
  }
});

test('serve should redirect a folder only to its own path on this server', async (t) => {
  const { server } = await served({ [`notices/${ID}/ko.md`]: frontMatter({ date: '2025-01-05T10:00:00+09:00' }) });
  try {
    // `/.//ko` is `//ko` once the URL is parsed.
    const doubled = await get(server.url, '/.//ko');
    t.is(doubled.status, 301);
    t.is(doubled.headers.location, '/ko/', 'not `//ko/`, which a browser reads as the host `ko`');
  } finally {
    await server.close();
  }
});

test('in a browser, author text in a page and in the problem overlay stays text and runs nothing', async (t) => {
  const broken = frontMatter(
    { date: '2025-01-05T10:00:00+09:00', category: '"<img src=x onerror=window.pwned=2>"', '"<b>bold</b>"': 'x' },
    '본문입니다.',
  );
  const { site, server } = await served({ [`notices/${ID}/ko.md`]: PAYLOAD });
  const { browser, close: closeBrowser } = await launchBrowser();
  try {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    const violations: string[] = [];
    page.on('console', (message) => { if (/Content Security Policy/.test(message.text())) violations.push(message.text()); });
    await page.goto(`${server.url}ko/${ID}/`, { waitUntil: 'load' });
    t.deepEqual(dialogs, [], 'no author script ran while the page loaded');
    t.deepEqual(await page.$$eval('.notice-subtitle li', (items) => items.map((i) => i.textContent)), [OPEN, CLOSE]);
    t.is(await page.$eval('body', (b) => getComputedStyle(b).fontFamily.includes('Noto Sans KR')), true, 'the site\'s stylesheet applies');

    await writeFile(path.join(site, 'notices', ID, 'ko.md'), broken);
    await page.waitForSelector('#gongbo-overlay .gongbo-message', { timeout: 15_000 });
    const overlay = await page.$eval('#gongbo-overlay', (o) => ({
      text: o.textContent ?? '',
      elements: [...o.querySelectorAll('img, b, script')].length,
      fixed: getComputedStyle(o).position,
      pwned: window.pwned ?? null,
    }));
    t.regex(overlay.text, /<img src=x onerror=window\.pwned=2>/, 'the author\'s value is shown as text');
    t.is(overlay.elements, 0, 'and made no element');
    t.is(overlay.pwned, null);
    t.is(overlay.fixed, 'fixed', 'the overlay\'s own styles apply under the policy');
    t.deepEqual(dialogs, []);
    t.deepEqual(violations, [], 'the live-reload script itself is allowed');
  } finally {
    await closeBrowser();
    await server.close();
  }
});
