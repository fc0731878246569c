import test from 'ava';
import { closeSearchIndexes, SearchIndexBuilder, useSearchIndexes } from '../src/render/search/search-index.js';
import { liveBytes, MiB, varied } from './memory.js';

// Serial: each measures the whole process's memory.

test.serial('a search index being made should keep the pages waiting for it on disk, not in memory', async (t) => {
  useSearchIndexes();
  t.teardown(closeSearchIndexes);
  const builder = new SearchIndexBuilder('en', 'en/search/pagefind/2026/', 'key');
  const pages = 150;
  const before = liveBytes();
  for (let i = 0; i < pages; i++) {
    builder.add(`2026-01-01-page-${i}`, `<!doctype html><html lang="en"><body><main data-pagefind-body><h1>Page ${i}</h1><p>${varied(4000, i + 1)}</p></main></body></html>`);
  }
  const held = liveBytes() - before;
  // The pages are about 26 KB each, 4 MB together, 2.5 MB deflated.
  t.true(held < 1 * MiB, `${pages} pages waiting to be indexed held ${(held / MiB).toFixed(1)} MiB`);
  const files = (await builder.outputs()).map((output) => output.path);
  t.true(files.includes('en/search/pagefind/2026/pagefind-entry.json'));
  t.true(files.some((file) => file.startsWith('en/search/pagefind/2026/fragment/')));
});
