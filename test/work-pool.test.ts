// A cold build of an archive validates and renders on worker threads: it must say and make exactly
// what the same build in one thread does.
import test from 'ava';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, checkSite } from '../src/build.js';
import { POOL_MIN_NOTICES } from '../src/work-pool.js';
import { frontMatter, NOW, writeSite } from './helpers.js';

const COUNT = POOL_MIN_NOTICES + 12;

/** An archive big enough for the pool: one notice only in Korean (a warning), one with an error when asked. */
async function archive(broken: boolean): Promise<string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const id = `2026-05-${day}-notice-${i}`;
    const date = `2026-05-${day}T${String(9 + (i % 8)).padStart(2, '0')}:00:00+09:00`;
    files[`notices/${id}/ko.md`] = frontMatter({ title: `"시험 보도자료 ${i}"`, date }, `## 개요\n\n본문 ${i}입니다. [안내](https://example.go.kr/${i})\n\n- 하나\n- 둘\n`);
    if (i !== 7) files[`notices/${id}/en.md`] = frontMatter({ title: `"Test release ${i}"`, date, department: 'Testing Division' }, `Body ${i}.\n`);
  }
  if (broken) files['notices/2026-05-12-notice-11/en.md'] = frontMatter({ title: '"Broken"', date: '2026-13-40', department: 'Testing Division' });
  return writeSite(files);
}

function withThreads<T>(threads: number, run: () => Promise<T>): Promise<T> {
  const before = process.env.GONGBO_THREADS;
  process.env.GONGBO_THREADS = String(threads);
  return run().finally(() => {
    if (before === undefined) delete process.env.GONGBO_THREADS;
    else process.env.GONGBO_THREADS = before;
  });
}

async function said(site: string, threads: number) {
  await rm(path.join(site, '.gongbo-cache'), { recursive: true, force: true });
  const result = await withThreads(threads, () => checkSite({ cwd: site }));
  return {
    ok: result.ok,
    messages: result.files.flatMap((f) => f.messages.map((m) => `${f.path}:${m.line}:${m.column} ${m.ruleId} ${m.fatal} ${m.reason}`)),
  };
}

async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
  }
  return out;
}

test.serial('checking an archive on two threads finds, word for word and place for place, what one thread finds', async (t) => {
  const site = await archive(true);
  const one = await said(site, 1);
  const two = await said(site, 2);
  t.false(one.ok);
  t.true(one.messages.some((m) => m.includes('notice-11/en.md:') && m.includes('true')), one.messages.join('\n'));
  t.true(one.messages.some((m) => m.includes('translation-missing')), one.messages.join('\n'));
  t.deepEqual(two, one);
});

test.serial('building an archive on two threads gives the bytes of a build in one thread', async (t) => {
  const site = await archive(false);
  const build = async (threads: number, out: string) => {
    await rm(path.join(site, '.gongbo-cache'), { recursive: true, force: true });
    const result = await withThreads(threads, () => buildSite({ cwd: site, out, now: NOW, pdf: false, cards: false }));
    t.true(result.ok);
    t.is(result.published, COUNT);
    return tree(path.join(site, out));
  };
  const one = await build(1, 'one');
  const two = await build(2, 'two');
  t.true(Object.keys(one).length > COUNT * 2);
  t.deepEqual(two, one);
});

test.serial('a build of an archive on threads that finds an error leaves the previous site as it was and nothing it rendered on the way', async (t) => {
  const site = await archive(false);
  const build = () => withThreads(2, () => buildSite({ cwd: site, now: NOW, pdf: false, cards: false }));
  t.true((await build()).ok);
  const before = await tree(path.join(site, 'dist'));
  // Every notice validated again (and rendered on the way, from the same parse), one of them broken.
  await writeFile(path.join(site, 'notices/2026-05-12-notice-11/en.md'), frontMatter({ title: '"Broken"', date: '2026-13-40', department: 'Testing Division' }));
  await writeFile(path.join(site, 'notices/2026-05-01-notice-0/ko.md'), frontMatter({ title: '"바뀐 제목"', date: '2026-05-01T09:00:00+09:00' }, '본문.\n'));
  await rm(path.join(site, '.gongbo-cache', 'check.json'), { force: true });
  const failed = await build();
  t.false(failed.ok);
  t.true(failed.files.some((f) => f.path.endsWith('notice-11/en.md') && f.messages.some((m) => m.fatal)));
  t.deepEqual(await tree(path.join(site, 'dist')), before, 'dist/ untouched');
  t.deepEqual((await readdir(path.join(site, '.gongbo-cache'))).filter((name) => name.startsWith('.held-')), [], 'no scratch file left');
});
