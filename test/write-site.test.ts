import test from 'ava';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { openSiteWriter, recoverInterruptedSwap, writeSite, type BuildState } from '../src/write/write-site.js';
import { BUILD_MARKER, isBuildOf } from '../src/write/build-marker.js';
import { tempDir } from './helpers.js';

/** The folders beside the output, without the spare (the site before last, kept to be updated in place). */
async function siblings(parent: string): Promise<string[]> {
  return (await readdir(parent)).filter((n) => n !== '.dist.spare').sort();
}

test('should replace the old folder whole, dropping files the new build lacks', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  await writeSite([{ path: 'a.txt', data: 'old' }, { path: 'gone/b.txt', data: 'b' }], out);
  const manifest = await writeSite([{ path: 'a.txt', data: 'new' }], out);
  t.is(await readFile(path.join(out, 'a.txt'), 'utf8'), 'new');
  t.deepEqual((await readdir(out)).sort(), ['a.txt', 'manifest.json']);
  t.deepEqual(manifest.files, [{ path: 'a.txt', size: 3, sha256: '11507a0e2f5e69d5dfa40a62a1bd7b6ee57e6bcd85c67c9b8431b36fff21c437' }]);
  t.deepEqual(await siblings(parent), ['dist']);
});

test('should leave the old folder untouched when writing fails', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  await writeSite([{ path: 'a.txt', data: 'old' }], out);
  const error = await t.throwsAsync(writeSite([{ path: 'b.txt', from: path.join(parent, 'missing') }], out));
  t.regex(error!.message, /previous site there is unchanged/);
  t.is((error!.cause as NodeJS.ErrnoException).code, 'ENOENT');
  t.is(await readFile(path.join(out, 'a.txt'), 'utf8'), 'old');
  t.deepEqual(await siblings(parent), ['dist']);
});

test('should put back the old folder a build killed mid-swap left aside', async (t) => {
  const parent = await tempDir();
  await mkdir(path.join(parent, '.dist.old-999'));
  await writeFile(path.join(parent, '.dist.old-999', 'a.txt'), 'kept');
  await mkdir(path.join(parent, '.dist.tmp-999'));
  await writeSite([{ path: 'a.txt', data: 'new' }], path.join(parent, 'dist'));
  t.is(await readFile(path.join(parent, 'dist', 'a.txt'), 'utf8'), 'new');
  t.deepEqual(await siblings(parent), ['dist']);
});

test('should refuse output paths that escape the folder', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  await t.throwsAsync(writeSite([{ path: '../x', data: '' }], out), { instanceOf: TypeError, message: /inside dist\// });
});

test('should put back the old folder even when a killed build had our pid, once the caller holds the lock', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  // In a container every run may get the same pid: a leftover named with ours is still a dead build's.
  await mkdir(path.join(parent, `.dist.old-${process.pid}`));
  await writeFile(path.join(parent, `.dist.old-${process.pid}`, 'a.txt'), 'kept');
  await mkdir(path.join(parent, `.dist.tmp-${process.pid}`));
  await recoverInterruptedSwap(out);
  t.false(existsSync(out), 'without the lock, our pid\'s leftovers may be a running build\'s');
  await recoverInterruptedSwap(out, { locked: true });
  t.is(await readFile(path.join(out, 'a.txt'), 'utf8'), 'kept');
  t.deepEqual(await siblings(parent), ['dist']);
});

test('should mark the folder as a build of the site it names, outside the manifest', async (t) => {
  const site = await tempDir();
  const out = path.join(site, 'public', 'www');
  const manifest = await writeSite([{ path: 'a.txt', data: 'a' }], out, { site });
  t.is(await readFile(path.join(out, BUILD_MARKER), 'utf8'), '{"site":"../.."}\n');
  t.deepEqual(manifest.files.map((f) => f.path), ['a.txt']);
  t.true(await isBuildOf(out, site));
  t.false(await isBuildOf(out, path.join(site, 'public')));
});

test('should bring the spare (the site before last) up to date in place, never writing through to the live site', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  const run = async (files: Record<string, string>, previous?: BuildState) => {
    const writer = await openSiteWriter(out, previous ? { previous } : {});
    for (const [file, data] of Object.entries(files)) await writer.add({ path: file, key: data, make: () => ({ data }) });
    return (await writer.finish()).state;
  };
  let state = await run({ 'a.txt': 'a1', 'b/c.txt': 'c1', 'gone/x.txt': 'x' });
  state = await run({ 'a.txt': 'a2', 'b/c.txt': 'c1', 'gone/x.txt': 'x' }, state);
  // The spare is now the first site; its b/c.txt is the live site's file (one hard-linked file).
  await writeFile(path.join(parent, '.dist.spare', 'stray.txt'), 'put here by hand');
  await run({ 'a.txt': 'a3', 'b/c.txt': 'c3' }, state);
  const read = (file: string) => readFile(path.join(parent, file), 'utf8');
  t.is(await read('dist/a.txt'), 'a3');
  t.is(await read('dist/b/c.txt'), 'c3');
  t.deepEqual((await readdir(out)).sort(), ['a.txt', 'b', 'manifest.json'], 'no file of the spare the new site lacks, nor one put there by hand');
  // The site it replaced is whole: the new b/c.txt was written as a new file, not into the shared one.
  t.is(await read('.dist.spare/b/c.txt'), 'c1');
  t.is(await read('.dist.spare/a.txt'), 'a2');
});

test('should let other work of the process run while a caller streams many files into it', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  const writer = await openSiteWriter(out);
  // What the build runs beside its listings and feeds (the search index talks to Pagefind's process).
  let turns = 0;
  const meanwhile = setInterval(() => void (turns += 1), 0);
  try {
    for (let i = 0; i < 2000; i++) await writer.add({ path: `page/${i}/index.html`, key: `k${i}`, make: () => ({ data: `<p>${i}</p>` }) });
  } finally {
    clearInterval(meanwhile);
  }
  await writer.finish();
  t.true(turns > 0, 'no timer ran while 2,000 files were written');
  t.is(await readFile(path.join(out, 'page/1999/index.html'), 'utf8'), '<p>1999</p>');
});

/**
 * Writes `files` (path → bytes, each its own key) as one build, from the state the last one left.
 * `settled`: every folder's change time is taken as settled (as it is once SETTLED_MS passed).
 */
function builder(out: string) {
  let state: BuildState | undefined;
  return async (files: Record<string, string>, made: string[] = []) => {
    const writer = await openSiteWriter(out, { ...(state ? { previous: state } : {}), startedAt: Date.now() + 60_000 });
    for (const [file, data] of Object.entries(files)) {
      await writer.add({ path: file, key: data, make: () => (made.push(file), { data }) });
    }
    const result = await writer.finish();
    state = result.state;
    return result;
  };
}

async function filesUnder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
  }
  return files;
}

/** Set the modification time of `file` to the nanosecond (`utimes` takes a number of seconds, coarser). */
async function setModified(file: string, mtimeNs: bigint): Promise<void> {
  execFileSync('touch', ['-m', '-d', `@${mtimeNs / 1_000_000_000n}.${String(mtimeNs % 1_000_000_000n).padStart(9, '0')}`, file]);
  if ((await stat(file, { bigint: true })).mtimeNs !== mtimeNs) throw new Error(`Could not set the time of ${file}`);
}

/** Give `file` the modification time of `like`. */
async function sameTime(file: string, like: string): Promise<void> {
  await setModified(file, (await stat(like, { bigint: true })).mtimeNs);
}

const SITE = { 'a.txt': 'a', 'b/c.txt': 'c', 'b/d/e.txt': 'e', 'b/d/f.txt': 'f', 'g/h.txt': 'h', 'g/i/j.txt': 'j' };

test('should list only the spare\'s folders changed since the last time, and still drop what a hand put into any of them', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  const build = builder(out);
  // Both trees (dist/ and the spare) are walked once, listed, before their folders' times are known.
  for (let i = 0; i < 4; i++) await build(SITE);
  const quiet = await build(SITE);
  t.is(quiet.work.listed, 1, 'only the site\'s own folder (it holds the manifest) is listed');
  t.is(quiet.work.kept, Object.keys(SITE).length);

  // Into the spare, and into dist/, which the next build makes the spare of the one after.
  const spare = path.join(parent, '.dist.spare');
  // Its modification time put back, as `rsync -t` does: the change time still tells.
  const { mtimeNs } = await stat(path.join(spare, 'b', 'd'), { bigint: true });
  await writeFile(path.join(spare, 'b', 'd', 'by-hand.txt'), 'not from a build');
  await setModified(path.join(spare, 'b', 'd'), mtimeNs);
  await mkdir(path.join(spare, 'g', 'i', 'empty'));
  await writeFile(path.join(out, 'b', 'd', 'by-hand.txt'), 'not from a build');
  await mkdir(path.join(out, 'g', 'by-hand'));
  await writeFile(path.join(out, 'g', 'by-hand', 'x.txt'), 'not from a build');
  const first = await build(SITE);
  t.deepEqual(await filesUnder(out), { ...SITE, 'manifest.json': (await filesUnder(out))['manifest.json']! });
  t.is(first.work.listed, 4, 'the site\'s folder, b/d, g/i and the folder made in it');
  await build(SITE);
  t.deepEqual(Object.keys(await filesUnder(out)).sort(), [...Object.keys(SITE), 'manifest.json'].sort(), 'what was put into dist/ is gone too');
  t.false(existsSync(path.join(out, 'g', 'i', 'empty')));
  t.false(existsSync(path.join(out, 'g', 'by-hand')));
});

test('should make again a file of the spare changed in place by hand, in a folder whose entries are known', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  const build = builder(out);
  for (let i = 0; i < 5; i++) await build(SITE);
  // The spare's file is the live site's too (one file, linked): changing it changes both.
  await writeFile(path.join(parent, '.dist.spare', 'b', 'd', 'e.txt'), 'E');
  const made: string[] = [];
  const result = await build(SITE, made);
  t.is(result.work.listed, 1);
  t.deepEqual(made, ['b/d/e.txt']);
  t.is(await readFile(path.join(out, 'b', 'd', 'e.txt'), 'utf8'), 'e');
});

test('should trust no record of a spare or a dist/ other than the folder they were made of', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  const build = builder(out);
  for (let i = 0; i < 5; i++) await build(SITE);
  // As a build killed before it saved what it wrote leaves them: other folders in their places,
  // here with a file of the same size and time as the recorded one (times are coarse on some file
  // systems), and other bytes.
  for (const folder of [out, path.join(parent, '.dist.spare')]) {
    const copy = `${folder}-copy`;
    await cp(folder, copy, { recursive: true });
    await writeFile(path.join(copy, 'b', 'c.txt'), 'C');
    await sameTime(path.join(copy, 'b', 'c.txt'), path.join(folder, 'b', 'c.txt'));
    await rm(folder, { recursive: true });
    await rename(copy, folder);
  }
  const made: string[] = [];
  await build(SITE, made);
  t.true(made.includes('b/c.txt'));
  t.is(await readFile(path.join(out, 'b', 'c.txt'), 'utf8'), 'c');
});

test('should put a new folder where the spare has a file, and keep it', async (t) => {
  const parent = await tempDir();
  const out = path.join(parent, 'dist');
  const build = builder(out);
  await build({ 'a/b': 'file' });
  await build({ 'a/b': 'file' });
  const manifest = (await build({ 'a/b/c.txt': 'c' })).manifest;
  t.deepEqual(manifest.files.map((f) => f.path), ['a/b/c.txt']);
  t.is(await readFile(path.join(out, 'a', 'b', 'c.txt'), 'utf8'), 'c');
});

test('should refuse output paths that name no file or another one', async (t) => {
  const out = path.join(await tempDir(), 'dist');
  for (const file of ['a//b.txt', './a.txt', 'a/./b.txt', 'a/', '', '/a.txt', 'a/../b.txt']) {
    await t.throwsAsync(writeSite([{ path: file, data: '' }], out), { instanceOf: TypeError, message: /inside dist\// }, file);
  }
});
