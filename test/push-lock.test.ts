// Tests that a push never leaves its mirror lock behind once it (or the rerun after it) has returned:
// a lock left on a partner's mirror makes every later push wait, or refuse for ten minutes.
import test from 'ava';
import http from 'node:http';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { v2 as webdav } from 'webdav-server';
import { buildSite } from '../src/build.js';
import { pushSite } from '../src/push/push-site.js';
import { runPush } from '../src/push/push-command.js';
import { createFileTransport } from '../src/push/file-transport.js';
import { createWebdavTransport } from '../src/push/webdav-transport.js';
import { capture, close, fixture, listen, listFilesSync, NOW, tempDir } from './helpers.js';

const LOCK = '.gongbo-push.lock';
/** Fast retries: a 503 costs milliseconds, and `Retry-After: 120` makes push give up at once. */
const RETRY = { requestTimeoutMs: 2000, minDelayMs: 10, maxDelayMs: 50, maxTotalMs: 1000 };

/** The basic fixture, built; its mirror `alpha` is `mirror` (a `file:` one by default). */
async function site(mirrorUrl?: string) {
  const dir = await tempDir('gongbo-pushlock-');
  await cp(fixture('basic'), dir, { recursive: true });
  const config = path.join(dir, 'gongbo.config.yaml');
  if (mirrorUrl) await writeFile(config, (await readFile(config, 'utf8')).replace('url: file:mirrors/alpha/', `url: ${mirrorUrl}`));
  const built = await buildSite({ cwd: dir, out: 'dist', now: NOW, pdf: false });
  if (!built.ok) throw new Error('the fixture site should build');
  return dir;
}

/** A WebDAV server behind a proxy that answers `fault(method, path)`'s status instead of the server, when it gives one. */
async function startDav(t: { teardown: (fn: () => Promise<void>) => void }) {
  const root = await tempDir('gongbo-pushlock-dav-');
  const dav = new webdav.WebDAVServer({ rootFileSystem: new webdav.PhysicalFileSystem(root) });
  const server = http.createServer((req, res) => dav.executeRequest(req, res));
  const davPort = await listen(server);
  const state = { fault: undefined as ((method: string, p: string) => number | undefined) | undefined, log: [] as string[] };
  const proxy = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const p = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const status = state.fault?.(method, p);
    if (status !== undefined) {
      state.log.push(`${method} ${p} ${status} (injected)`);
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'retry-after': '120' });
        res.end();
      });
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: davPort, method, path: req.url, headers: req.headers }, (answer) => {
      state.log.push(`${method} ${p} ${answer.statusCode}`);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const port = await listen(proxy);
  t.teardown(async () => {
    await Promise.all([close(server), close(proxy)]);
  });
  return { root, port, state };
}

/** A lock as a push of another process on this host writes it. */
function lockRecord(pid: number): string {
  const now = new Date().toISOString();
  return `${JSON.stringify({ about: 'gongbo push holds this mirror; removed when it ends', version: 1, id: 'killed-push', host: os.hostname(), pid, since: now, refreshed: now })}\n`;
}

/** A process id that ran on this host and has ended. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

test('should remove the lock of a push killed after its last file, even when the rerun has nothing to send (file:)', async (t) => {
  const dir = await site();
  const mirror = path.join(dir, 'mirrors/alpha');
  t.true((await pushSite({ cwd: dir })).ok);
  const manifest = readFileSync(path.join(mirror, 'manifest.json'));
  // What a push killed between removing its journal and removing its lock leaves: a whole mirror, and the lock.
  const pid = deadPid();
  await writeFile(path.join(mirror, LOCK), lockRecord(pid));

  const rerun = await pushSite({ cwd: dir, lock: { waitMs: 0 } });
  t.true(rerun.ok, rerun.mirrors[0]!.error?.message);
  t.is(rerun.mirrors[0]!.uploaded, 0, 'nothing to send');
  t.false(existsSync(path.join(mirror, LOCK)), 'the dead push\'s lock should be gone');
  t.true(rerun.mirrors[0]!.warnings.some((w) => w.startsWith(`mirror alpha: removed the lock ${LOCK} held by process ${pid} on host ${os.hostname()} `)
    && w.endsWith(`which process ${pid} is no longer running`)), rerun.mirrors[0]!.warnings.join('\n'));
  t.true(readFileSync(path.join(mirror, 'manifest.json')).equals(manifest), 'the mirror itself is left as it was');
});

test('should leave alone the lock of a live push when it has nothing to send', async (t) => {
  const dir = await site();
  const mirror = path.join(dir, 'mirrors/alpha');
  t.true((await pushSite({ cwd: dir })).ok);
  // Our parent runs: a push of it may be about to change the mirror.
  const live = lockRecord(process.ppid);
  await writeFile(path.join(mirror, LOCK), live);
  const rerun = await pushSite({ cwd: dir, lock: { waitMs: 0 } });
  t.true(rerun.ok, rerun.mirrors[0]!.error?.message);
  t.deepEqual(rerun.mirrors[0]!.warnings, []);
  t.is(readFileSync(path.join(mirror, LOCK), 'utf8'), live, 'a live push\'s lock stays as it was');
});

test('should fail the mirror, saying to push again, when its lock could not be removed; the rerun removes it (WebDAV)', async (t) => {
  const dav = await startDav(t);
  const dir = await site(`http://127.0.0.1:${dav.port}/alpha/`);
  // Every file arrives; then the mirror answers 503 to anything that would remove the lock (a storm from there on).
  dav.state.fault = (method, p) => (method === 'DELETE' && p.startsWith(`/alpha/${LOCK}/`) ? 503 : undefined);
  const stderr = capture();
  const code = await runPush({ cwd: dir }, { stdout: capture().stream, stderr: stderr.stream, env: {} }, { retry: RETRY });
  t.is(code, 1, stderr.text());
  t.regex(stderr.text(), new RegExp(`^mirror alpha: every file arrived, but its lock ${LOCK.replaceAll('.', '\\.')}/ could not be removed \\(.*503 Service Unavailable.*\\); other pushes to this mirror wait until it is\\. Run gongbo push again to remove it$`, 'm'));
  t.true(stderr.text().includes('Run gongbo push again'), stderr.text());
  t.true(existsSync(path.join(dav.root, 'alpha', LOCK, 'owner.json')), 'the storm kept the lock');

  dav.state.fault = undefined;
  dav.state.log.length = 0;
  const rerun = await pushSite({ cwd: dir, retry: RETRY });
  t.true(rerun.ok, rerun.mirrors[0]!.error?.message);
  t.is(rerun.mirrors[0]!.uploaded, 0, 'nothing to send');
  t.false(listFilesSync(dav.root).some((f) => f.includes(LOCK)), `no lock left: ${dav.state.log.join(', ')}`);
  t.false(existsSync(path.join(dav.root, 'alpha', LOCK)), 'nor its folder');
  t.true(rerun.mirrors[0]!.warnings.some((w) => w.startsWith(`mirror alpha: removed the lock ${LOCK}/ held by process ${process.pid} `)), rerun.mirrors[0]!.warnings.join('\n'));
});

test('should remove the lock folder with its record in one request, so a failure leaves a lock the next push can judge (WebDAV)', async (t) => {
  const dav = await startDav(t);
  const dir = await site(`http://127.0.0.1:${dav.port}/alpha/`);
  t.true((await pushSite({ cwd: dir, retry: RETRY })).ok);
  const deletes = dav.state.log.filter((line) => line.startsWith('DELETE ') && line.includes(LOCK));
  t.deepEqual(deletes, [`DELETE /alpha/${LOCK}/ 200`]);
  t.false(existsSync(path.join(dav.root, 'alpha', LOCK)));
});

test('should never re-create a lock that is gone when refreshing it (WebDAV and file:)', async (t) => {
  const dav = await startDav(t);
  const record = new TextEncoder().encode(lockRecord(process.pid));
  const stores = {
    webdav: createWebdavTransport({ mirror: 'alpha', url: `http://127.0.0.1:${dav.port}/alpha/`, credentials: { header: undefined, source: undefined, secrets: [] }, policy: RETRY }).lock,
    file: createFileTransport({ mirror: 'alpha', url: 'file:mirror/', root: await tempDir('gongbo-pushlock-file-') }).lock,
  };
  for (const [name, store] of Object.entries(stores)) {
    t.true(await store.create(record), name);
    t.true(await store.write(record), `${name}: a refresh of a lock that is there`);
    await store.remove();
    t.false(await store.write(record), `${name}: a refresh of a lock that is gone says so`);
    t.is(await store.read(), undefined, `${name}: and creates nothing`);
  }
  t.false(existsSync(path.join(dav.root, 'alpha', LOCK)), 'no lock folder made again on WebDAV');
});

test('should not leave a lock folder without its record when the record could not be written (WebDAV)', async (t) => {
  const dav = await startDav(t);
  const dir = await site(`http://127.0.0.1:${dav.port}/alpha/`);
  dav.state.fault = (method, p) => (method === 'PUT' && p === `/alpha/${LOCK}/owner.json` ? 503 : undefined);
  const failed = await pushSite({ cwd: dir, retry: RETRY });
  t.false(failed.ok);
  t.is(failed.mirrors[0]!.error?.kind, 'http');
  t.regex(failed.mirrors[0]!.error!.message, /^mirror alpha answered 503 Service Unavailable to PUT \.gongbo-push\.lock\/owner\.json/);
  t.false(existsSync(path.join(dav.root, 'alpha', LOCK)), `the lock folder goes with the failed record: ${dav.state.log.join(', ')}`);
});
