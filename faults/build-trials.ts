// Build trials: kill -9 `gongbo build` (first or incremental) at a random moment, check dist/, rebuild, check again.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkBuiltSite } from './check-built-site.js';
import { createRandom } from './prng.js';
import { countChanges, killAtChange, runChild, startChild } from './run-child.js';
import { buildArgs, copySampleSite, editNotice, feedBases } from './sample-site.js';
import type { TrialResult } from './trial-result.js';

export interface BuildSetup {
  /** Where trial sites go. */
  work: string;
  /** Time of a whole build from process start, to spread the kills over. */
  buildMs: number;
  /** Changes a whole build makes in the site folder (writing and swapping dist/ in), to pick the one to die at. */
  changes: number;
  /** sha256 of the manifest of a clean first build of the sample site. */
  cleanManifestSha: string;
  pdf: boolean;
}

/** What a site folder should hold besides sources and dist/. */
// `.dist.spare` is the site before last, kept on purpose: the next build updates it in place.
const EXPECTED_ENTRIES = new Set(['notices', 'gongbo.config.yaml', 'dist', '.dist.spare', '.gongbo-cache']);

/** A change to the output: the temporary folder, dist/ and the previous site's `.dist.old-*`. */
const isOutput = (name: string) => /^(?:dist|\.dist\.)/.test(name);

/** Build the sample site once, whole: the reference and the timing the kills are drawn from. */
export async function setupBuild(work: string, options: { pdf?: boolean } = {}): Promise<BuildSetup> {
  const site = await copySampleSite(path.join(work, 'build-reference'));
  const running = startChild(buildArgs(site, options));
  const counter = countChanges(site, isOutput);
  const run = await running.done;
  const changes = counter.stop();
  if (run.code !== 0) throw new Error(`The sample site should build (exit ${run.code}): ${run.stderr}`);
  const check = checkBuiltSite(path.join(site, 'dist'), feedBases(readFileSync(path.join(site, 'gongbo.config.yaml'), 'utf8')));
  if (check.broken.length + check.dangling.length > 0) throw new Error(`A clean build fails the checks: ${[...check.broken, ...check.dangling].join('; ')}`);
  return { work, buildMs: run.ms, changes, cleanManifestSha: check.manifestSha!, pdf: options.pdf ?? false };
}

export async function runBuildTrial(setup: BuildSetup, seed: number): Promise<TrialResult> {
  const random = createRandom(seed);
  // By the seed's parity, so that a few consecutive seeds cover both.
  const incremental = seed % 2 === 1;
  // A third of the kills anywhere in the run; the others while dist/ is written and swapped in, the
  // tenth of the run that a delay from the start would mostly miss.
  const anytime = random.chance(1 / 3);
  const killAfterMs = Math.round(setup.buildMs * 1.05 * random.next());
  const killAt = random.int(1, setup.changes);
  const result: TrialResult = {
    kind: 'build', seed, scenario: `${incremental ? 'incremental' : 'first'} build${setup.pdf ? ' with PDFs' : ''}, killed ${anytime ? `at ${killAfterMs} ms` : `at change ${killAt} of ${setup.changes} to the output`}`,
    midWrite: false, broken: [], dangling: [], leftovers: [], unclear: [], maxRunMs: 0,
  };
  const site = await copySampleSite(path.join(setup.work, `build-${seed}`));
  const dist = path.join(site, 'dist');
  const bases = feedBases(readFileSync(path.join(site, 'gongbo.config.yaml'), 'utf8'));
  const args = buildArgs(site, { pdf: setup.pdf });
  const note = (list: string[], when: string, problems: string[]) => list.push(...problems.map((p) => `${when}: ${p}`));

  let before: string | undefined;
  if (incremental) {
    const first = await runChild(args);
    result.maxRunMs = first.ms;
    if (first.code !== 0) {
      note(result.unclear, 'first build', [`exit ${first.code}: ${first.stderr.trim()}`]);
      return result;
    }
    before = checkBuiltSite(dist, bases).manifestSha;
    const edited = await editNotice(site, random, `정정: 시험 ${seed}번의 문단입니다.`);
    result.scenario += ` (edited ${edited})`;
  }

  const running = startChild(args, anytime ? { killAfterMs } : {});
  if (!anytime) killAtChange(running, site, isOutput, killAt);
  const killed = await running.done;
  result.maxRunMs = Math.max(result.maxRunMs, killed.ms);
  if (!killed.killed) result.scenario += ' (finished before the kill)';
  if (!killed.killed && killed.code !== 0) note(result.unclear, 'killed build', [`exit ${killed.code} without being killed: ${killed.stderr.trim()}`]);
  if (killed.orphans > 0) note(result.leftovers, 'killed build', ['processes it started outlived it']);
  const temps = readdirSync(site).filter((name) => name.startsWith('.dist.'));
  let after: string | undefined;
  if (existsSync(dist)) {
    const check = checkBuiltSite(dist, bases);
    note(result.broken, 'after the kill', check.broken);
    note(result.dangling, 'after the kill', check.dangling);
    after = check.manifestSha;
    if (incremental && after !== before) result.midWrite = true;
  } else if (incremental) {
    note(result.broken, 'after the kill', [`dist/ is gone: the killed rebuild took the previous site away (${temps.join(', ') || 'nothing'} left beside it)`]);
  }
  if (temps.length > 0) result.midWrite = true;
  result.midWrite &&= killed.killed;

  const rerun = await runChild(args);
  result.maxRunMs = Math.max(result.maxRunMs, rerun.ms);
  if (rerun.code !== 0) {
    note(result.unclear, 'rebuild after the kill', [`exit ${rerun.code}: ${rerun.stderr.trim()}`]);
    return result;
  }
  const check = checkBuiltSite(dist, bases);
  note(result.broken, 'after the rerun', check.broken);
  note(result.dangling, 'after the rerun', check.dangling);
  if (!incremental && check.manifestSha !== setup.cleanManifestSha) note(result.broken, 'after the rerun', ['dist/ differs from a clean build of the same sources']);
  // A killed rebuild leaves the old site or the new one whole, never a third thing.
  if (incremental && after !== undefined && after !== before && after !== check.manifestSha) {
    note(result.broken, 'after the kill', ['dist/ held neither the previous build nor the next one']);
  }
  for (const name of readdirSync(site)) if (!EXPECTED_ENTRIES.has(name)) result.leftovers.push(`after the rerun: ${name} left in the site folder`);
  return result;
}
