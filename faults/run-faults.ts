// The fault suite: kill -9 builds and pushes at random moments, inject network faults, and check what is left.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBuildTrial, setupBuild } from './build-trials.js';
import { runDavPushTrial, runFilePushTrial, setupPush, type PushSetup } from './push-trials.js';
import { trialSeed } from './prng.js';
import { failed, formatTable, KINDS, type Kind, type TrialResult } from './trial-result.js';

export interface FaultOptions {
  /** Trials per kind. Default 20. */
  trials?: number;
  /** Seed of the first trial; trial i uses seed + i. Default: drawn at random (and printed). */
  seed?: number;
  /** Default: every kind. */
  kinds?: readonly Kind[];
  /** Build trials that also render PDFs (slow: a browser per build), after the others. Default 0. */
  pdfTrials?: number;
  /** Keep the temporary folder of sites and mirrors. Default `false`. */
  keep?: boolean;
  /** Where progress lines go. Default: nowhere. */
  log?: (line: string) => void;
}

export interface FaultRun {
  seed: number;
  results: TrialResult[];
  ok: boolean;
  table: string;
  ms: number;
}

export async function runFaults(options: FaultOptions = {}): Promise<FaultRun> {
  const started = performance.now();
  const trials = options.trials ?? 20;
  const seed = (options.seed ?? Math.floor(Math.random() * 2 ** 31)) >>> 0;
  const kinds = options.kinds ?? KINDS;
  const log = options.log ?? (() => {});
  const work = await mkdtemp(path.join(os.tmpdir(), 'gongbo-faults-'));
  const results: TrialResult[] = [];
  const record = (result: TrialResult) => {
    results.push(result);
    const problems = [...result.broken, ...result.dangling, ...result.leftovers.map((l) => `leftover ${l}`), ...result.unclear];
    log(`${result.kind} seed ${result.seed}: ${result.scenario}${result.midWrite ? ' [mid-write]' : ''} — ${problems.length === 0 ? 'ok' : 'FAILED'}`);
    for (const problem of problems.slice(0, 8)) log(`    ${problem}`);
    if (problems.length > 8) log(`    … and ${problems.length - 8} more`);
    if (problems.length > 0) log(`    replay: npm run faults -- --kind ${result.kind} --seed ${result.seed} --trials 1${result.scenario.includes('PDFs') ? ' --pdf-trials 1' : ''}`);
  };
  log(`gongbo fault suite: seed ${seed}, ${trials} trials of ${kinds.join(', ')}${options.pdfTrials ? ` and ${options.pdfTrials} build trials with PDFs` : ''}; work folder ${work}`);
  let push: PushSetup | undefined;
  try {
    if (kinds.includes('build')) {
      const setup = await setupBuild(work);
      log(`build: a whole build of the sample site takes ${(setup.buildMs / 1000).toFixed(1)} s`);
      for (let i = 0; i < trials; i++) record(await runBuildTrial(setup, trialSeed(seed, i)));
      if (options.pdfTrials) {
        const pdfSetup = await setupBuild(work, { pdf: true });
        log(`build: with PDFs, ${(pdfSetup.buildMs / 1000).toFixed(1)} s`);
        for (let i = 0; i < options.pdfTrials; i++) record(await runBuildTrial(pdfSetup, trialSeed(seed, trials + i)));
      }
    }
    if (kinds.includes('push-file') || kinds.includes('push-webdav')) {
      push = await setupPush(work);
      log(`push: file: ${(push.file.pushMs.empty / 1000).toFixed(1)} s to empty mirrors; WebDAV ${push.dav.requests.empty} requests to empty mirrors, ${push.dav.requests.previous} over the previous version`);
      // The two transports' trials at once: separate mirrors, and only WebDAV uses the proxy. Most of
      // a WebDAV trial is waiting (stalls, Retry-After, timeouts), which file: trials fill.
      const setup = push;
      const file = async () => {
        if (kinds.includes('push-file')) for (let i = 0; i < trials; i++) record(await runFilePushTrial(setup, trialSeed(seed, i)));
      };
      const dav = async () => {
        if (kinds.includes('push-webdav')) for (let i = 0; i < trials; i++) record(await runDavPushTrial(setup, trialSeed(seed, i)));
      };
      await Promise.all([file(), dav()]);
    }
  } finally {
    await push?.proxy.close();
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
  // In kind order, whatever order the trials finished in.
  results.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  const ok = results.every((r) => !failed(r));
  return { seed, results, ok, table: formatTable(results), ms: performance.now() - started };
}

const USAGE = `npm run faults -- [--trials N] [--seed S] [--kind build|push-file|push-webdav|all] [--pdf-trials N] [--keep]
  --trials N      trials per kind (default 20)
  --seed S        seed of the first trial; trial i uses S + i, so a trial replays with --seed <its seed> --trials 1
  --kind K        which trials to run (default all)
  --pdf-trials N  build trials that also render PDFs, after the others (default 0)
  --keep          keep the temporary sites and mirrors
Exit code: 0 when every invariant held, 1 when one broke, 2 for a usage error.`;

async function cli(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        trials: { type: 'string' }, seed: { type: 'string' }, kind: { type: 'string' },
        'pdf-trials': { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const whole = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} ${value}: use a whole number`);
    return Number(value);
  };
  let options: FaultOptions;
  try {
    const kind = values.kind ?? 'all';
    if (kind !== 'all' && !KINDS.includes(kind as Kind)) throw new Error(`--kind ${kind}: use ${KINDS.join(', ')} or all`);
    options = {
      kinds: kind === 'all' ? KINDS : [kind as Kind],
      ...(values.trials !== undefined ? { trials: whole('trials', values.trials)! } : {}),
      ...(values.seed !== undefined ? { seed: whole('seed', values.seed)! } : {}),
      ...(values['pdf-trials'] !== undefined ? { pdfTrials: whole('pdf-trials', values['pdf-trials'])! } : {}),
      keep: values.keep ?? false,
      log: (line) => process.stdout.write(`${line}\n`),
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const run = await runFaults(options);
  process.stdout.write(`\n${run.table}\n\nseed ${run.seed}, ${(run.ms / 1000).toFixed(0)} s in all: ${run.ok ? 'every invariant held' : 'SOME INVARIANTS BROKE (replay lines above)'}\n`);
  return run.ok ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = await cli(process.argv.slice(2));
}
