// The fast part of the fault suite (`npm run faults` runs the whole): a few seeded kill -9 trials of
// build and of push over file: and WebDAV (through a proxy that drops, stalls and answers 500/503).
import test, { type ExecutionContext } from 'ava';
import { runFaults, type FaultRun } from '../faults/run-faults.js';
import type { Kind, TrialResult } from '../faults/trial-result.js';

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
