// Tests of `gongbo push` against a real WebDAV server on loopback, behind a fault-injecting proxy that
// checks after every request that no feed entry on a mirror points at a file the mirror lacks.
import test from 'ava';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { v2 as webdav } from 'webdav-server';
import { buildSite } from '../src/build.js';
import { pushSite, type PushOptions } from '../src/push/push-site.js';
import { runPush } from '../src/push/push-command.js';
import { PushRefusedError } from '../src/push/push-errors.js';
import { scrubSecrets, scrubUrl } from '../src/push/scrub-secrets.js';
import { planPush } from '../src/push/plan-push.js';
import type { PushEvent } from '../src/push/push-mirror.js';
import type { Manifest } from '../src/write/write-site.js';
import { capture, close, fixture, listen, listFilesSync, NOW, startHub, tempDir } from './helpers.js';

const USER = 'pusher';
const PASSWORD = 'correct-horse-7f3q';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
/** Fast retries, so faults cost milliseconds; the 1 s Retry-After is honoured all the same. */
const RETRY = { requestTimeoutMs: 1000, minDelayMs: 20, maxDelayMs: 200, maxTotalMs: 8000 };
const ENV = { ALPHA_USER: USER, ALPHA_PASSWORD: PASSWORD, BETA_USER: USER, BETA_PASSWORD: PASSWORD };
const PUBLIC = { alpha: 'https://alpha.example.kr/m/', beta: 'https://beta.example.kr/' } as const;
const JOURNAL = '.gongbo-push.json';
const LOCK = '.gongbo-push.lock';

// ---------------------------------------------------------------------------------------------
// Servers: WebDAV, the proxy in front of it, a WebSub hub.

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  const port = await listen(server);
  await close(server);
  return port;
}

async function startDav() {
  const root = await tempDir('gongbo-dav-');
  const users = new webdav.SimpleUserManager();
  const user = users.addUser(USER, PASSWORD, false);
  const privileges = new webdav.SimplePathPrivilegeManager();
  privileges.setRights(user, '/', ['all']);
  const dav = new webdav.WebDAVServer({
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'gongbo-test'),
    privilegeManager: privileges,
    rootFileSystem: new webdav.PhysicalFileSystem(root),
  });
  const server = http.createServer((req, res) => dav.executeRequest(req, res));
  return { root, port: await listen(server), close: () => close(server) };
}

type Fault = { drop: 'before' | 'after' } | { status: number; retryAfter?: string } | { delayMs: number };

interface Exchange {
  run: number;
  method: string;
  /** Decoded path, e.g. `/alpha/ko/rss.xml`. */
  path: string;
  status: number | 'dropped';
  at: number;
  /** A MOVE's Destination, decoded, as a path on the server. */
  dest?: string;
}

/**
 * An HTTP proxy that records every exchange, injects `fault`s, and runs `check` (synchronously, so
 * the WebDAV server in this process can't change anything meanwhile) after each upstream answer.
 */
async function startProxy(upstreamPort: number, check: () => string[]) {
  const state = {
    log: [] as Exchange[],
    run: 0,
    violations: [] as string[],
    fault: undefined as ((request: { method: string; path: string; index: number }) => Fault | undefined) | undefined,
    afterEach: undefined as ((exchange: Exchange) => void) | undefined,
  };
  let index = 0;
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const fault = state.fault?.({ method, path: urlPath, index: index++ });
    const destination = req.headers.destination;
    const record = (status: Exchange['status']) => {
      const exchange: Exchange = { run: state.run, method, path: urlPath, status, at: performance.now(),
        ...(destination ? { dest: decodeURIComponent(new URL(destination, 'http://x').pathname) } : {}) };
      state.log.push(exchange);
      return exchange;
    };
    if (fault && 'drop' in fault && fault.drop === 'before') {
      record('dropped');
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      req.resume();
      req.on('end', () => {
        record(fault.status);
        res.writeHead(fault.status, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
        res.end();
      });
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const exchange = record(answer.statusCode ?? 0);
        for (const problem of check()) state.violations.push(`after ${method} ${urlPath}: ${problem}`);
        state.afterEach?.(exchange);
        if (fault && 'drop' in fault) {
          req.socket.destroy();
          return;
        }
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        };
        if (fault && 'delayMs' in fault) setTimeout(send, fault.delayMs);
        else send();
      });
    });
    upstream.on('error', () => res.destroy());
    // A client that gives up (timeout, abort) takes its request with it, as a dropped line would.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  return { state, port: await listen(server), close: () => close(server) };
}

// ---------------------------------------------------------------------------------------------
// Mirror state: the files on it, and the feed links that dangle.

/** Links of feed entries (RSS items, Atom entries, JSON Feed items) under `publicUrl`. */
function entryLinks(file: string, text: string, publicUrl: string): string[] {
  let links: string[] = [];
  if (file.endsWith('.json')) {
    let feed: { items?: { url?: string; attachments?: { url?: string }[] }[] };
    try {
      feed = JSON.parse(text) as typeof feed;
    } catch {
      return []; // Being written by a concurrent PUT: the WebDAV server streams into place.
    }
    links = (feed.items ?? []).flatMap((item) => [item.url, ...(item.attachments ?? []).map((a) => a.url)]).filter((u): u is string => Boolean(u));
  } else {
    for (const block of text.match(/<(item|entry)\b[\s\S]*?<\/\1>/g) ?? []) {
      links.push(...[...block.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!));
      links.push(...[...block.matchAll(/<(?:link|enclosure)\b[^>]*?\b(?:href|url)="([^"]+)"/g)].map((m) => m[1]!));
    }
    links = links.map((l) => l.trim().replace(/&amp;/g, '&'));
  }
  return links.filter((l) => l.startsWith(publicUrl));
}

/** Feed documents of a mirror: `rss.xml`, `atom.xml`, `feed.json` in language folders and below, outside notice folders. */
function feedFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !/^\d{4}-\d{2}-\d{2}-/.test(entry.name)) visit(child);
      else if (entry.isFile() && /(?:\.xml|^feed\.json)$/.test(entry.name)) out.push(child);
    }
  };
  for (const locale of ['ko', 'en']) if (existsSync(path.join(dir, locale))) visit(locale);
  return out;
}

function danglingLinks(dir: string, publicUrl: string): { problems: string[]; checked: number } {
  const problems: string[] = [];
  let checked = 0;
  for (const feed of feedFiles(dir)) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, feed), 'utf8');
    } catch (error) {
      // Listed, then replaced by a MOVE another request made meanwhile: the new one is checked after that request.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const link of entryLinks(feed, text, publicUrl)) {
      checked++;
      let target = decodeURIComponent(link.slice(publicUrl.length).replace(/[?#].*$/, ''));
      if (target === '' || target.endsWith('/')) target += 'index.html';
      if (!existsSync(path.join(dir, target))) problems.push(`${feed} links to ${link}, missing on the mirror`);
    }
  }
  return { problems, checked };
}

// ---------------------------------------------------------------------------------------------
// The site: the basic fixture, pushed to two WebDAV mirrors.

interface Ports { proxy: number; hub: number; deadHub: number }

function siteConfig(ports: Ports, extraMirrors: (ports: Ports) => string = () => ''): string {
  return `site:
  url: https://example.go.kr/news/
  publisher: { ko: 시험부, en: Ministry of Testing }
  per_page: 2
categories: [press-release, notice, call-for-proposals]
hubs: [http://127.0.0.1:${ports.hub}/hub, http://127.0.0.1:${ports.deadHub}/hub]
mirrors:
  alpha:
    url: http://127.0.0.1:${ports.proxy}/alpha/
    public_url: ${PUBLIC.alpha}
    languages: [ko]
    categories: [press-release]
    auth: { username_env: ALPHA_USER, password_env: ALPHA_PASSWORD }
  beta:
    url: http://127.0.0.1:${ports.proxy}/beta/
    public_url: ${PUBLIC.beta}
    languages: [ko, en]
    categories: [press-release, notice]
    auth: { username_env: BETA_USER, password_env: BETA_PASSWORD }
${extraMirrors(ports)}`;
}

async function makeSite(config: string): Promise<string> {
  const site = await tempDir('gongbo-push-site-');
  await cp(fixture('basic'), site, { recursive: true });
  await writeFile(path.join(site, 'gongbo.config.yaml'), config);
  // Gamma is for beta only: the front matter `mirrors` field narrows the filters (in both languages).
  for (const locale of ['ko', 'en']) {
    const gamma = path.join(site, `notices/2026-03-01-gamma/${locale}.md`);
    await writeFile(gamma, (await readFile(gamma, 'utf8')).replace('category: press-release\n', 'category: press-release\nmirrors: [beta]\n'));
  }
  return site;
}

async function readManifest(site: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(site, 'dist/manifest.json'), 'utf8')) as Manifest;
}

/** Build `site` as `gongbo build --no-pdf` would, and return its manifest. */
async function build(site: string): Promise<Manifest> {
  const result = await buildSite({ cwd: site, out: 'dist', now: NOW, pdf: false });
  if (!result.ok) throw new Error('the fixture site should build');
  const manifest = await readManifest(site);
  if (!manifest.files.some((f) => f.path.startsWith('mirrors/'))) throw new Error('the build should write mirror feeds');
  return manifest;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What `mirror` should hold of `manifest`, by the rules spelled out independently of the code under test. */
function expectedFiles(manifest: Manifest, mirror: 'alpha' | 'beta', noticeFolders: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of manifest.files) {
    if (f.path.startsWith('assets/') || noticeFolders.some((d) => f.path.startsWith(`${d}/`))) out.set(f.path, f.path);
    if (f.path.startsWith(`mirrors/${mirror}/`)) out.set(f.path.slice(`mirrors/${mirror}/`.length), f.path);
  }
  return out;
}

const ALPHA_NOTICES = ['ko/2026-01-05-alpha'];
const BETA_NOTICES = ['en/2026-01-05-alpha', 'en/2026-03-01-gamma', 'ko/2026-01-05-alpha', 'ko/2026-02-10-beta', 'ko/2026-03-01-gamma', 'ko/2026-03-15-hostile'];

/** Assert the mirror holds exactly `expected` (mirror path → dist path), byte for byte, and a manifest of it. */
function assertMirror(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void; true: (v: boolean, m?: string) => void }, dir: string, site: string, expected: Map<string, string>): void {
  t.deepEqual(listFilesSync(dir), [...expected.keys(), 'manifest.json'].sort(), `${dir} should hold exactly its share and a manifest`);
  for (const [onMirror, inDist] of expected) {
    t.true(readFileSync(path.join(dir, onMirror)).equals(readFileSync(path.join(site, 'dist', inDist))), `${onMirror} should be byte-identical to dist/${inDist}`);
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  t.deepEqual(manifest.files, [...expected.keys()].sort().map((p) => {
    const bytes = readFileSync(path.join(dir, p));
    return { path: p, size: bytes.byteLength, sha256: sha256(bytes) };
  }), 'the mirror manifest should describe exactly what it holds');
}

async function setup(options: { extraMirrors?: (ports: Ports) => string; proxyPort?: number } = {}) {
  const dav = await startDav();
  const check = () => [
    ...danglingLinks(path.join(dav.root, 'alpha'), PUBLIC.alpha).problems,
    ...danglingLinks(path.join(dav.root, 'beta'), PUBLIC.beta).problems,
  ];
  const proxy = await startProxy(dav.port, check);
  const hub = await startHub();
  const deadHub = await closedPort();
  const site = await makeSite(siteConfig({ proxy: options.proxyPort ?? proxy.port, hub: hub.port, deadHub }, options.extraMirrors));
  const manifest = await build(site);
  const push = (extra: Partial<PushOptions> = {}) => {
    proxy.state.run++;
    return pushSite({ cwd: site, env: ENV, retry: RETRY, ...extra });
  };
  const exchanges = (run = proxy.state.run) => proxy.state.log.filter((e) => e.run === run);
  const teardown = async () => {
    await Promise.all([dav.close(), proxy.close(), hub.close()]);
  };
  return { dav, proxy, hub, site, manifest, push, exchanges, teardown, alphaDir: path.join(dav.root, 'alpha'), betaDir: path.join(dav.root, 'beta') };
}

async function runCli(options: Parameters<typeof runPush>[0], env: NodeJS.ProcessEnv, extra: Partial<PushOptions> = {}) {
  const stdout = capture();
  const stderr = capture();
  const code = await runPush(options, { stdout: stdout.stream, stderr: stderr.stream, env }, extra);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const writes = (log: Exchange[]) => log.filter((e) => e.method !== 'GET' && e.method !== 'HEAD');
/** Feeds and the manifest are PUT to `.<name>.gongbo-upload` beside them, then MOVEd onto their name. */
const UPLOAD = /\/\.[^/]+\.gongbo-upload$/;
/**
 * Files as they arrive on the mirrors: a PUT in place, or the MOVE of a temporary upload onto its
 * name (shown as a PUT of that name); the upload to the temporary name itself is left out.
 */
const arrivals = (log: Exchange[]): Exchange[] => log.flatMap((e) => (e.method === 'MOVE' && e.dest
  ? [{ ...e, method: 'PUT', path: e.dest }]
  : e.method === 'PUT' && UPLOAD.test(e.path) ? [] : [e]));
/** Files sent to `mirror`, the journal and the lock's record not counted. */
const putPaths = (log: Exchange[], mirror: string) => arrivals(log)
  .filter((e) => e.method === 'PUT' && e.path.startsWith(`/${mirror}/`) && e.path !== `/${mirror}/${JOURNAL}` && !e.path.startsWith(`/${mirror}/${LOCK}/`)
    && typeof e.status === 'number' && e.status < 300)
  .map((e) => e.path.slice(mirror.length + 2));

// ---------------------------------------------------------------------------------------------

test('should push each mirror its share, then nothing, then only what an edit changed, then deletions', async (t) => {
  const s = await setup();
  t.teardown(s.teardown);

  // Dry run: reads only, says what it would send.
  const dry = await s.push({ dryRun: true });
  t.true(dry.ok);
  t.deepEqual(writes(s.exchanges()), [], 'a dry run should change nothing');
  t.true(dry.mirrors[0]!.plan!.waves.flat().length > 10);
  t.deepEqual(listFilesSync(s.dav.root), []);

  // First push: everything, byte-identical, with the manifest last.
  const first = await s.push();
  t.true(first.ok, first.mirrors.map((m) => m.error?.message).join('; '));
  assertMirror(t, s.alphaDir, s.site, expectedFiles(s.manifest, 'alpha', ALPHA_NOTICES));
  assertMirror(t, s.betaDir, s.site, expectedFiles(s.manifest, 'beta', BETA_NOTICES));
  t.false(listFilesSync(s.alphaDir).some((f) => f.startsWith('en/')), 'alpha takes Korean only');
  t.false(listFilesSync(s.alphaDir).some((f) => f.startsWith('ko/2026-03-01-gamma/')), 'gamma names only beta in its front matter');
  t.false(listFilesSync(s.dav.root).some((f) => /2030-01-01-future|2026-04-01-draft/.test(f)), 'embargoed and draft notices go nowhere');
  for (const mirror of ['alpha', 'beta']) {
    const log = arrivals(s.exchanges()).filter((e) => e.path.startsWith(`/${mirror}/`) && e.method === 'PUT' && e.path !== `/${mirror}/${JOURNAL}`);
    t.is(log.at(-1)!.path, `/${mirror}/manifest.json`, 'the manifest should be written last');
    const lastFeed = log.findLastIndex((e) => /\/(rss\.xml|atom\.xml|feed\.json)$/.test(e.path));
    // The mirror's own listings and redirects (built under mirrors/<name>/) travel with its feeds.
    const own = new Set(s.manifest.files.filter((f) => f.path.startsWith(`mirrors/${mirror}/`)).map((f) => `/${mirror}/${f.path.slice(`mirrors/${mirror}/`.length)}`));
    const lastPage = log.findLastIndex((e) => !own.has(e.path) && (e.path.endsWith('index.html') || e.path.includes('/files/') || e.path.includes('/assets/')));
    t.true(lastPage < log.findIndex((e) => /\/(rss\.xml|atom\.xml|feed\.json)$/.test(e.path)) && lastFeed < log.length - 1, 'feeds go after every other file');
  }
  t.true(s.exchanges().some((e) => e.method === 'MKCOL'), 'the WebDAV server needs its collections made');
  t.true(danglingLinks(s.betaDir, PUBLIC.beta).checked >= 6, 'the feeds on the mirror should link its notices');
  t.deepEqual(s.proxy.state.violations, []);
  // alpha: ko, all and press-release; beta: ko and en, all, press-release and notice.
  t.is(s.hub.pings.length, 3 * (2 + 2 * 3), 'one ping per changed subscription feed, its categories\' included, three formats each');
  t.true(s.hub.pings.includes(`POST application/x-www-form-urlencoded;charset=UTF-8 hub.mode=publish&hub.url=${encodeURIComponent(`${PUBLIC.alpha}ko/rss.xml`)}`), s.hub.pings[0]);
  t.true(s.hub.pings.includes(`POST application/x-www-form-urlencoded;charset=UTF-8 hub.mode=publish&hub.url=${encodeURIComponent(`${PUBLIC.beta}en/notice/atom.xml`)}`));
  t.true(first.mirrors.every((m) => m.warnings.some((w) => /^WebSub hub http:\/\/127\.0\.0\.1:\d+\/hub\/? was not told about https:\/\//.test(w))), JSON.stringify(first.mirrors.map((m) => m.warnings)));
  for (const file of listFilesSync(s.dav.root)) {
    const text = readFileSync(path.join(s.dav.root, file)).toString('latin1');
    t.false(text.includes(PASSWORD) || text.includes(BASIC), `${file} should hold no credential`);
  }

  // No change: only reads, three per mirror: the manifest, the journal, and the lock (one a dead push left is removed).
  const again = await s.push();
  t.true(again.ok);
  t.deepEqual(s.exchanges().map((e) => `${e.method} ${e.path}`).sort(), ['alpha', 'beta'].flatMap((m) => [`GET /${m}/${JOURNAL}`, `GET /${m}/${LOCK}/owner.json`, `GET /${m}/manifest.json`]).sort());
  t.deepEqual(again.mirrors.map((m) => [m.uploaded, m.deleted]), [[0, 0], [0, 0]]);
  t.is(s.hub.pings.length, 3 * (2 + 2 * 3), 'no feed changed, no ping');

  // An edit: only the files whose bytes changed, the feeds among them, and the manifest.
  const notice = path.join(s.site, 'notices/2026-01-05-alpha/ko.md');
  await writeFile(notice, `${await readFile(notice, 'utf8')}\n추가된 문단입니다.\n`);
  const before = new Map(s.manifest.files.map((f) => [f.path, f.sha256]));
  const edited = await build(s.site);
  const changed = edited.files.filter((f) => before.get(f.path) !== f.sha256).map((f) => f.path);
  t.true(changed.includes('ko/2026-01-05-alpha/index.html'));
  const editPush = await s.push();
  t.true(editPush.ok);
  for (const mirror of ['alpha', 'beta'] as const) {
    const share = expectedFiles(edited, mirror, mirror === 'alpha' ? ALPHA_NOTICES : BETA_NOTICES);
    const expected = [...share].filter(([, dist]) => changed.includes(dist)).map(([onMirror]) => onMirror);
    t.deepEqual(putPaths(s.exchanges(), mirror).sort(), [...expected, 'manifest.json'].sort(), `${mirror} should get only what changed`);
    t.true(expected.includes('ko/2026-01-05-alpha/index.html') && expected.some((p) => p.endsWith('rss.xml')));
    assertMirror(t, mirror === 'alpha' ? s.alphaDir : s.betaDir, s.site, share);
  }
  t.false(s.exchanges().some((e) => e.method === 'DELETE' && !e.path.endsWith(JOURNAL) && !e.path.includes(`/${LOCK}/`)));

  // A deletion: removed from the mirror after the feeds that no longer list it.
  await rm(path.join(s.site, 'notices/2026-03-15-hostile'), { recursive: true });
  const shrunk = await build(s.site);
  const deletePush = await s.push();
  t.true(deletePush.ok);
  const betaLog = arrivals(s.exchanges()).filter((e) => e.path.startsWith('/beta/') && e.path !== `/beta/${JOURNAL}` && !e.path.startsWith(`/beta/${LOCK}/`));
  const deleted = betaLog.filter((e) => e.method === 'DELETE').map((e) => e.path);
  t.deepEqual(deleted, ['/beta/ko/2026-03-15-hostile/index.html']);
  const deleteAt = betaLog.findIndex((e) => e.method === 'DELETE');
  t.true(betaLog.slice(0, deleteAt).some((e) => e.method === 'PUT' && e.path === '/beta/ko/rss.xml'), 'the feed without it goes first');
  t.is(betaLog.at(-1)!.path, '/beta/manifest.json');
  t.deepEqual(putPaths(s.exchanges(), 'alpha'), [], 'alpha never had the notice');
  assertMirror(t, s.betaDir, s.site, expectedFiles(shrunk, 'beta', BETA_NOTICES.filter((n) => !n.includes('hostile'))));
  t.deepEqual(deletePush.mirrors.map((m) => m.deleted), [0, 1]);
  t.deepEqual(s.proxy.state.violations, [], 'no feed entry ever pointed at a missing file');
  t.false(existsSync(path.join(s.betaDir, JOURNAL)));
});

test('should finish through dropped connections, 503s with Retry-After and slow answers', async (t) => {
  const s = await setup();
  t.teardown(s.teardown);
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && Boolean(seen.add(key));
  s.proxy.state.fault = ({ method, path: p, index }) => {
    if (method === 'GET' && p === '/alpha/manifest.json' && once('get')) return { drop: 'before' };
    // The feed was moved into place, but its answer lost: the attempt (upload and MOVE) is made again.
    if (method === 'MOVE' && p === '/alpha/ko/.rss.xml.gongbo-upload' && once('feed')) return { drop: 'after' };
    if (method === 'PUT' && p === '/alpha/.manifest.json.gongbo-upload' && once('manifest')) return { status: 503, retryAfter: '1' };
    if (method === 'PUT' && p.startsWith('/beta/assets/') && once('beta-503')) return { status: 503 };
    // The manifest's PUTs are counted below: only the 503 above falls on them.
    if (p.endsWith('manifest.json') || p.endsWith('manifest.json.gongbo-upload')) return undefined;
    if (method === 'PUT' && index % 37 === 5 && once(`slow ${p}`)) return { delayMs: 1500 };
    if (index % 11 === 3) return { delayMs: 150 };
    if (method === 'PUT' && index % 53 === 7 && once(`drop ${p}`)) return { drop: 'before' };
    return undefined;
  };
  const retries: string[] = [];
  const result = await s.push({ onEvent: (e: PushEvent) => void (e.type === 'retry' && retries.push(`${e.mirror} ${e.notice.request}: ${e.notice.reason}`)) });
  t.true(result.ok, result.mirrors.map((m) => m.error?.message).join('; '));
  assertMirror(t, s.alphaDir, s.site, expectedFiles(s.manifest, 'alpha', ALPHA_NOTICES));
  assertMirror(t, s.betaDir, s.site, expectedFiles(s.manifest, 'beta', BETA_NOTICES));
  t.deepEqual(s.proxy.state.violations, []);
  t.true(retries.includes('alpha GET manifest.json: connection dropped'), retries.join('\n'));
  t.true(retries.includes('alpha PUT manifest.json: 503 Service Unavailable'));
  t.true(retries.includes('alpha PUT ko/rss.xml: connection dropped'), 'a MOVE whose answer was lost should be tried again');
  t.true(retries.some((r) => r.endsWith('no answer within 1.0 s')), 'a slow answer should time out and be retried');
  const manifestPuts = s.exchanges().filter((e) => e.method === 'PUT' && e.path === '/alpha/.manifest.json.gongbo-upload');
  t.is(manifestPuts.length, 2);
  t.true(manifestPuts[1]!.at - manifestPuts[0]!.at >= 950, 'Retry-After: 1 should be honoured');
});

test('should finish an interrupted push without sending again what arrived', async (t) => {
  const s = await setup();
  t.teardown(s.teardown);
  const arrived = new Set<string>();
  const runs: string[][] = [];
  const interrupt = async (stopWhen: (exchange: Exchange, count: number) => boolean) => {
    const controller = new AbortController();
    let count = 0;
    s.proxy.state.afterEach = (exchange) => {
      const e = arrivals([exchange])[0] ?? exchange;
      if (e.method === 'PUT' && typeof e.status === 'number' && e.status < 300 && !e.path.endsWith(JOURNAL) && !e.path.includes(`/${LOCK}/`)) count++;
      if (!controller.signal.aborted && stopWhen(e, count)) controller.abort();
    };
    const result = await s.push({ mirrors: ['alpha'], signal: controller.signal });
    s.proxy.state.afterEach = undefined;
    return result;
  };
  const settle = () => {
    const sent = putPaths(s.exchanges(), 'alpha').filter((p) => p !== 'manifest.json');
    runs.push(sent);
    t.deepEqual(sent.filter((p) => arrived.has(p)), [], `run ${s.proxy.state.run} should not resend what arrived`);
    for (const p of sent) arrived.add(p);
  };

  // Stopped among the pages and assets, then among the feeds.
  const stopped = await interrupt((_e, count) => count >= 40);
  t.false(stopped.ok);
  t.is(stopped.mirrors[0]!.error?.kind, 'aborted');
  t.regex(stopped.mirrors[0]!.error!.message, /^mirror alpha: push was interrupted during /);
  t.true(existsSync(path.join(s.alphaDir, JOURNAL)), 'the journal stays until the push completes');
  t.false(existsSync(path.join(s.alphaDir, 'manifest.json')));
  settle();

  const stoppedAgain = await interrupt((e) => e.method === 'PUT' && e.path === '/alpha/ko/rss.xml');
  t.false(stoppedAgain.ok);
  t.true(s.exchanges().some((e) => e.method === 'HEAD'), 'files that arrived after the last journal write are checked, not resent');
  settle();

  const finished = await s.push({ mirrors: ['alpha'] });
  t.true(finished.ok, finished.mirrors[0]!.error?.message);
  settle();
  t.true(runs[0]!.length >= 40 && runs[1]!.length > 0, runs.map((r) => r.length).join(' '));
  assertMirror(t, s.alphaDir, s.site, expectedFiles(s.manifest, 'alpha', ALPHA_NOTICES));
  t.deepEqual(s.proxy.state.violations, []);

  const idle = await s.push({ mirrors: ['alpha'] });
  t.is(idle.mirrors[0]!.uploaded, 0);
  t.deepEqual(writes(s.exchanges()), []);
});

test('should move feeds and the manifest into place on WebDAV, and remove a temporary upload a stopped push left', async (t) => {
  const s = await setup();
  t.teardown(s.teardown);
  const controller = new AbortController();
  s.proxy.state.fault = ({ method, path: p }) => {
    if (method !== 'MOVE' || p !== '/alpha/ko/.rss.xml.gongbo-upload') return undefined;
    controller.abort();
    return { drop: 'before' };
  };
  const stopped = await s.push({ mirrors: ['alpha'], signal: controller.signal });
  t.is(stopped.mirrors[0]!.error?.kind, 'aborted');
  t.true(existsSync(path.join(s.alphaDir, 'ko/.rss.xml.gongbo-upload')), 'the feed should have been uploaded beside its place, not onto it');
  t.false(existsSync(path.join(s.alphaDir, 'ko/rss.xml')));
  // The feed arrives by other means meanwhile, so the next push need not send it again: only
  // the record of the stopped push says its temporary upload is there.
  await cp(path.join(s.site, 'dist/mirrors/alpha/ko/rss.xml'), path.join(s.alphaDir, 'ko/rss.xml'));
  s.proxy.state.fault = undefined;
  const finished = await s.push({ mirrors: ['alpha'] });
  t.true(finished.ok, finished.mirrors[0]!.error?.message);
  t.false(putPaths(s.exchanges(), 'alpha').includes('ko/rss.xml'), 'the feed that arrived should not be sent again');
  t.true(s.exchanges().some((e) => e.method === 'DELETE' && e.path === '/alpha/ko/.rss.xml.gongbo-upload'));
  assertMirror(t, s.alphaDir, s.site, expectedFiles(s.manifest, 'alpha', ALPHA_NOTICES));
  const uploaded = s.proxy.state.log.filter((e) => e.method === 'PUT' && UPLOAD.test(e.path)).map((e) => e.path);
  // Every feed of the mirror (the language's and each category's, archives included) and the manifest.
  const polled = [...expectedFiles(s.manifest, 'alpha', ALPHA_NOTICES).keys()].filter((p) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(p))
    .map((p) => `/alpha/${p.replace(/([^/]+)$/, '.$1.gongbo-upload')}`);
  t.true(polled.includes('/alpha/ko/.rss.xml.gongbo-upload'));
  t.deepEqual([...new Set(uploaded)].sort(), ['/alpha/.manifest.json.gongbo-upload', ...polled].sort(),
    'only what partners poll goes through a temporary name; pages are PUT in place');
  t.true(s.exchanges().some((e) => e.method === 'MOVE' && e.dest === '/alpha/manifest.json' && e.status === 201));
});

test('should PUT feeds in place on a WebDAV server that refuses MOVE, and leave no temporary upload', async (t) => {
  const s = await setup();
  t.teardown(s.teardown);
  s.proxy.state.fault = ({ method }) => (method === 'MOVE' ? { status: 405 } : undefined);
  const result = await s.push();
  t.true(result.ok, result.mirrors.map((m) => m.error?.message).join('; '));
  assertMirror(t, s.alphaDir, s.site, expectedFiles(s.manifest, 'alpha', ALPHA_NOTICES));
  assertMirror(t, s.betaDir, s.site, expectedFiles(s.manifest, 'beta', BETA_NOTICES));
  // Up to one per request in flight (4 per mirror) before the first refusal comes back; none after.
  const moves = s.exchanges().filter((e) => e.method === 'MOVE').length;
  t.true(moves >= 2 && moves <= 8, `${moves} MOVEs`);
  t.true(putPaths(s.exchanges(), 'alpha').includes('ko/atom.xml'));
  t.deepEqual(s.proxy.state.violations, []);
});

test('should name the variables, never the secret, when a mirror refuses the credentials; the others finish', async (t) => {
  const s = await setup({
    extraMirrors: (ports) => `  tok:
    url: http://127.0.0.1:${ports.proxy}/tok/
    public_url: https://tok.example.kr/
    languages: [en]
    auth: { token_env: TOK_TOKEN }
`,
  });
  t.teardown(s.teardown);
  const wrong = 'Wr0ng-pa55word!';
  s.proxy.state.run++;
  const run = await runCli({ cwd: s.site }, { ...ENV, ALPHA_PASSWORD: wrong, TOK_TOKEN: 'tok-secret-123' }, { retry: RETRY });
  t.is(run.code, 1);
  const lines = run.stderr.split('\n');
  t.true(lines.includes('mirror alpha refused the credentials from ALPHA_USER/ALPHA_PASSWORD (401 Unauthorized)'), run.stderr);
  t.true(lines.includes('mirror tok refused the credentials from TOK_TOKEN (401 Unauthorized)'), run.stderr);
  t.regex(run.stdout, /^mirror beta: \d+ uploaded, 0 deleted, 0 unchanged, [\d.]+ [kM]?B in [\d.]+ s$/m);
  for (const secret of [wrong, PASSWORD, 'tok-secret-123', Buffer.from(`${USER}:${wrong}`).toString('base64')]) {
    t.false(run.stdout.includes(secret) || run.stderr.includes(secret), 'no secret in the output');
  }
  t.false(/\n\s+at /.test(run.stderr), 'no stack trace');
  const alpha = s.exchanges().filter((e) => e.path.startsWith('/alpha/'));
  t.true(alpha.length <= 2 && alpha.every((e) => e.method === 'GET' && e.status === 401), 'a refusal stops at once');
  t.deepEqual(listFilesSync(s.alphaDir), []);

  const unset = await runCli({ cwd: s.site, mirror: ['alpha'] }, { ALPHA_USER: USER }, { retry: RETRY });
  t.is(unset.code, 1);
  t.is(unset.stderr.trim(), 'mirror alpha needs the environment variable ALPHA_PASSWORD (named by mirrors.alpha.auth.password_env in gongbo.config.yaml), which is not set: set it before pushing');
});

test('should fail cleanly, without a stack trace, when a mirror is not listening', async (t) => {
  const port = await closedPort();
  const s = await setup({ proxyPort: port });
  t.teardown(s.teardown);
  const started = performance.now();
  const run = await runCli({ cwd: s.site, mirror: ['alpha'] }, ENV, { retry: { ...RETRY, maxTotalMs: 600 } });
  t.is(run.code, 1);
  t.regex(run.stderr, new RegExp(`^mirror alpha is unreachable at http://127\\.0\\.0\\.1:${port}/alpha/: connection refused \\(gave up after \\d+ tries in \\d+\\.\\d s\\)$`, 'm'));
  t.false(/\n\s+at |Error:/.test(run.stderr), run.stderr);
  // Bounded by the 0.6 s budget, not the default two minutes; generous, for a busy machine.
  t.true(performance.now() - started < 20_000, 'the retry budget bounds the time');
});

test('should refuse to push a missing or stale build, and an unknown mirror', async (t) => {
  const site = await tempDir('gongbo-push-file-');
  await cp(fixture('basic'), site, { recursive: true });
  const missing = await runCli({ cwd: site }, {});
  t.is(missing.code, 1);
  t.is(missing.stderr, 'gongbo: Nothing to push: dist/manifest.json is missing or unreadable. Run gongbo build first.\n');

  await buildSite({ cwd: site, now: NOW, pdf: false });
  const later = new Date(Date.now() + 60_000);
  await utimes(path.join(site, 'notices/2026-02-10-beta/ko.md'), later, later);
  await t.throwsAsync(pushSite({ cwd: site }), {
    instanceOf: PushRefusedError,
    message: 'The build in dist is older than notices/2026-02-10-beta/ko.md: run gongbo build first, then push.',
  });
  await buildSite({ cwd: site, now: NOW, pdf: false });
  const unknown = await runCli({ cwd: site, mirror: ['alpah'] }, {});
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /No mirror named `alpah` in gongbo.config.yaml: did you mean `alpha`\?/);
  await t.throwsAsync(pushSite({ cwd: site, concurrency: 0 }), { instanceOf: TypeError, message: 'Expected `options.concurrency` to be a whole number >= 1, got `0` (number)' });
});

test('should push a file: mirror atomically, incrementally, and tidy emptied folders', async (t) => {
  const site = await tempDir('gongbo-push-file-');
  await cp(fixture('basic'), site, { recursive: true });
  const config = path.join(site, 'gongbo.config.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('categories: [press-release]', 'categories: [press-release, notice]'));
  let manifest = await build(site);
  const mirror = path.join(site, 'mirrors/alpha');

  const dry = await runCli({ cwd: site, dryRun: true }, {});
  t.is(dry.code, 0);
  t.regex(dry.stdout, /^mirror alpha \(dry run\): would upload \d+ \([\d.]+ [KM]B\), delete 0, leave 0 unchanged, then write manifest.json$/m);
  t.regex(dry.stdout, /^ {2}\+ ko\/2026-03-15-hostile\/index\.html \(new, [\d.]+ K?B\)$/m);
  t.false(existsSync(mirror));

  const first = await runCli({ cwd: site }, {});
  t.is(first.code, 0, first.stderr);
  const notices = ['ko/2026-01-05-alpha', 'ko/2026-02-10-beta', 'ko/2026-03-01-gamma', 'ko/2026-03-15-hostile'];
  const expected = new Map<string, string>();
  for (const f of manifest.files) {
    if (f.path.startsWith('assets/') || notices.some((n) => f.path.startsWith(`${n}/`))) expected.set(f.path, f.path);
    if (f.path.startsWith('mirrors/alpha/')) expected.set(f.path.slice('mirrors/alpha/'.length), f.path);
  }
  assertMirror(t, mirror, site, expected);

  const second = await runCli({ cwd: site }, {});
  t.regex(second.stdout, /^mirror alpha: 0 uploaded, 0 deleted, \d+ unchanged, 0 B in [\d.]+ s$/m);

  // A journal cut short mid-write: the push was interrupted, what arrived is unknown, so it is checked, not resent.
  await writeFile(path.join(mirror, JOURNAL), '{"version":1,"known":{');
  const checked = await runCli({ cwd: site }, {});
  t.regex(checked.stderr, /^warning: mirror alpha holds an unreadable \.gongbo-push\.json left by an interrupted push/m);
  t.regex(checked.stdout, /^mirror alpha: 0 uploaded, 0 deleted, /m);
  t.false(existsSync(path.join(mirror, JOURNAL)));

  await rm(path.join(site, 'notices/2026-03-15-hostile'), { recursive: true });
  manifest = await build(site);
  const third = await runCli({ cwd: site }, {});
  t.regex(third.stdout, /^mirror alpha: \d+ uploaded, 1 deleted, /m);
  t.false(existsSync(path.join(mirror, 'ko/2026-03-15-hostile')), 'the emptied notice folder goes too');
  t.true(statSync(path.join(mirror, 'ko/2026-01-05-alpha')).isDirectory());
  t.deepEqual(readdirSync(path.join(mirror, 'ko')).filter((n) => n.includes('.gongbo-')), [], 'no temporary files left');
});

test('should plan waves so that feeds go after what they link to, and deletions after feeds', (t) => {
  const file = (p: string, feed = false) => ({ path: p, source: p, size: 1, sha256: `new-${p}`, feed });
  const plan = planPush([file('ko/a/index.html'), file('ko/rss.xml', true), file('ko/archive/1/rss.xml', true), file('assets/x.css')], {
    files: new Map([['assets/x.css', 'new-assets/x.css'], ['ko/old/index.html', 'old']]),
    manifestText: undefined,
  });
  t.deepEqual(plan.waves.map((w) => w.map((u) => `${u.change} ${u.file.path}`)), [['new ko/a/index.html'], ['new ko/archive/1/rss.xml'], ['new ko/rss.xml']]);
  t.deepEqual(plan.delete, ['ko/old/index.html']);
  t.true(plan.writeManifest);
});

test('should delete the feeds and listings that go before the pages they name, so a stopped push leaves no feed naming a missing page', (t) => {
  const file = (p: string, feed = false) => ({ path: p, source: p, size: 1, sha256: `new-${p}`, feed });
  const gone = [
    'ko/2025-11-25-gen-101/index.html', 'ko/2025-11-25-gen-101/2025-11-25-gen-101.ko.pdf', 'ko/2025-11-25-gen-101/files/a.pdf',
    'ko/archive/3/rss.xml', 'ko/archive/3/atom.xml', 'ko/press-release/archive/2/rss.xml', 'ko/page/7/index.html', 'assets/old.css',
  ];
  const plan = planPush([file('ko/rss.xml', true)], { files: new Map(gone.map((p) => [p, 'old'])), manifestText: undefined });
  t.deepEqual(plan.delete, [...gone].sort(), 'every path, for the plan printed and the journal');
  t.deepEqual(plan.deleteWaves, [
    ['ko/archive/3/atom.xml', 'ko/archive/3/rss.xml', 'ko/page/7/index.html', 'ko/press-release/archive/2/rss.xml'],
    ['assets/old.css', 'ko/2025-11-25-gen-101/2025-11-25-gen-101.ko.pdf', 'ko/2025-11-25-gen-101/files/a.pdf', 'ko/2025-11-25-gen-101/index.html'],
  ]);
  // By name alone, the pages (`ko/2025-…`) came before the archive feeds (`ko/archive/…`) that name them.
  t.true(plan.delete.indexOf('ko/2025-11-25-gen-101/index.html') < plan.delete.indexOf('ko/archive/3/rss.xml'));
});

test('should scrub credentials from text and URLs', (t) => {
  t.is(scrubUrl('https://user:s3cret@mirror.example.kr/dav/'), 'https://mirror.example.kr/dav/');
  t.is(scrubSecrets('PUT https://u:p@h/x failed for s3cret and czNjcmV0', ['s3cret', 'czNjcmV0']), 'PUT https://h/x failed for *** and ***');
});
