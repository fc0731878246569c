import test from 'ava';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readSource } from '../src/load/read-source.js';
import { MAX_SOURCE_BYTES } from '../src/load/limits.js';
import { tempDir } from './helpers.js';

test('readSource should hold a small file in memory of its size, not of the limit', async (t) => {
  // Every build (each save under `gongbo serve`) reads every language file of the site.
  const file = path.join(await tempDir(), 'ko.md');
  await writeFile(file, '---\ntitle: 짧은 글\n---\n본문\n');
  const result = await readSource(file, MAX_SOURCE_BYTES);
  if (result.type !== 'read') return t.fail(result.type);
  t.is(result.bytes.toString('utf8'), '---\ntitle: 짧은 글\n---\n본문\n');
  t.true(result.bytes.buffer.byteLength < 1024, `${result.bytes.buffer.byteLength} bytes held for a ${result.size}-byte file`);
});

test('readSource should read all of a file that holds more than its size said', async (t) => {
  // Files under /proc report size 0 and still have content: the same as a file that grew after stat.
  if (process.platform !== 'linux') return t.pass();
  const result = await readSource('/proc/self/status', MAX_SOURCE_BYTES);
  if (result.type !== 'read') return t.fail(result.type);
  t.regex(result.bytes.toString('utf8'), /^Name:[\s\S]*\nPid:\s+\d+[\s\S]*\n$/);
  const small = await readSource('/proc/self/status', 16);
  t.is(small.type, 'too-large', 'the limit still holds for what was not announced');
});
