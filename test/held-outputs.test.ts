import test from 'ava';
import { readdir } from 'node:fs/promises';
import { tempDir } from './helpers.js';
import { HeldOutputs } from '../src/write/held-outputs.js';

test('outputs held for a build come back once each, and no file of them stays in the cache folder even while held', async (t) => {
  const dir = await tempDir();
  const held = new HeldOutputs<{ page: string }>(dir);
  const page = (n: number) => `<p>${'공보 '.repeat(2000)}${n}</p>`;
  for (let n = 0; n < 50; n++) held.put(`notice-${n}`, { page: page(n) });
  // The name is gone as soon as the file is open: a build killed now leaves nothing behind.
  t.deepEqual(await readdir(dir), []);
  t.deepEqual(held.take('notice-7'), { page: page(7) });
  t.deepEqual(held.take('notice-49'), { page: page(49) });
  t.is(held.take('notice-7'), undefined, 'taken once');
  t.is(held.take('nothing'), undefined);
  held.close();
  t.deepEqual(await readdir(dir), []);
});
