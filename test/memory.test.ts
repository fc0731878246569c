import test from 'ava';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './helpers.js';
import { closeSearchIndexes, SearchIndexBuilder, searchThreadHeap, useSearchIndexes } from '../src/render/search/search-index.js';
import { liveBytes, MiB, varied } from './memory.js';

// Serial: each measures the whole process's memory.

test.serial('a search index being made should keep the pages waiting for it on disk, not in memory', async (t) => {
  useSearchIndexes();
  t.teardown(closeSearchIndexes);
  const pages = 150;
  const builder = new SearchIndexBuilder('en', 'en/search/pagefind/2026/', 'key', pages, await tempDir());
  const before = liveBytes();
  const threadBefore = await searchThreadHeap();
  for (let i = 0; i < pages; i++) {
    builder.add(`2026-01-01-page-${i}`, `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>Page ${i}</h1><p>${varied(4000, i + 1)}</p></main></body></html>`);
  }
  const held = liveBytes() - before;
  // Asked after the pages: the thread has them all when it answers.
  const threadHeld = (await searchThreadHeap()) - threadBefore;
  // The pages are about 26 KB each, 4 MB together, 2.5 MB deflated.
  t.true(held < 1 * MiB, `${pages} pages waiting to be indexed held ${(held / MiB).toFixed(1)} MiB in the build's thread`);
  t.true(threadHeld < 1 * MiB, `${pages} pages waiting to be indexed held ${(threadHeld / MiB).toFixed(1)} MiB in the search thread`);
  const files = (await builder.outputs()).map((output) => output.path);
  t.true(files.includes('en/search/pagefind/2026/pagefind-entry.json'));
  t.true(files.some((file) => file.startsWith('en/search/pagefind/2026/fragment/')));
});

/**
 * Keeps 60 MB alive, then makes 600 MB of objects that live a little while (as a build's pages and
 * feed items do) and reports the old generation's largest size over what is live.
 */
const GROWTH_PROGRAM = `
import v8 from 'node:v8';
import vm from 'node:vm';
const { limitHeapGrowth } = await import(process.argv[2]);
if (process.argv[3] === 'limit') limitHeapGrowth();
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');
const oldGeneration = () => v8.getHeapSpaceStatistics()
  .filter((space) => space.space_name === 'old_space' || space.space_name === 'large_object_space')
  .reduce((bytes, space) => bytes + space.space_used_size, 0);
const kept = [];
for (let i = 0; i < 500000; i++) kept.push({ text: 'kept ' + i, n: [i] });
const recent = [];
const step = () => {
  const batch = [];
  for (let j = 0; j < 400; j++) batch.push({ text: 'made ' + j + ' ' + recent.length });
  recent.push(batch);
  if (recent.length > 200) recent.shift();
};
for (let round = 0; round < 200; round++) step();
collect();
collect();
const live = oldGeneration();
let most = 0;
for (let round = 0; round < 4000; round++) {
  step();
  if (round % 10 === 0) most = Math.max(most, oldGeneration());
}
process.stdout.write(String(most / live) + ' ' + kept.length);
`;

test.serial('limitHeapGrowth (every build calls it) should let a heap grow by half of what it holds before collecting, not by several times', async (t) => {
  const program = path.join(await tempDir(), 'growth.mjs');
  await writeFile(program, GROWTH_PROGRAM);
  const module = pathToFileURL(path.resolve('lib/src/limit-heap-growth.js')).href;
  // In a process of its own: the setting is the process's, and this one's heap holds other tests.
  const ratio = (mode: string) => Number(execFileSync(process.execPath, [program, module, mode], { encoding: 'utf8' }).split(' ')[0]);
  const limited = ratio('limit');
  t.true(limited < 1.75, `the old generation reached ${limited.toFixed(2)}× what it holds`);
  // V8's own choice, for scale: between 2 and 4 on a machine with memory to spare.
  t.log(`without the limit: ${ratio('default').toFixed(2)}×`);
});
