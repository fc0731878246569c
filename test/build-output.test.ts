// The output folder of a build: only a build of this site is replaced, one writer at a time, and a killed swap is undone.
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { buildSite } from '../src/build.js';
import { main } from '../src/cli.js';
import { pushSite } from '../src/push/push-site.js';
import { OutDirError } from '../src/write/check-out-dir.js';
import { BUILD_MARKER } from '../src/write/build-marker.js';
import { createHolder, lockFileOf, lockFolder, serializeHolder, type LockHolder } from '../src/write/lock-folder.js';
import { deadPid, fixture, listFiles, NOW, tempDir } from './helpers.js';

async function copySite(): Promise<string> {
  const site = path.join(await tempDir(), 'site');
  await cp(fixture('basic'), site, { recursive: true });
  return site;
}

async function run(args: string[], onStderr?: (text: string) => void) {
  let stdout = '';
  let stderr = '';
  const stream = (add: (s: string) => void) => new Writable({ write(chunk, _enc, done) { add(String(chunk)); done(); } });
  const code = await main(args, { stdout: stream((s) => { stdout += s; }), stderr: stream((s) => { stderr += s; onStderr?.(stderr); }), env: {} });
  return { code, stdout, stderr };
}

/** A build's folder is whole when it holds exactly what its manifest lists, besides the manifest and the marker. */
async function assertWhole(t: import('ava').ExecutionContext, out: string) {
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
  t.deepEqual(await listFiles(out), [...manifest.files.map((f) => f.path), 'manifest.json', BUILD_MARKER].sort());
}

test('a build should refuse to replace a mirror that a push filled, keeping the partner\'s own files', async (t) => {
  const site = await copySite();
  t.true((await buildSite({ cwd: site, now: NOW, pdf: false })).ok);
  await pushSite({ cwd: site });
  const mirror = path.join(site, 'mirrors/alpha');
  t.true(existsSync(path.join(mirror, 'manifest.json')), 'the push wrote a gongbo manifest on the mirror');
  await writeFile(path.join(mirror, 'partner-notes.txt'), 'ours');
  const before = await listFiles(mirror);

  const result = await run(['build', '--cwd', site, '--out', 'mirrors/alpha', '--no-pdf', '--now', '2026-11-29T12:00:00+09:00']);
  t.is(result.code, 2);
  t.regex(result.stderr, /^gongbo: --out mirrors\/alpha holds files gongbo wrote, but not a build of this site: a mirror a push filled/);
  t.deepEqual(await listFiles(mirror), before);
  t.is(await readFile(path.join(mirror, 'partner-notes.txt'), 'utf8'), 'ours');
  await t.throwsAsync(buildSite({ cwd: site, out: 'mirrors/alpha', now: NOW, pdf: false }), { instanceOf: OutDirError });
});

test('a build should replace its own earlier build or an empty folder, never another site\'s build', async (t) => {
  const site = await copySite();
  const other = await copySite();
  const out = path.join(await tempDir(), 'public');
  t.true((await buildSite({ cwd: other, out, now: NOW, pdf: false })).ok);
  await t.throwsAsync(buildSite({ cwd: site, out, now: NOW, pdf: false }), { instanceOf: OutDirError, message: /not a build of this site/ });
  t.true((await buildSite({ cwd: other, out, now: NOW, pdf: false })).ok, 'the other site may replace its own build');

  const empty = path.join(await tempDir(), 'empty');
  await mkdir(empty);
  t.true((await buildSite({ cwd: site, out: empty, now: NOW, pdf: false })).ok);
  t.true((await buildSite({ cwd: site, out: empty, now: NOW, pdf: false })).ok);
  await assertWhole(t, empty);
});

test('the build marker should be the same on every machine and never listed in the manifest, so push never sends it', async (t) => {
  const first = await copySite();
  const second = path.join(await tempDir(), 'elsewhere', 'deeper', 'site');
  await cp(first, second, { recursive: true });
  for (const site of [first, second]) t.true((await buildSite({ cwd: site, now: NOW, pdf: false })).ok);
  const marker = await readFile(path.join(first, 'dist', BUILD_MARKER), 'utf8');
  t.is(marker, '{"site":".."}\n');
  t.is(await readFile(path.join(second, 'dist', BUILD_MARKER), 'utf8'), marker);
  t.is(await readFile(path.join(second, 'dist/manifest.json'), 'utf8'), await readFile(path.join(first, 'dist/manifest.json'), 'utf8'));
  t.false((await readFile(path.join(first, 'dist/manifest.json'), 'utf8')).includes(BUILD_MARKER));
});

test('a failing build after a swap cut short should put dist/ back and say truly that it is unchanged', async (t) => {
  const site = await copySite();
  t.true((await buildSite({ cwd: site, now: NOW, pdf: false })).ok);
  const manifest = await readFile(path.join(site, 'dist/manifest.json'), 'utf8');
  // What a build killed between its two renames leaves: no dist/, the previous one set aside.
  await rename(path.join(site, 'dist'), path.join(site, `.dist.old-${await deadPid()}`));
  await writeFile(path.join(site, 'notices/2026-02-10-beta/ko.md'), '---\ntitle: x\ndate: 2026-02-30T12:00:00+09:00\ncategory: notice\n---\n');

  const result = await run(['build', '--cwd', site, '--no-pdf']);
  t.is(result.code, 1);
  t.regex(result.stderr, /Nothing was built: fix the errors above\. .*dist is unchanged\.\n$/);
  t.is(await readFile(path.join(site, 'dist/manifest.json'), 'utf8'), manifest);
  t.deepEqual((await readdir(site)).filter((n) => n.startsWith('.dist')), []);
});

test('a failing first build should not claim an output folder that does not exist is unchanged', async (t) => {
  const site = await copySite();
  await writeFile(path.join(site, 'notices/2026-02-10-beta/ko.md'), '---\ntitle: x\n---\n');
  const result = await run(['build', '--cwd', site, '--no-pdf']);
  t.is(result.code, 1);
  t.regex(result.stderr, /Nothing was built: fix the errors above\.\n$/);
  t.false(existsSync(path.join(site, 'dist')));
});

test('two builds into one folder at once should both finish, one after the other, leaving a whole folder', async (t) => {
  const site = await copySite();
  const out = path.join(await tempDir(), 'dist');
  const waits: Array<LockHolder | undefined> = [];
  const results = await Promise.all([0, 1].map(() => buildSite({ cwd: site, out, now: NOW, pdf: false, onLockWait: (h) => waits.push(h) })));
  t.true(results.every((r) => r.ok));
  await assertWhole(t, out);
  t.deepEqual((await readdir(path.dirname(out))).filter((n) => n !== '.dist.spare'), ['dist'], 'no lock or temporary folder left (the spare is the site before last, kept on purpose)');
});

test('a build should wait for the folder\'s holder and build once it lets go', async (t) => {
  const site = await copySite();
  const out = path.join(await tempDir(), 'dist');
  const holder = await lockFolder(out, { command: 'serve' });
  let waitedFor: LockHolder | undefined;
  const result = await buildSite({
    cwd: site, out, now: NOW, pdf: false, lockWait: 60_000,
    onLockWait: (h) => {
      waitedFor = h;
      t.false(existsSync(out), 'nothing is written while another process holds the folder');
      void holder.release();
    },
  });
  t.is(waitedFor?.token, holder.holder.token);
  t.true(result.ok);
  await assertWhole(t, out);
});

/** A lock file naming a live process other than this one. */
async function liveLock(t: import('ava').ExecutionContext, out: string) {
  const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  t.teardown(() => sleeper.kill('SIGKILL'));
  const live = { ...createHolder('build'), pid: sleeper.pid!, since: '2026-11-29T03:00:00.000Z' };
  await writeFile(lockFileOf(out), serializeHolder(live));
  return live;
}

test('build should fail with exit code 3 naming a live holder after --wait, leaving dist/ alone', async (t) => {
  const site = await copySite();
  t.true((await buildSite({ cwd: site, now: NOW, pdf: false })).ok);
  const manifest = await readFile(path.join(site, 'dist/manifest.json'), 'utf8');
  const live = await liveLock(t, path.join(site, 'dist'));

  const result = await run(['build', '--cwd', site, '--no-pdf', '--wait', '0']);
  t.is(result.code, 3);
  t.regex(result.stderr, new RegExp(`^gongbo: .*dist is being written by gongbo build \\(pid ${live.pid} on ${os.hostname()}.*since 2026-11-29T03:00:00\\.000Z\\); gave up after waiting 0 s\\. Let it finish and try again; if that process is gone, delete .*\\.dist\\.lock\n$`));
  t.is(await readFile(path.join(site, 'dist/manifest.json'), 'utf8'), manifest);
});

test('build should say whom it waits for, and build once the holder lets go', async (t) => {
  const site = await copySite();
  const live = await liveLock(t, path.join(site, 'dist'));
  let released = false;
  const result = await run(['build', '--cwd', site, '--no-pdf'], (stderr) => {
    if (!released && stderr.includes('Waiting')) {
      released = true;
      void rm(lockFileOf(path.join(site, 'dist')));
    }
  });
  t.is(result.code, 0, result.stderr);
  t.regex(result.stderr, new RegExp(`^Waiting up to 30 s for gongbo build \\(pid ${live.pid} on ${os.hostname()}, user [^,]+, since 2026-11-29T03:00:00\\.000Z\\) to finish writing dist…\n`));
  await assertWhole(t, path.join(site, 'dist'));
});

test('build should take over the lock a killed build left', async (t) => {
  const site = await copySite();
  await writeFile(lockFileOf(path.join(site, 'dist')), serializeHolder({ ...createHolder('build'), pid: await deadPid() }));
  const result = await run(['build', '--cwd', site, '--no-pdf', '--wait', '0']);
  t.is(result.code, 0, result.stderr);
  t.false(existsSync(lockFileOf(path.join(site, 'dist'))));
  await assertWhole(t, path.join(site, 'dist'));
});

test('serve\'s folder in .gongbo-cache/, built before builds carried their marker, should still be replaced', async (t) => {
  const site = await copySite();
  const out = path.join(site, '.gongbo-cache', 'serve');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'manifest.json'), '{"version":1,"files":[]}\n');
  t.true((await buildSite({ cwd: site, out, now: NOW, pdf: false })).ok);
  await assertWhole(t, out);
});
