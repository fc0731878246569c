// The fast part of the fault suite (`npm run faults` runs the whole): a few seeded kill -9 trials of
// build and of push over file: and WebDAV (through a proxy that drops, stalls and answers 500/503).
import test, { type ExecutionContext } from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkBuiltSite } from '../faults/check-built-site.js';
import { checkMirror, compareMirror, JOURNAL } from '../faults/check-mirror.js';
import { readTree, sha256 } from '../faults/file-tree.js';
import { runFaults, type FaultRun } from '../faults/run-faults.js';
import type { Kind, TrialResult } from '../faults/trial-result.js';
import { tempDir } from './helpers.js';

const TRIALS = 3;
/** Fixed, so a failure here replays with `npm run faults -- --kind <kind> --seed <trial seed> --trials 1`. */
const SEED = 20_261_129;

// Builds in one run, pushes in another (the two push kinds share their set-up), each shared by the tests that read it.
let builds: Promise<FaultRun> | undefined;
let pushes: Promise<FaultRun> | undefined;
async function run(kind: Kind): Promise<{ results: TrialResult[] }> {
  const all = kind === 'build'
    ? (builds ??= runFaults({ kinds: ['build'], trials: TRIALS, seed: SEED }))
    : (pushes ??= runFaults({ kinds: ['push-file', 'push-webdav'], trials: TRIALS, seed: SEED }));
  return { results: (await all).results.filter((r) => r.kind === kind) };
}

function assertNone(t: ExecutionContext, results: readonly TrialResult[], pick: (r: TrialResult) => readonly string[], what: string): void {
  const problems = results.flatMap((r) => pick(r).map((p) => `seed ${r.seed} (${r.scenario}): ${p}`));
  t.deepEqual(problems, [], `${what} in ${results.length} trials`);
}

test('should leave dist/ absent or whole after a killed build or rebuild, and a rerun should leave no temporary folders', async (t) => {
  const { results } = await run('build');
  t.is(results.length, TRIALS);
  assertNone(t, results, (r) => r.broken, 'no broken site');
  assertNone(t, results, (r) => r.dangling, 'no feed item pointing at a missing file');
  assertNone(t, results, (r) => r.leftovers, 'nothing left over after the rebuild');
  assertNone(t, results, (r) => r.unclear, 'every build exits as it should');
});

test('should keep a file: mirror consistent with its manifest and feeds after a killed push, and a rerun should finish it', async (t) => {
  const { results } = await run('push-file');
  t.is(results.length, TRIALS);
  t.true(results.some((r) => r.midWrite), 'at least one kill should land while the mirrors were being changed');
  assertNone(t, results, (r) => r.broken, 'no broken mirror');
  assertNone(t, results, (r) => r.dangling, 'no feed item pointing at a missing file');
  assertNone(t, results, (r) => r.unclear, 'every push exits as it should');
});

// Known bug, being fixed in src/push/file-transport.ts: a push killed while writing a file leaves its
// temporary `.<name>.gongbo-<pid>-<n>` file beside it, and no later push removes it. Flip to `test`
// when the fix merges.
test.failing('should leave no temporary files on a file: mirror once a push after a killed one finishes', async (t) => {
  const { results } = await run('push-file');
  assertNone(t, results, (r) => r.leftovers, 'nothing left over after the rerun');
});

test('should keep a WebDAV mirror consistent through drops, stalls, 500/503 and kills, fail clearly, and finish on a rerun', async (t) => {
  const { results } = await run('push-webdav');
  t.is(results.length, TRIALS);
  assertNone(t, results, (r) => r.broken, 'no broken mirror');
  assertNone(t, results, (r) => r.dangling, 'no feed item pointing at a missing file');
  assertNone(t, results, (r) => r.leftovers, 'nothing left over after the rerun');
  assertNone(t, results, (r) => r.unclear, 'every failure names the mirror, says to push again and exits 1');
});

// The checks themselves must be able to fail: each is shown a site or mirror with one thing wrong.

async function tinySite(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('gongbo-faults-check-');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

function manifestOf(files: Record<string, string>): string {
  const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, text]) => ({ path: p, size: Buffer.byteLength(text), sha256: sha256(Buffer.from(text)) }));
  return JSON.stringify({ version: 1, files: entries });
}

const BASE = 'https://example.go.kr/news/';
const PAGE = { 'ko/a/index.html': '<p>a</p>' };
const RSS = (id: string) => `<?xml version="1.0"?><rss><channel><link>${BASE}ko/</link><item><link>${BASE}ko/${id}/</link></item></channel></rss>`;

test('checkBuiltSite should pass a whole site and name a missing file, an unlisted file and a dangling feed item', async (t) => {
  const whole = { ...PAGE, 'ko/rss.xml': RSS('a') };
  const ok = checkBuiltSite(await tinySite({ ...whole, 'manifest.json': manifestOf(whole) }), [BASE]);
  t.deepEqual([ok.broken, ok.dangling], [[], []]);

  const missing = checkBuiltSite(await tinySite({ 'ko/rss.xml': RSS('a'), 'manifest.json': manifestOf(whole) }), [BASE]);
  t.true(missing.broken.some((p) => p.startsWith('ko/a/index.html: listed in the manifest, missing')));
  t.true(missing.dangling.some((p) => p.includes(`${BASE}ko/a/`)));

  const extra = checkBuiltSite(await tinySite({ ...whole, 'ko/stray.html': 'x', 'manifest.json': manifestOf(whole) }), [BASE]);
  t.deepEqual(extra.broken, ['ko/stray.html: not listed in the manifest']);

  const cut = { ...PAGE, 'ko/rss.xml': RSS('a').slice(0, -20) };
  t.deepEqual(checkBuiltSite(await tinySite({ ...cut, 'manifest.json': manifestOf(cut) }), [BASE]).broken, ['ko/rss.xml: unreadable feed']);
});

test('checkMirror should accept a file that differs from the manifest only while a journal names it', async (t) => {
  const old = { ...PAGE, 'ko/rss.xml': RSS('a') };
  const changed = { ...old, 'ko/a/index.html': '<p>a, corrected</p>', 'manifest.json': manifestOf(old) };
  const withoutJournal = checkMirror(await tinySite(changed), BASE);
  t.deepEqual(withoutJournal.broken, ['ko/a/index.html: content differs from the manifest']);
  t.false(withoutJournal.inProgress);

  const journal = JSON.stringify({ version: 1, known: {}, planned: { 'ko/a/index.html': 'x' }, done: [] });
  const withJournal = checkMirror(await tinySite({ ...changed, [JOURNAL]: journal }), BASE);
  t.deepEqual(withJournal.broken, []);
  t.true(withJournal.inProgress);

  const dangling = checkMirror(await tinySite({ 'ko/rss.xml': RSS('b') }), BASE);
  t.deepEqual(dangling.dangling, [`ko/rss.xml links to ${BASE}ko/b/, missing on the mirror`]);
});

test('compareMirror should name a leftover temporary file and a file that differs from a clean push', async (t) => {
  const clean = readTree(await tinySite(PAGE));
  const dir = await tinySite({ 'ko/a/index.html': '<p>other</p>', 'ko/a/.index.html.gongbo-123-4': '<p>a' });
  t.deepEqual(compareMirror(dir, clean), { broken: ['ko/a/index.html: differs from a clean push'], leftovers: ['ko/a/.index.html.gongbo-123-4'] });
});
