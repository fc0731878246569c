import test from 'ava';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
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
