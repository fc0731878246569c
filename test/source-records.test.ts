// A rebuild reads only the source files that changed, and never mistakes a changed one for unchanged.
import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { cp, mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, checkSite } from '../src/build.js';
import { loadNotices, SourceChangedError } from '../src/load/load-notices.js';
import { observeReads } from '../src/load/read-source.js';
import { SETTLED_MS } from '../src/load/source-records.js';
import { CONFIG, frontMatter, NOW, readText, writeSite } from './helpers.js';

const A = 'notices/2026-05-11-alpha';
const B = 'notices/2026-05-12-beta';
const C = 'notices/2026-05-13-gamma';

/** A site of three bilingual notices, one with a file besides its texts. */
async function site(): Promise<string> {
  const files: Record<string, string> = { [`${A}/files/memo.txt`]: '내부 메모\n' };
  for (const [dir, day] of [[A, '11'], [B, '12'], [C, '13']] as const) {
    files[`${dir}/ko.md`] = frontMatter({ title: `시험 보도자료 ${day}`, date: `2026-05-${day}T12:00:00+09:00` }, `본문 ${day}입니다.`);
    files[`${dir}/en.md`] = frontMatter({ title: `Test release ${day}`, date: `2026-05-${day}T12:00:00+09:00`, department: 'Testing Division' }, `Body ${day}.`);
  }
  return writeSite(files);
}

/**
 * A file saved moments ago is read by every build until its times are old enough to trust (see
 * SETTLED_MS): the tests wait that long once, as a site edited yesterday would be.
 */
async function settled(cwd: string): Promise<string> {
  await sleep(SETTLED_MS + 100);
  return cwd;
}

/** The files under `cwd/notices` that `run` read from disk, relative to `cwd`. */
async function readsOf(cwd: string, run: () => Promise<unknown>): Promise<string[]> {
  const reads: string[] = [];
  const stop = observeReads((full) => {
    if (full.startsWith(path.join(cwd, 'notices') + path.sep)) reads.push(path.relative(cwd, full).split(path.sep).join('/'));
  });
  try {
    await run();
  } finally {
    stop();
  }
  return reads.sort();
}

const build = (cwd: string) => buildSite({ cwd, now: NOW, pdf: false });

test('a rebuild after an edit reads only the edited language file, and publishes the edit', async (t) => {
  const cwd = await settled(await site());
  const first = await readsOf(cwd, async () => t.true((await build(cwd)).ok));
  t.deepEqual(first, [`${A}/en.md`, `${A}/files/memo.txt`, `${A}/ko.md`, `${B}/en.md`, `${B}/ko.md`, `${C}/en.md`, `${C}/ko.md`], 'the first build reads everything');

  await writeFile(path.join(cwd, B, 'ko.md'), frontMatter({ title: '고친 제목', date: '2026-05-12T12:00:00+09:00' }, '고친 본문입니다.'));
  const second = await readsOf(cwd, async () => t.true((await build(cwd)).ok));
  t.deepEqual(second, [`${B}/en.md`, `${B}/ko.md`], 'the edited notice is validated again, both its languages; no other is read');
  t.regex(await readText(cwd, 'dist/ko/2026-05-12-beta/index.html'), /고친 본문입니다/);
  t.regex(await readText(cwd, 'dist/en/2026-05-12-beta/index.html'), /Body 12\./);

  const third = await readsOf(cwd, async () => t.true((await build(cwd)).ok));
  t.deepEqual(third, [`${B}/ko.md`], 'a file saved moments ago is read until it has been left alone long enough');

  await sleep(SETTLED_MS + 100);
  t.true((await build(cwd)).ok);
  t.deepEqual(await readsOf(cwd, async () => t.true((await build(cwd)).ok)), [], 'nothing, once it has');
});

test('a file rewritten in place with the same size and its old mtime put back is read again', async (t) => {
  const cwd = await site();
  const file = path.join(cwd, C, 'ko.md');
  // A time that utimes sets exactly (a file's own time may be finer than a Date).
  const yesterday = new Date(Math.floor(NOW.getTime() / 1000) * 1000 - 86_400_000);
  await utimes(file, yesterday, yesterday);
  await settled(cwd);
  t.true((await build(cwd)).ok);
  const before = await stat(file);
  const text = await readFile(file, 'utf8');
  // Same length in bytes, same inode, same size, same mtime: only the ctime tells.
  await writeFile(file, text.replace('본문 13입니다.', '본문 31입니다.'));
  await utimes(file, yesterday, yesterday);
  const after = await stat(file);
  t.is(after.size, before.size);
  t.is(after.ino, before.ino);
  t.is(after.mtimeMs, before.mtimeMs);

  const reads = await readsOf(cwd, async () => t.true((await build(cwd)).ok));
  t.deepEqual(reads, [`${C}/en.md`, `${C}/ko.md`]);
  t.regex(await readText(cwd, 'dist/ko/2026-05-13-gamma/index.html'), /본문 31입니다/);
});

test('a notice made invalid between builds gets its positioned error, the same as in a cold check', async (t) => {
  const cwd = await settled(await site());
  t.true((await build(cwd)).ok);
  await writeFile(path.join(cwd, A, 'ko.md'), frontMatter({ date: '2026-13-45' }));
  // Saved as EUC-KR, as an old editor would: not UTF-8 any more.
  await writeFile(path.join(cwd, B, 'en.md'), Buffer.concat([Buffer.from(frontMatter({ department: 'Testing Division' }, 'Body ')), Buffer.from([0xc7, 0xd1])]));
  const result = await build(cwd);
  t.false(result.ok);
  const messages = result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId}`));
  t.true(messages.some((m) => m.startsWith(`${A}/ko.md:3:7 `)), messages.join('\n'));
  t.true(messages.includes(`${B}/en.md:8:1 file-encoding`), messages.join('\n'));
  const cold = await checkSite({ cwd: await copyWithoutCache(cwd) });
  t.deepEqual(cold.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId}`)), messages);
});

test('an unchanged notice that a new config makes invalid is validated from its text, with its position', async (t) => {
  const cwd = await settled(await site());
  t.true((await build(cwd)).ok);
  await writeFile(path.join(cwd, 'gongbo.config.yaml'), CONFIG.replace('categories: [press-release, notice]', 'categories: [notice]'));
  const reads = await readsOf(cwd, async () => {
    const result = await checkSite({ cwd });
    t.false(result.ok);
    const message = result.files.find((f) => f.path === `${A}/ko.md`)!.messages.find((m) => m.fatal)!;
    t.like(message, { line: 5, column: 11 });
  });
  t.true(reads.includes(`${A}/ko.md`), 'validating a text reads it');
});

async function copyWithoutCache(cwd: string): Promise<string> {
  const copy = `${cwd}-copy`;
  await cp(path.join(cwd, 'notices'), path.join(copy, 'notices'), { recursive: true });
  await cp(path.join(cwd, 'gongbo.config.yaml'), path.join(copy, 'gongbo.config.yaml'));
  return copy;
}

test('a damaged or foreign record of the sources is ignored: everything is read', async (t) => {
  const cwd = await settled(await site());
  t.true((await build(cwd)).ok);
  const records = path.join(cwd, '.gongbo-cache', 'sources.json');
  const everything = [`${A}/en.md`, `${A}/files/memo.txt`, `${A}/ko.md`, `${B}/en.md`, `${B}/ko.md`, `${C}/en.md`, `${C}/ko.md`];
  const good = await readFile(records, 'utf8');

  await writeFile(records, good.slice(0, good.length / 2));
  t.deepEqual(await readsOf(cwd, () => checkSite({ cwd })), everything, 'a record cut short');

  // Another format's records, or records with the wrong shapes, say nothing about these files.
  const saved = JSON.parse(good) as { format: string; texts: Record<string, unknown[]>; assets: Record<string, unknown[]> };
  await writeFile(records, JSON.stringify({ ...saved, format: 'gongbo-sources-0' }));
  t.deepEqual(await readsOf(cwd, () => checkSite({ cwd })), everything, 'another format');
  const misshapen = {
    ...saved,
    texts: Object.fromEntries(Object.entries(saved.texts).map(([file, [id, hash]]) => [file, [id, String(hash).slice(1)]])),
    assets: Object.fromEntries(Object.entries(saved.assets).map(([file, [id, , head]]) => [file, [id, 0, head]])),
  };
  await writeFile(records, JSON.stringify(misshapen));
  t.deepEqual(await readsOf(cwd, () => checkSite({ cwd })), everything, 'records of the wrong shape');

  // A copy of the site (its cache with it) has files of other identities.
  const copy = `${cwd}-copy`;
  await cp(cwd, copy, { recursive: true, preserveTimestamps: true });
  await sleep(SETTLED_MS + 100);
  t.deepEqual(await readsOf(copy, () => checkSite({ cwd: copy })), everything, 'records copied from another folder');
  t.deepEqual(await readsOf(copy, () => checkSite({ cwd: copy })), [], 'the copy\'s own records, once made');
});

test('a text used after its file changed on disk stops the build, rather than passing for the text that was recorded', async (t) => {
  const cwd = await settled(await site());
  const records = path.join(cwd, '.gongbo-cache', 'sources.json');
  await loadNotices(cwd, { records });
  const loaded = await loadNotices(cwd, { records });
  const [alpha, beta] = loaded;

  // Touched, not changed: the text is the recorded one.
  const touched = path.join(cwd, A, 'ko.md');
  await utimes(touched, new Date(), new Date());
  t.regex(String(alpha!.files.ko!.value), /본문 11입니다/);

  await writeFile(path.join(cwd, B, 'ko.md'), frontMatter({}, '바뀐 본문'));
  const error = t.throws(() => String(beta!.files.ko!.value), { instanceOf: SourceChangedError });
  t.is(error!.phrase.key, 'sources.changedWhileBuilding');
  t.regex(error!.message, /2026-05-12-beta\/ko\.md` changed while gongbo was building/);
});

test('a file added to or removed from an unchanged notice folder, or its files/ folder, is seen', async (t) => {
  const cwd = await settled(await site());
  const records = path.join(cwd, '.gongbo-cache', 'sources.json');
  await loadNotices(cwd, { records });
  const assetsOf = async () => Object.fromEntries((await loadNotices(cwd, { records })).map((s) => [s.id, [...s.assets.keys()]]));
  t.deepEqual(await assetsOf(), { '2026-05-11-alpha': ['files/memo.txt'], '2026-05-12-beta': [], '2026-05-13-gamma': [] }, 'as recorded');

  await writeFile(path.join(cwd, A, 'files', 'map.txt'), '지도\n');
  await rm(path.join(cwd, A, 'files', 'memo.txt'));
  await mkdir(path.join(cwd, B, 'files'));
  await writeFile(path.join(cwd, B, 'files', 'table.csv'), 'a,b\n');
  await writeFile(path.join(cwd, C, 'photo.txt'), '사진\n');
  t.deepEqual(await assetsOf(), { '2026-05-11-alpha': ['files/map.txt'], '2026-05-12-beta': ['files/table.csv'], '2026-05-13-gamma': ['photo.txt'] });
});
