// Tests of what a push must never do: follow links out of a file: mirror, leave temporary files,
// write into the site, give up on a request that merely timed out, or write alongside another push.
import test from 'ava';
import http from 'node:http';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { v2 as webdav } from 'webdav-server';
import { buildSite } from '../src/build.js';
import { loadConfig } from '../src/config/load-config.js';
import { pushSite, type PushOptions } from '../src/push/push-site.js';
import { PushRefusedError } from '../src/push/push-errors.js';
import { DEFAULT_RETRY_POLICY, retryRequest } from '../src/push/retry-request.js';
import type { PushEvent } from '../src/push/push-mirror.js';
import { fixture, NOW, tempDir, listFilesSync, listen, close } from './helpers.js';

const LOCK = '.gongbo-push.lock';

/** The basic fixture, built, with its one file: mirror `alpha` at `mirrors/alpha/`. */
async function fileSite(config?: (text: string) => string) {
  const site = await tempDir('gongbo-safety-');
  await cp(fixture('basic'), site, { recursive: true });
  const file = path.join(site, 'gongbo.config.yaml');
  if (config) await writeFile(file, config(await readFile(file, 'utf8')));
  const built = await buildSite({ cwd: site, out: 'dist', now: NOW, pdf: false });
  if (!built.ok) throw new Error('the fixture site should build');
  return { site, mirror: path.join(site, 'mirrors/alpha') };
}

function collect() {
  const events: PushEvent[] = [];
  return { events, onEvent: (e: PushEvent) => void events.push(e) };
}

// ---------------------------------------------------------------------------------------------
// Item 3: links in a file: mirror.

test('should never delete through a link in a file: mirror, name the link, and finish once it is gone', async (t) => {
  const { site, mirror } = await fileSite();
  const outside = await tempDir('gongbo-outside-');
  await writeFile(path.join(outside, 'important.txt'), 'keep me');
  await mkdir(mirror, { recursive: true });
  await symlink(outside, path.join(mirror, 'victim'));
  const sha = createHash('sha256').update('keep me').digest('hex');
  await writeFile(path.join(mirror, 'manifest.json'), JSON.stringify({ version: 1, files: [{ path: 'victim/important.txt', size: 7, sha256: sha }] }));

  const refused = await pushSite({ cwd: site });
  t.false(refused.ok);
  const error = refused.mirrors[0]!.error!;
  t.is(error.kind, 'unsafe-path');
  t.regex(error.message, /^mirror alpha: victim in .* is a symbolic link, and push never reads, writes or deletes through links/);
  t.false(error.message.includes(outside), 'the message names the path in the mirror, not where the link points');
  t.is(readFileSync(path.join(outside, 'important.txt'), 'utf8'), 'keep me');

  await rm(path.join(mirror, 'victim'));
  const again = await pushSite({ cwd: site });
  t.true(again.ok, again.mirrors[0]!.error?.message);
  t.false(listFilesSync(mirror).includes('victim/important.txt'));
  t.is(readFileSync(path.join(outside, 'important.txt'), 'utf8'), 'keep me');
});

test('should never write through a linked folder in a file: mirror', async (t) => {
  const { site, mirror } = await fileSite();
  const elsewhere = await tempDir('gongbo-elsewhere-');
  await mkdir(mirror, { recursive: true });
  await symlink(elsewhere, path.join(mirror, 'assets'));
  const result = await pushSite({ cwd: site });
  t.false(result.ok);
  t.is(result.mirrors[0]!.error!.kind, 'unsafe-path');
  t.regex(result.mirrors[0]!.error!.message, /^mirror alpha: assets in /);
  t.deepEqual(listFilesSync(elsewhere), [], 'nothing was written where the link points');
  t.false(existsSync(path.join(mirror, LOCK)), 'the lock goes also when the push fails');
});

test('should never read a file through a link, nor count a planted link as the file', async (t) => {
  const { site, mirror } = await fileSite();
  const secret = path.join(await tempDir('gongbo-secret-'), 'secret.txt');
  await writeFile(secret, 'outside');
  await mkdir(mirror, { recursive: true });
  await symlink(secret, path.join(mirror, 'manifest.json'));
  const result = await pushSite({ cwd: site });
  t.false(result.ok);
  t.regex(result.mirrors[0]!.error!.message, /^mirror alpha: manifest\.json in .* is a symbolic link/);
  t.is(readFileSync(secret, 'utf8'), 'outside');
});

// ---------------------------------------------------------------------------------------------
// Item 7: temporary files of killed pushes.

test('should remove temporary files that killed pushes left in a file: mirror, and nothing of a partner', async (t) => {
  const { site, mirror } = await fileSite();
  t.true((await pushSite({ cwd: site })).ok);
  const clean = listFilesSync(mirror);
  // Names as the file: transport writes them: `.<name>.gongbo-<pid>-<n>`, next to the file.
  const leftovers = ['ko/.index.html.gongbo-30051-74', 'ko/2026-01-05-alpha/.index.html.gongbo-30051-12', '.gongbo-push.json.gongbo-30051-0'];
  const partner = ['.htaccess', 'ko/.index.html.bak', 'ko/notes.gongbo-30051', 'ko/.gongbo-1-2'];
  for (const file of [...leftovers, ...partner]) await writeFile(path.join(mirror, file), 'x');

  const dry = await pushSite({ cwd: site, dryRun: true });
  t.true(dry.ok);
  t.true(leftovers.every((f) => existsSync(path.join(mirror, f))), 'a dry run changes nothing');

  const result = await pushSite({ cwd: site });
  t.true(result.ok, result.mirrors[0]!.error?.message);
  t.deepEqual(listFilesSync(mirror), [...clean, ...partner].sort(), 'the mirror is as after a clean push, plus the partner\'s files');
});

// ---------------------------------------------------------------------------------------------
// Item 13: mirror folders that overlap the site.

test('should refuse file: mirrors that are, hold or lie in the site folder, its build or another mirror, at the url', async (t) => {
  const cases: [string, RegExp, number?][] = [
    ['"file:"', /is the site folder: /],
    ['file:./', /is the site folder: /],
    ['file:../', /is the site folder or holds it: /],
    ['file:notices/', /lies in the site's `notices\/`/],
    ['file:locales/x/', /lies in the site's `locales\/`/],
    ['file:dist/', /lies in the site's `dist\/`/],
    ['file:dist/alpha/', /lies in the site's `dist\/`/],
    ['file:.git/m/', /lies in the site's `\.git\/`/],
    ['file:node_modules/m/', /lies in the site's `node_modules\/`/],
    ['file:.gongbo-cache/m/', /lies in the site's `\.gongbo-cache\/`/],
    // Said at the later of the two (by name): beta's url, line 9.
    ['file:mirrors/', /^`mirrors\.beta\.url` `file:mirrors\/beta\/` overlaps mirror `alpha` \(`file:mirrors\/`\)/, 9],
  ];
  for (const [url, reason, line = 7] of cases) {
    const site = await tempDir('gongbo-overlap-');
    await writeFile(path.join(site, 'gongbo.config.yaml'), `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [notice]
mirrors:
  alpha:
    url: ${url}
    public_url: https://alpha.example.kr/
  beta: { url: "file:mirrors/beta/", public_url: "https://beta.example.kr/" }
`);
    const { file, config } = await loadConfig(site);
    t.is(config, undefined, url);
    const messages = file.messages.filter((m) => m.ruleId === 'config-mirror-url');
    t.is(messages.length, 1, `${url}: ${file.messages.map(String).join('; ')}`);
    t.is(messages[0]!.line, line, url);
    t.is(messages[0]!.column, line === 7 ? 10 : 16, url);
    t.regex(messages[0]!.reason, reason, url);
    t.true(messages[0]!.fatal);
  }
  const fine = await tempDir('gongbo-overlap-');
  await writeFile(path.join(fine, 'gongbo.config.yaml'), `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [notice]
mirrors:
  iris: { url: "file:mirrors/iris/", public_url: "https://iris.example.kr/" }
  iitp: { url: "file:mirrors/iitp/", public_url: "https://iitp.example.kr/" }
  far: { url: "https://dav.example.kr/far/", public_url: "https://far.example.kr/" }
  near: { url: "https://dav.example.kr/near/", public_url: "https://near.example.kr/" }
`);
  const { file, config } = await loadConfig(fine);
  t.truthy(config, file.messages.map(String).join('; '));
});

test('should refuse two WebDAV mirrors where one lies inside the other', async (t) => {
  const site = await tempDir('gongbo-overlap-');
  await writeFile(path.join(site, 'gongbo.config.yaml'), `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [notice]
mirrors:
  outer: { url: "https://DAV.example.kr/m/", public_url: "https://a.example.kr/" }
  inner: { url: "https://dav.example.kr/m/ko/", public_url: "https://b.example.kr/" }
`);
  const { file } = await loadConfig(site);
  const message = file.messages.find((m) => m.ruleId === 'config-mirror-url');
  t.regex(String(message?.reason), /^`mirrors\.outer\.url` `https:\/\/DAV\.example\.kr\/m\/` overlaps mirror `inner`/);
  t.is(message?.line, 6);
});

test('should refuse to push into a file: mirror that lies in the build given with --out', async (t) => {
  const { site } = await fileSite((text) => text.replace('url: file:mirrors/alpha/', 'url: file:out/alpha/'));
  const built = await buildSite({ cwd: site, out: 'out', now: NOW, pdf: false });
  t.true(built.ok);
  await t.throwsAsync(pushSite({ cwd: site, out: 'out' }), {
    instanceOf: PushRefusedError,
    message: /^Nothing was pushed: mirror alpha \(file:out\/alpha\/\) lies in the build being pushed \(out\)/,
  });
  t.false(existsSync(path.join(site, 'out/alpha')));
});

// ---------------------------------------------------------------------------------------------
// Item 6: time-outs are tried again, within a budget of their own.

test('should try a timed-out request again: the default retry budget outlasts the request timeout', async (t) => {
  // The default policy at 1/20 scale: the same proportions, in seconds (at 1/100 a busy machine's
  // late timer alone used the whole budget).
  const scaled = Object.fromEntries(Object.entries(DEFAULT_RETRY_POLICY).map(([k, v]) => [k, v / 20])) as unknown as typeof DEFAULT_RETRY_POLICY;
  let attempts = 0;
  // The request's timers do not hold the process open (a push must be able to exit): this does.
  const alive = setInterval(() => {}, 1000);
  t.teardown(() => clearInterval(alive));
  const value = await retryRequest(async (signal) => {
    attempts++;
    if (attempts === 1) {
      // A server that never answers: only the timeout ends this attempt.
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
    }
    return 'answered';
  }, { mirror: 'alpha', policy: scaled, request: 'GET manifest.json', random: () => 0.5 });
  t.is(value, 'answered');
  t.is(attempts, 2);
});

test('should read timeout, retry_budget and lock_wait per mirror, and report bad ones at their place', async (t) => {
  const site = await tempDir('gongbo-durations-');
  const write = (fields: string) => writeFile(path.join(site, 'gongbo.config.yaml'), `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [notice]
mirrors:
  alpha:
    url: https://dav.example.kr/alpha/
    public_url: https://alpha.example.kr/
${fields}`);
  await write('    timeout: 45s\n    retry_budget: 2m\n    lock_wait: 1.5\n');
  const good = await loadConfig(site);
  t.like(good.config?.mirrors[0], { timeoutMs: 45_000, retryBudgetMs: 120_000, lockWaitMs: 1500 });

  await write('    timeout: soon\n    retry_budget: -1\n    lock_wait: 2d\n');
  const bad = await loadConfig(site);
  t.is(bad.config, undefined);
  t.deepEqual(bad.file.messages.map((m) => [m.line, m.column, m.ruleId, m.reason]), [
    [9, 14, 'config-mirror-duration', '`mirrors.alpha.timeout` must be a time like `30s` (units ms, s, m, h) or a number of seconds, got `soon`'],
    [10, 19, 'config-mirror-duration', '`mirrors.alpha.retry_budget` must be from 0 to 1440m, got `-1`'],
    [11, 16, 'config-mirror-duration', '`mirrors.alpha.lock_wait` must be a time like `30s` (units ms, s, m, h) or a number of seconds, got `2d`'],
  ]);
});

// ---------------------------------------------------------------------------------------------
// WebDAV on loopback, behind a proxy that can hold requests back.

/** webdav-server on loopback (anonymous), and a proxy in front whose `hold` may delay or swallow requests. */
async function startDav(t: { teardown: (fn: () => Promise<void>) => void }) {
  const root = await tempDir('gongbo-dav-');
  const dav = new webdav.WebDAVServer({ rootFileSystem: new webdav.PhysicalFileSystem(root) });
  const server = http.createServer((req, res) => dav.executeRequest(req, res));
  const davPort = await listen(server);
  const log: string[] = [];
  const state = { hold: undefined as ((method: string, p: string) => Promise<void> | 'stall' | undefined) | undefined };
  const proxy = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const forward = () => {
      const upstream = http.request({ host: '127.0.0.1', port: davPort, method, path: req.url, headers: req.headers }, (answer) => {
        log.push(`${method} ${p} ${answer.statusCode}`);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    const hold = state.hold?.(method, p);
    if (hold === 'stall') {
      log.push(`${method} ${p} stalled`);
      req.resume();
      return;
    }
    if (hold) void hold.then(forward);
    else forward();
  });
  const port = await listen(proxy);
  t.teardown(async () => {
    await Promise.all([close(server), close(proxy)]);
  });
  return { root, port, log, state };
}

async function davSite(port: number, extra = '') {
  return fileSite(() => `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
categories: [press-release, notice, call-for-proposals]
mirrors:
  alpha:
    url: http://127.0.0.1:${port}/alpha/
    public_url: https://alpha.example.kr/m/
    languages: [ko]
${extra}`);
}

test('should try again a request the server never answered, within the mirror\'s retry_budget', async (t) => {
  const dav = await startDav(t);
  const { site } = await davSite(dav.port, '    timeout: 2s\n    retry_budget: 30s\n');
  let stalls = 0;
  dav.state.hold = (method, p) => (method === 'GET' && p === '/alpha/manifest.json' && stalls++ < 2 ? 'stall' : undefined);
  const { events, onEvent } = collect();
  const result = await pushSite({ cwd: site, onEvent });
  t.true(result.ok, result.mirrors[0]!.error?.message);
  const retries = events.flatMap((e) => (e.type === 'retry' ? [`${e.notice.request}: ${e.notice.reason}`] : []));
  t.is(retries.filter((r) => r === 'GET manifest.json: no answer within 2.0 s').length, 2, retries.join('\n'));
  t.true(existsSync(path.join(dav.root, 'alpha/manifest.json')));
});

// ---------------------------------------------------------------------------------------------
// One writer at a time.

function lockRecord(holder: { host: string; pid: number; refreshed: Date }): string {
  return `${JSON.stringify({ version: 1, id: 'other-push', host: holder.host, pid: holder.pid, since: '2026-11-29T03:00:00.000Z', refreshed: holder.refreshed.toISOString() })}\n`;
}

/** A process id that ran on this host and has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('should fail naming the holder when another live push holds a file: mirror, and write nothing', async (t) => {
  const { site, mirror } = await fileSite();
  await mkdir(mirror, { recursive: true });
  await writeFile(path.join(mirror, LOCK), lockRecord({ host: os.hostname(), pid: process.ppid, refreshed: new Date() }));
  const { events, onEvent } = collect();
  const result = await pushSite({ cwd: site, lock: { waitMs: 300 }, onEvent });
  t.false(result.ok);
  t.is(result.mirrors[0]!.error!.kind, 'locked');
  t.regex(result.mirrors[0]!.error!.message, new RegExp(`^mirror alpha is locked by another push: \\.gongbo-push\\.lock held by process ${process.ppid} on host ${os.hostname()} since 2026-11-29T03:00:00\\.000Z, last refreshed .*; gave up waiting after \\d+\\.\\d s\\. Run gongbo push again once that push has ended; if no push is running, remove \\.gongbo-push\\.lock from the mirror$`));
  t.true(events.some((e) => e.type === 'waiting' && e.message.includes(`held by process ${process.ppid}`)));
  t.deepEqual(listFilesSync(mirror), [LOCK], 'nothing written, and the holder\'s lock left alone');
});

test('should wait while another push holds the mirror, and go on once it lets go', async (t) => {
  const { site, mirror } = await fileSite();
  await mkdir(mirror, { recursive: true });
  await writeFile(path.join(mirror, LOCK), lockRecord({ host: 'build-2', pid: 4242, refreshed: new Date() }));
  const result = await pushSite({
    cwd: site,
    onEvent: (e) => {
      if (e.type === 'waiting') void rm(path.join(mirror, LOCK));
    },
  });
  t.true(result.ok, result.mirrors[0]!.error?.message);
  t.true(result.mirrors[0]!.uploaded > 0);
  t.false(listFilesSync(mirror).includes(LOCK));
});

test('should take over a lock left by a dead process on this host, or stale from another host', async (t) => {
  const { site, mirror } = await fileSite();
  await mkdir(mirror, { recursive: true });
  const pid = deadPid();
  await writeFile(path.join(mirror, LOCK), lockRecord({ host: os.hostname(), pid, refreshed: new Date() }));
  const first = await pushSite({ cwd: site, lock: { waitMs: 0 } });
  t.true(first.ok, first.mirrors[0]!.error?.message);
  t.true(first.mirrors[0]!.warnings.some((w) => w.includes(`took over the lock .gongbo-push.lock held by process ${pid}`) && w.endsWith(`which process ${pid} is no longer running`)), first.mirrors[0]!.warnings.join('\n'));
  t.false(listFilesSync(mirror).includes(LOCK));
  const manifest = JSON.parse(readFileSync(path.join(mirror, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  t.false(manifest.files.some((f) => f.path.includes(LOCK)), 'the lock is never in the manifest');

  // Another host's lock, not refreshed for 11 minutes: stale after 10.
  // Something to write: a push with nothing to send takes no lock.
  await rm(path.join(mirror, 'manifest.json'));
  await writeFile(path.join(mirror, LOCK), lockRecord({ host: 'build-2', pid: 4242, refreshed: new Date(Date.now() - 11 * 60_000) }));
  const second = await pushSite({ cwd: site, lock: { waitMs: 0 } });
  t.true(second.ok, second.mirrors[0]!.error?.message);
  t.true(second.mirrors[0]!.warnings.some((w) => /on host build-2 .* which had not been refreshed for \d+\.\d s \(a lock is stale after 600\.0 s\)$/.test(w)), second.mirrors[0]!.warnings.join("\n"));
  t.false(listFilesSync(mirror).includes(LOCK));
});

test('should let two concurrent pushes to one file: mirror write one after the other', async (t) => {
  const { site, mirror } = await fileSite();
  const options: PushOptions = { cwd: site, concurrency: 2 };
  const [a, b] = await Promise.all([pushSite(options), pushSite(options)]);
  t.true(a.ok && b.ok, [a, b].map((r) => r.mirrors[0]!.error?.message).join('; '));
  const files = JSON.parse(readFileSync(path.join(mirror, 'manifest.json'), 'utf8')) as { files: unknown[] };
  t.is(a.mirrors[0]!.uploaded + b.mirrors[0]!.uploaded, files.files.length, 'the second push found the first one\'s work done');
  t.false(listFilesSync(mirror).some((f) => f.includes('.gongbo-')));
});

test('should make a second push to one WebDAV mirror wait for the first, naming it', async (t) => {
  const dav = await startDav(t);
  const { site } = await davSite(dav.port);
  // The first push's uploads are held back until the second push has found the mirror locked.
  let release!: () => void;
  const secondFoundLock = new Promise<void>((resolve) => (release = resolve));
  dav.state.hold = (method, p) => (method === 'PUT' && !p.includes(LOCK) ? secondFoundLock : undefined);
  const waited: [number, string][] = [];
  const run = (n: number) => pushSite({
    cwd: site,
    onEvent: (e) => {
      if (e.type === 'waiting') {
        waited.push([n, e.message]);
        release();
      }
    },
  });
  const results = await Promise.all([run(0), run(1)]);
  t.true(results.every((r) => r.ok), results.map((r) => r.mirrors[0]!.error?.message).join('; '));
  t.is(waited.length, 1, 'one push waited for the other');
  const [waiter, message] = waited[0]!;
  t.regex(message, new RegExp(`^mirror alpha is locked by another push: \\.gongbo-push\\.lock/ held by process ${process.pid} on host ${os.hostname()} since `));
  t.true(results[1 - waiter]!.mirrors[0]!.uploaded > 0);
  t.is(results[waiter]!.mirrors[0]!.uploaded, 0, 'the push that waited ran after the other had finished');
  t.true(dav.log.includes(`MKCOL /alpha/${LOCK}/ 405`), 'the server refuses a second MKCOL of the lock');
  t.false(listFilesSync(dav.root).some((f) => f.includes(LOCK)), 'no lock left');
});

// ---------------------------------------------------------------------------------------------
// A build without PDFs (--no-pdf, a preview) pushed over a mirror that has them.

test('should refuse to push a build without PDFs over a mirror that holds the PDFs of notices it still publishes', async (t) => {
  const { site, mirror } = await fileSite();
  t.true((await pushSite({ cwd: site })).ok);
  // The mirror as a build with PDFs left it: one notice's PDF beside its page, in its manifest.
  const manifestFile = path.join(mirror, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { files: Array<{ path: string; size: number; sha256: string }> };
  const page = manifest.files.map((f) => f.path).find((p) => /^[a-z]{2}\/\d{4}-\d{2}-\d{2}-[^/]+\/index\.html$/.test(p))!;
  const [lang, id] = page.split('/') as [string, string];
  const pdf = `${lang}/${id}/${id}.${lang}.pdf`;
  await writeFile(path.join(mirror, pdf), '%PDF-1.7 printed\n%%EOF\n');
  manifest.files.push({ path: pdf, size: 24, sha256: createHash('sha256').update('%PDF-1.7 printed\n%%EOF\n').digest('hex') });
  await writeFile(manifestFile, JSON.stringify(manifest));

  const refused = await pushSite({ cwd: site });
  t.false(refused.ok);
  t.is(refused.mirrors[0]!.error?.kind, 'config');
  t.regex(refused.mirrors[0]!.error!.message, /--no-pdf/);
  t.true(existsSync(path.join(mirror, pdf)), 'the partner keeps the PDF');
});
