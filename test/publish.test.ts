// Tests of the origin as a push target (`site.deploy`), `gongbo publish [--watch]` and the next-embargo line.
import test from 'ava';
import http from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { v2 as webdav } from 'webdav-server';
import { buildSite } from '../src/build.js';
import { loadConfig } from '../src/config/load-config.js';
import { pushSite } from '../src/push/push-site.js';
import type { PushEvent } from '../src/push/push-mirror.js';
import { publishSite } from '../src/publish/publish-site.js';
import { watchPublish, type WatchEvent } from '../src/publish/watch-publish.js';
import { runPublish } from '../src/publish/publish-command.js';
import { findNextEmbargo, formatReleaseTime } from '../src/publish/next-embargo.js';
import { sleepUntil, type Clock } from '../src/publish/sleep-until.js';
import type { Manifest } from '../src/write/write-site.js';
import { capture, frontMatter, listen, listFilesSync, NOW, runMain, startHub, tempDir, writeSite } from './helpers.js';

/** A server answering 503 fails a push in well under a second; a slow answer on a busy machine is waited for. */
const RETRY = { requestTimeoutMs: 20_000, minDelayMs: 10, maxDelayMs: 50, maxTotalMs: 200 };

function config(deploy: string, mirrors = '  beta: { url: "file:mirrors/beta/", public_url: "https://beta.example.kr/" }\n', extra = ''): string {
  return `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
${deploy ? `  deploy: ${deploy}\n` : ''}categories: [press-release, notice]
${extra}${mirrors ? `mirrors:\n${mirrors}` : ''}`;
}

const NOTICES = {
  'notices/2026-05-13-alpha/ko.md': frontMatter({ title: '알파 보도자료' }),
  'notices/2026-05-14-beta/en.md': frontMatter({ title: 'Beta release', date: '2026-05-14T09:00:00+09:00' }),
};

/** `ms` as front matter writes it, in Korean time, to the second. */
function iso(ms: number): string {
  const kst = new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19);
  return `${kst}+09:00`;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

const cli = runMain;

/** A WebDAV server that answers 503 to everything while `down` is set. */
async function startDav() {
  const root = await tempDir('gongbo-dav-');
  const dav = new webdav.WebDAVServer({ rootFileSystem: new webdav.PhysicalFileSystem(root) });
  const state = { down: false, refused: 0 };
  const server = http.createServer((req, res) => {
    // The server takes anyone: the token the config names is checked by the push, not here.
    delete req.headers.authorization;
    if (!state.down) return void dav.executeRequest(req, res);
    state.refused++;
    req.resume();
    req.on('end', () => res.writeHead(503).end());
  });
  const port = await listen(server);
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { root, port, state, close };
}

// ---------------------------------------------------------------------------------------------
// Config

test('site.deploy should be read as a URL alone or with the settings a mirror has', async (t) => {
  const plain = await writeSite({ 'gongbo.config.yaml': config('"file:/srv/www/gongbo/"') });
  t.deepEqual((await loadConfig(plain)).config?.site.deploy, { url: 'file:/srv/www/gongbo/' });
  const full = await writeSite({
    'gongbo.config.yaml': config('{ url: "https://dav.example.go.kr/gongbo/", auth: { token_env: DEPLOY_TOKEN }, timeout: 10s, retry_budget: 1m, lock_wait: 5s }'),
  });
  t.like((await loadConfig(full)).config?.site.deploy, {
    url: 'https://dav.example.go.kr/gongbo/', auth: { tokenEnv: 'DEPLOY_TOKEN' }, timeoutMs: 10_000, retryBudgetMs: 60_000, lockWaitMs: 5_000,
  });
  t.is((await loadConfig(await writeSite({ 'gongbo.config.yaml': config('') }))).config?.site.deploy, undefined, 'no deploy: push serves mirrors only, as before');
});

test('a mirror or deploy address with a user name or password in it should be refused, without repeating them', async (t) => {
  const site = await writeSite({
    'gongbo.config.yaml': config('"https://deployer:Dep1oyS3cret@dav.example.go.kr/gongbo/"', '  iris: { url: "https://irisuser:S3cretPw@127.0.0.1:4090/msit/", public_url: "https://iris.example.kr/" }\n'),
  });
  const { file, config: loaded } = await loadConfig(site);
  t.is(loaded, undefined);
  const refused = file.messages.filter((m) => /user name or password/.test(m.reason));
  t.deepEqual(refused.map((m) => [m.line, m.fatal]), [[4, true], [7, true]]);
  t.regex(refused[1]!.reason, /write the address without them \(`https:\/\/127\.0\.0\.1:4090\/msit\/`\)/);
  const said = file.messages.map((m) => m.reason).join('\n');
  t.notRegex(said, /S3cret|Dep1oy|irisuser|deployer/);
  const cli = await runMain(['check', '--cwd', site]);
  t.is(cli.code, 1);
  t.notRegex(cli.stdout + cli.stderr, /S3cret|Dep1oy/);
});

test('site.deploy should be refused, at its position, where it overlaps the site, its build or a mirror', async (t) => {
  const cases: [string, string, RegExp, string][] = [
    ['"ftp://example.go.kr/"', '', /`site\.deploy` must be a `file:` folder .* or an http\(s\) WebDAV URL/, 'config-deploy'],
    ['"file:./"', '', /`site\.deploy` `file:\.\/` is the site folder: push would write the origin into the site/, 'config-deploy'],
    ['"file:dist/"', '', /`site\.deploy` `file:dist\/` lies in the site's `dist\/`/, 'config-deploy'],
    ['"file:mirrors/"', '', /`mirrors\.beta\.url` `file:mirrors\/beta\/` overlaps the deploy target `site\.deploy` \(`file:mirrors\/`\)/, 'config-mirror-url'],
    ['"http://dav.example.kr/www/"', '  beta: { url: "http://DAV.example.kr/www/beta/", public_url: "https://beta.example.kr/" }\n', /overlaps the deploy target `site\.deploy`/, 'config-mirror-url'],
  ];
  for (const [deploy, mirrors, reason, rule] of cases) {
    const site = await writeSite({ 'gongbo.config.yaml': mirrors ? config(deploy, mirrors) : config(deploy) });
    const { file, config: loaded } = await loadConfig(site);
    t.is(loaded, undefined, deploy);
    const message = file.messages.find((m) => m.fatal);
    t.regex(message?.reason ?? '', reason, deploy);
    t.is(message?.ruleId, rule, deploy);
    t.true((message?.line ?? 0) >= 4, `${deploy}: positioned at the setting`);
  }
  const named = await writeSite({ 'gongbo.config.yaml': config('"file:../www/"', '  origin: { url: "file:mirrors/o/", public_url: "https://o.example.kr/" }\n') });
  t.regex((await loadConfig(named)).file.messages[0]?.reason ?? '', /Mirror name `origin` is taken by the site's own deploy target/);
});

// ---------------------------------------------------------------------------------------------
// Push: the origin first, as a mirror of everything

test('push should deploy the whole build but mirrors/ to the origin, before any mirror, and ping hubs for its feeds', async (t) => {
  const hub = await startHub();
  t.teardown(hub.close);
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const site = await writeSite({ ...NOTICES, 'gongbo.config.yaml': config(`"file:${www}/"`, undefined, `hubs: [http://127.0.0.1:${hub.port}/]\n`) });
  t.true((await buildSite({ cwd: site, now: NOW, pdf: false })).ok);
  const events: PushEvent[] = [];
  const result = await pushSite({ cwd: site, onEvent: (e) => events.push(e) });
  t.true(result.ok, result.mirrors.map((m) => m.error?.message).join('; '));
  t.deepEqual(result.mirrors.map((m) => m.mirror), ['origin', 'beta']);

  const built = readManifest(path.join(site, 'dist'));
  const expected = built.files.filter((f) => !f.path.startsWith('mirrors/'));
  t.deepEqual(listFilesSync(www), [...expected.map((f) => f.path), 'manifest.json'].sort(), 'the origin holds the build but mirrors/, and its manifest');
  for (const f of expected) t.true(readFileSync(path.join(www, f.path)).equals(readFileSync(path.join(site, 'dist', f.path))), f.path);
  t.deepEqual(readManifest(www).files, expected);
  t.true(listFilesSync(path.join(site, 'mirrors/beta')).includes('ko/rss.xml'), 'the mirror is pushed too');

  const done = events.findIndex((e) => e.type === 'done' && e.mirror === 'origin');
  t.true(done >= 0 && events.findIndex((e) => e.mirror === 'beta') > done, 'the mirror starts only once the origin is deployed');
  // Listings and feeds name notices: they arrive after every notice page.
  const order = events.filter((e): e is Extract<PushEvent, { type: 'file' }> => e.type === 'file' && e.mirror === 'origin').map((e) => e.path);
  const lastPage = Math.max(order.indexOf('ko/2026-05-13-alpha/index.html'), order.indexOf('en/2026-05-14-beta/index.html'));
  t.true(lastPage >= 0 && lastPage < order.indexOf('ko/index.html') && order.indexOf('ko/index.html') < order.indexOf('ko/rss.xml'));
  t.is(order.at(-1), 'manifest.json');

  const originFeeds = ['ko/rss.xml', 'ko/atom.xml', 'ko/feed.json', 'en/rss.xml', 'en/atom.xml', 'en/feed.json'].map((p) => `https://example.go.kr/news/${p}`);
  for (const feed of originFeeds) t.true(hub.feeds.includes(feed), `the hub should hear of ${feed}`);
  t.true(hub.feeds.includes('https://beta.example.kr/ko/rss.xml'));

  const again = await pushSite({ cwd: site });
  t.deepEqual(again.mirrors.map((m) => [m.mirror, m.uploaded, m.deleted]), [['origin', 0, 0], ['beta', 0, 0]]);
  const only = await pushSite({ cwd: site, mirrors: ['origin'] });
  t.deepEqual(only.mirrors.map((m) => m.mirror), ['origin'], '--mirror origin pushes the origin alone');
});

test('when the origin cannot be deployed, mirrors should wait for the next push, and messages name site.deploy', async (t) => {
  const dav = await startDav();
  t.teardown(dav.close);
  dav.state.down = true;
  const site = await writeSite({ ...NOTICES, 'gongbo.config.yaml': config(`{ url: "http://127.0.0.1:${dav.port}/www/", auth: { token_env: WWW_TOKEN } }`) });
  t.true((await buildSite({ cwd: site, now: NOW, pdf: false })).ok);
  const missing = await pushSite({ cwd: site, env: {}, retry: RETRY });
  t.regex(missing.mirrors[0]!.error!.message, /^origin needs the environment variable WWW_TOKEN \(named by site\.deploy\.auth\.token_env/);

  const failed = await pushSite({ cwd: site, env: { WWW_TOKEN: 's3cret-token' }, retry: RETRY });
  t.false(failed.ok);
  t.regex(failed.mirrors[0]!.error!.message, /^origin answered 503/);
  t.is(failed.mirrors[1]!.error?.kind, 'skipped');
  t.regex(failed.mirrors[1]!.error!.message, /^mirror beta not pushed, because the origin \(`site\.deploy`\) was not deployed/);
  t.deepEqual(listFilesSync(path.join(site, 'mirrors')), [], 'the mirror got nothing ahead of the origin');
  t.false(JSON.stringify(failed).includes('s3cret-token'));

  dav.state.down = false;
  const ok = await pushSite({ cwd: site, env: { WWW_TOKEN: 's3cret-token' }, retry: RETRY });
  t.true(ok.ok, ok.mirrors.map((m) => m.error?.message).join('; '));
  t.true(listFilesSync(path.join(dav.root, 'www')).includes('ko/2026-05-13-alpha/index.html'));
});

// ---------------------------------------------------------------------------------------------
// Publish

test('publish twice with no change should send nothing the second time', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const site = await writeSite({ ...NOTICES, 'gongbo.config.yaml': config(`"file:${www}/"`) });
  const clock = fixedClock(NOW.getTime());
  const first = await publishSite({ cwd: site, pdf: false, clock });
  t.true(first.ok);
  t.true(first.push!.mirrors.every((m) => m.uploaded > 0));
  const stamp = (dir: string) => listFilesSync(dir).map((f) => `${f} ${statSync(path.join(dir, f)).mtimeMs} ${statSync(path.join(dir, f)).ino}`);
  const before = [stamp(www), stamp(path.join(site, 'mirrors/beta'))];
  const second = await publishSite({ cwd: site, pdf: false, clock });
  t.true(second.ok);
  t.deepEqual(second.push!.mirrors.map((m) => [m.mirror, m.uploaded, m.deleted]), [['origin', 0, 0], ['beta', 0, 0]]);
  t.deepEqual([stamp(www), stamp(path.join(site, 'mirrors/beta'))], before, 'no file on the origin or the mirror was written again');
});

function fixedClock(ms: number): Clock {
  return { now: () => ms, sleep: async () => {} };
}

/** A clock whose sleeps pass at once, advancing it by what was asked: hours of waiting cost nothing. */
function virtualClock(start: number) {
  const clock = { ms: start, sleeps: [] as number[], now: () => clock.ms, sleep: async (ms: number) => { clock.sleeps.push(ms); clock.ms += ms; } };
  return clock;
}

test('publish --watch should publish an embargoed notice at its time on the origin and the mirrors, and not before', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const lift = Math.ceil((Date.now() + 5000) / 1000) * 1000;
  const site = await writeSite({
    ...NOTICES,
    'notices/2026-05-20-soon/ko.md': frontMatter({ title: '곧 공개', date: iso(lift) }),
    'gongbo.config.yaml': config(`"file:${www}/"`),
  });
  const stop = new AbortController();
  const events: WatchEvent[] = [];
  const watching = watchPublish({ cwd: site, pdf: false, signal: stop.signal, watchSources: false, onWatch: (e) => events.push(e) });
  t.teardown(() => stop.abort());

  const places = [www, path.join(site, 'mirrors/beta')];
  const present = (dir: string) => existsSync(path.join(dir, 'ko/2026-05-20-soon/index.html'))
    && existsSync(path.join(dir, 'ko/rss.xml')) && readFileSync(path.join(dir, 'ko/rss.xml'), 'utf8').includes('2026-05-20-soon');
  let polls = 0;
  let seenAt: number | undefined;
  while (seenAt === undefined && Date.now() < lift + 60_000) {
    const asked = Date.now();
    const seen = places.map(present);
    if (asked < lift) polls++;
    if (asked < lift) t.deepEqual(seen, [false, false], `nothing of the notice may be out ${lift - asked} ms before its time`);
    else if (seen.every(Boolean)) seenAt = asked;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.not(seenAt, undefined, 'the notice should be on the origin and the mirror within a minute of its time');
  t.true(polls > 0, 'the folders were looked at before the lift');
  // The files arrive before the publish that sent them reports.
  const publishedAfterLift = () => events.some((e) => e.type === 'published' && e.result.now >= lift);
  while (!publishedAfterLift() && Date.now() < lift + 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
  stop.abort();
  await watching;
  const published = events.filter((e): e is Extract<WatchEvent, { type: 'published' }> => e.type === 'published').map((e) => e.result);
  t.true(published.some((r) => r.now >= lift && r.ok), 'a publish as of the lift or later sent it');
  for (const r of published.filter((p) => p.now < lift)) t.deepEqual(r.nextEmbargo, { at: lift, notices: ['notices/2026-05-20-soon'] }, 'the watch says it waits for the lift');
});

/** A site of NOTICES and one notice released at noon on 2026-12-02 (KST), deployed to `www`, without mirrors. */
async function noonSite(www: string, more: Record<string, string> = {}): Promise<string> {
  return writeSite({
    ...NOTICES,
    'notices/2026-12-02-noon/ko.md': frontMatter({ title: '정오 공개', date: '2026-12-02T12:00:00+09:00' }),
    ...more,
    'gongbo.config.yaml': config(`"file:${www}/"`, ''),
  });
}

test('publish --watch should wake at the lift on the wall clock, in slices of at most a minute, hours ahead', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const lift = Date.parse('2026-12-02T12:00:00+09:00');
  const site = await noonSite(www);
  const clock = virtualClock(lift - 3 * 3_600_000 - 1234);
  const stop = new AbortController();
  const published: number[] = [];
  await watchPublish({
    cwd: site, pdf: false, clock, signal: stop.signal, watchSources: false,
    onWatch: (e) => {
      if (e.type !== 'published') return;
      published.push(e.result.now);
      t.is(existsSync(path.join(www, 'ko/2026-12-02-noon/index.html')), e.result.now >= lift);
    },
  });
  t.deepEqual(published, [lift - 3 * 3_600_000 - 1234, lift], 'published at start, then exactly at the lift');
  t.true(clock.sleeps.every((ms) => ms <= 60_000) && clock.sleeps.length >= 180);
});

test('publish --watch with an error in the sources should still wake at the next lift, and say it released nothing, before and then', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const lift = Date.parse('2026-12-02T12:00:00+09:00');
  const site = await noonSite(www, {
    // Another notice, a draft even, with an error: every build is refused until it is fixed.
    'notices/2026-12-01-broken/ko.md': frontMatter({ department: null, status: 'draft', date: '2026-12-01T12:00:00+09:00' }),
  });
  const clock = virtualClock(lift - 3_600_000);
  const stdout = capture();
  const stderr = capture();
  const published: number[] = [];
  const code = await runPublish({ cwd: site, watch: true, pdf: false, locale: 'en' }, { stdout: stdout.stream, stderr: stderr.stream, env: {} }, {
    clock, signal: new AbortController().signal, watchSources: false,
    onWatch: (e) => { if (e.type === 'published') published.push(e.result.now); },
  });
  t.is(code, 0);
  t.deepEqual(published, [lift - 3_600_000, lift], 'woken at the lift, although the sources had errors');
  t.regex(stdout.text(), /^Next embargo lifts: 2026-12-02 12:00 \(KST\) — notices\/2026-12-02-noon$/m);
  t.regex(stderr.text(), /^The errors above stop every release, this one too: fix them before 2026-12-02 12:00 \(KST\), or it will not go out on time\.$/m);
  t.regex(stderr.text(), /^The embargo of notices\/2026-12-02-noon lifted at 2026-12-02 12:00 \(KST\), but nothing was released: the errors above stop every release\./m);
  t.false(existsSync(path.join(www, 'ko/2026-12-02-noon/index.html')));
});

test('publish --watch stopped during a push should say at once that it is stopping, then one line, not each target as failed', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const site = await writeSite({ ...NOTICES, 'gongbo.config.yaml': config(`"file:${www}/"`) });
  const stdout = capture();
  const stderr = capture();
  const stop = new AbortController();
  const code = await runPublish({ cwd: site, watch: true, pdf: false, locale: 'en' }, { stdout: stdout.stream, stderr: stderr.stream, env: {} }, {
    signal: stop.signal, watchSources: false,
    // Ctrl+C as the origin's first file goes up.
    onEvent: (e) => { if (e.type === 'file' && !stop.signal.aborted) stop.abort(); },
  });
  t.is(code, 0);
  t.regex(stdout.text(), /^Stopping: the publish under way ends its current step first…$/m);
  t.regex(stderr.text(), /^The push was stopped partway, as asked: the next publish sends the rest\.$/m);
  t.notRegex(stdout.text() + stderr.text(), /interrupted during|not pushed, because the origin/);
  t.regex(stdout.text(), /Stopped watching\.\n$/);
});

test('watchPublish should throw a TypeError naming the option when misused', async (t) => {
  await t.throwsAsync(watchPublish({ cwd: '.' } as Parameters<typeof watchPublish>[0]), { instanceOf: TypeError, message: /^Expected `options\.signal` to be an AbortSignal/ });
  await t.throwsAsync(watchPublish({ cwd: '.', signal: new AbortController().signal, retryMinMs: -1 }), { instanceOf: TypeError, message: 'Expected `options.retryMinMs` to be a finite number >= 0, got `-1` (number)' });
});

test('sleepUntil should go by the wall clock: a jump forward wakes it early enough, a jump back never wakes it early', async (t) => {
  const at = 10_000_000;
  const forward = virtualClock(at - 3_600_000);
  forward.sleep = async (ms: number) => {
    forward.sleeps.push(ms);
    forward.ms += forward.sleeps.length === 2 ? 3_600_000 : ms; // the machine slept for an hour
  };
  await sleepUntil(at, { clock: forward });
  t.deepEqual(forward.sleeps, [60_000, 60_000], 'awake within one slice of the jump, not an hour late');

  const back = virtualClock(at - 120_000);
  back.sleep = async (ms: number) => {
    back.sleeps.push(ms);
    back.ms += back.sleeps.length === 1 ? ms - 600_000 : ms; // the clock was set back ten minutes
  };
  await sleepUntil(at, { clock: back });
  t.true(back.ms >= at, 'never before the time on the wall clock');
});

test('publish --watch should retry a failing mirror with backoff until it succeeds', async (t) => {
  const dav = await startDav();
  t.teardown(dav.close);
  dav.state.down = true;
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const site = await writeSite({
    ...NOTICES,
    'gongbo.config.yaml': config(`"file:${www}/"`, `  dav: { url: "http://127.0.0.1:${dav.port}/dav/", public_url: "https://dav.example.kr/" }\n`),
  });
  const stop = new AbortController();
  t.teardown(() => stop.abort());
  const events: WatchEvent[] = [];
  await watchPublish({
    cwd: site, pdf: false, signal: stop.signal, watchSources: false, retry: RETRY, retryMinMs: 20, retryMaxMs: 80,
    onWatch: (e) => {
      events.push(e);
      const failures = events.filter((x) => x.type === 'published' && !x.result.ok).length;
      // The server comes back after three failed publishes.
      if (e.type === 'waiting' && failures === 3) dav.state.down = false;
      if (e.type === 'published' && e.result.ok) stop.abort();
    },
  });
  const results = events.filter((e): e is Extract<WatchEvent, { type: 'published' }> => e.type === 'published').map((e) => e.result);
  t.deepEqual(results.map((r) => r.ok), [false, false, false, true]);
  t.regex(results[0]!.push!.mirrors.find((m) => m.mirror === 'dav')!.error!.message, /^mirror dav answered 503/);
  const waits = events.filter((e): e is Extract<WatchEvent, { type: 'waiting' }> => e.type === 'waiting');
  t.deepEqual(waits.map((w) => w.failures), [1, 2, 3]);
  t.true(dav.state.refused > 0);
  t.true(listFilesSync(path.join(dav.root, 'dav')).includes('ko/2026-05-13-alpha/index.html'), 'the mirror has the notice in the end');
  t.true(listFilesSync(www).includes('ko/2026-05-13-alpha/index.html'));
});

test('publish --watch should publish again when a source changes', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const site = await writeSite({ ...NOTICES, 'gongbo.config.yaml': config(`"file:${www}/"`) });
  const stop = new AbortController();
  t.teardown(() => stop.abort());
  let published = 0;
  await watchPublish({
    cwd: site, pdf: false, signal: stop.signal, debounceMs: 50,
    onWatch: (e) => {
      if (e.type === 'published') published++;
      if (e.type === 'waiting' && published === 1) {
        void mkdir(path.join(site, 'notices/2026-05-15-gamma'), { recursive: true })
          .then(() => writeFile(path.join(site, 'notices/2026-05-15-gamma/ko.md'), frontMatter({ title: '감마', date: '2026-05-15T09:00:00+09:00' })));
      }
      if (e.type === 'published' && existsSync(path.join(www, 'ko/2026-05-15-gamma/index.html'))) stop.abort();
    },
  });
  t.true(existsSync(path.join(www, 'ko/2026-05-15-gamma/index.html')));
});

// ---------------------------------------------------------------------------------------------
// The next-embargo line

test('findNextEmbargo should name the earliest future release, skipping drafts and what is out', async (t) => {
  const site = await writeSite({
    ...NOTICES,
    'notices/2026-12-02-noon/ko.md': frontMatter({ date: '2026-12-02T12:00:00+09:00' }),
    'notices/2026-12-02-twin/en.md': frontMatter({ date: '2026-12-02T12:00:00+09:00' }),
    'notices/2026-12-01-draft/ko.md': frontMatter({ date: '2026-12-01T12:00:00+09:00', status: 'draft' }),
    'notices/2027-01-01-later/ko.md': frontMatter({ date: '2027-01-01T00:00:00+09:00' }),
  });
  const result = await buildSite({ cwd: site, now: NOW, pdf: false });
  t.deepEqual(findNextEmbargo(result.notices, NOW.getTime()), { at: Date.parse('2026-12-02T12:00:00+09:00'), notices: ['notices/2026-12-02-noon', 'notices/2026-12-02-twin'] });
  t.is(findNextEmbargo(result.notices, Date.parse('2027-01-01T00:00:00+09:00')), undefined);
  t.is(formatReleaseTime(Date.parse('2026-12-02T12:00:00+09:00'), 'Asia/Seoul'), '2026-12-02 12:00 (KST)');
  t.is(formatReleaseTime(Date.parse('2026-12-02T12:00:05+09:00'), 'Europe/Paris'), '2026-12-02 04:00:05 (GMT+1)');
});

test('check and build should say when the next embargo lifts, in Korean for a Korean terminal', async (t) => {
  const site = await writeSite({ ...NOTICES, 'notices/2026-12-02-noon/ko.md': frontMatter({ date: '2026-12-02T12:00:00+09:00' }) });
  const now = '2026-11-29T12:00:00+09:00';
  const en = await cli(['check', '--cwd', site, '--now', now]);
  t.is(en.code, 0, en.stderr);
  t.regex(en.stdout, /^Next embargo lifts: 2026-12-02 12:00 \(KST\) — notices\/2026-12-02-noon$/m);
  const ko = await cli(['check', '--cwd', site, '--now', now], { LANG: 'ko_KR.UTF-8' });
  t.regex(ko.stdout, /^다음 엠바고 해제: 2026-12-02 12:00 \(KST\) — notices\/2026-12-02-noon$/m);
  const built = await cli(['build', '--cwd', site, '--now', now, '--no-pdf']);
  t.regex(built.stdout, /Built 2 notices[^\n]*\nNext embargo lifts: 2026-12-02 12:00 \(KST\)/);
  const after = await cli(['check', '--cwd', site, '--now', '2026-12-02T12:00:00+09:00']);
  t.notRegex(after.stdout, /embargo/, 'nothing waits once it is out');
});

test('gongbo publish should build and push, and say what it sent and what it waits for', async (t) => {
  const www = path.join(await tempDir('gongbo-www-'), 'www');
  const site = await writeSite({
    ...NOTICES,
    'notices/2099-01-01-far/ko.md': frontMatter({ date: '2099-01-01T12:00:00+09:00' }),
    'gongbo.config.yaml': config(`"file:${www}/"`),
  });
  const first = await cli(['publish', '--cwd', site, '--no-pdf']);
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /^origin: \d+ uploaded, 0 deleted, 0 unchanged/m);
  t.regex(first.stdout, /^mirror beta: \d+ uploaded/m);
  t.regex(first.stdout, /^Next embargo lifts: 2099-01-01 12:00 \(KST\) — notices\/2099-01-01-far$/m);
  const second = await cli(['publish', '--cwd', site, '--no-pdf']);
  t.regex(second.stdout, /^origin: 0 uploaded, 0 deleted, \d+ unchanged/m);
  t.regex(second.stdout, /^mirror beta: 0 uploaded, 0 deleted/m);
});
