// Push trials: kill -9 `gongbo push` to file: and WebDAV mirrors (the latter through a faulty proxy), check, rerun, compare.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkMirror, compareMirror } from './check-mirror.js';
import { startDav, DAV_PASSWORD, DAV_USER, type DavServer } from './dav-server.js';
import { startFaultProxy, type FaultProxy, type ProxyAction } from './fault-proxy.js';
import { readTree, type Tree } from './file-tree.js';
import { createRandom, type Random } from './prng.js';
import { countChanges, killAtChange, runChild, startChild, type ChildRun } from './run-child.js';
import { buildArgs, copySampleSite, GONGBO } from './sample-site.js';
import type { TrialResult } from './trial-result.js';

const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'push-driver.js');
const ENV = { FAULTS_DAV_USER: DAV_USER, FAULTS_DAV_PASSWORD: DAV_PASSWORD };
/** Longer than the driver's 1.5 s request timeout. */
const STALL_MS = 2000;
/** A faulty push that runs longer than this is hung: it is killed and reported. */
const HANG_MS = 90_000;

interface Mirror { name: string; folder: string; publicUrl: string }

const FILE_MIRRORS: Mirror[] = [
  { name: 'iris', folder: 'iris', publicUrl: 'https://www.iris.go.kr/msit/' },
  { name: 'iitp', folder: 'iitp', publicUrl: 'https://www.iitp.kr/msit/' },
];
const DAV_MIRRORS: Mirror[] = [
  { name: 'iris-dav', folder: 'iris', publicUrl: 'https://www.iris.go.kr/msit/' },
  { name: 'iitp-dav', folder: 'iitp', publicUrl: 'https://www.iitp.kr/msit/' },
];

type Start = 'empty' | 'previous';

interface TransportSetup {
  /** The folder the mirrors live in (for WebDAV, the server's root). */
  root: string;
  /** That folder after a clean push of the previous version of the site. */
  previous: string;
  /** Each mirror after a clean push of the current version to an empty mirror. */
  clean: Map<string, Tree>;
  /** Time of a push from process start, by start state; for WebDAV, its request count. */
  pushMs: Record<Start, number>;
  requests: Record<Start, number>;
  /** Time until a push starts changing anything (a dry run's length). */
  dryMs: number;
  /** Changes a push makes to the mirrors' folder, by start state (file: only), to pick the one to die at. */
  changes: Record<Start, number>;
}

export interface PushSetup {
  work: string;
  site: string;
  file: TransportSetup;
  dav: TransportSetup;
  proxy: FaultProxy;
}

function config(work: string, proxyPort: number): string {
  const mirror = (m: Mirror, url: string, languages: string, categories: string, auth = '') =>
    `  ${m.name}:\n    url: ${url}\n    public_url: ${m.publicUrl}\n    languages: ${languages}\n    categories: ${categories}\n${auth}`;
  const auth = '    auth: { username_env: FAULTS_DAV_USER, password_env: FAULTS_DAV_PASSWORD }\n';
  const iris = ['[ko, en]', '[call-for-proposals, press-release]'] as const;
  const iitp = ['[ko]', '[call-for-proposals, press-release, notice]'] as const;
  return `site:
  url: https://www.msit.go.kr/gongbo/
  publisher: { ko: 과학기술정보통신부, en: Ministry of Science and ICT }
  license: kogl-1
  time_zone: Asia/Seoul
  per_page: 10
categories: [press-release, notice, call-for-proposals]
hubs: []
mirrors:
${mirror(FILE_MIRRORS[0]!, `file:${path.join(work, 'file-mirrors', 'iris')}/`, ...iris)}${mirror(FILE_MIRRORS[1]!, `file:${path.join(work, 'file-mirrors', 'iitp')}/`, ...iitp)}${mirror(DAV_MIRRORS[0]!, `http://127.0.0.1:${proxyPort}/iris/`, ...iris, auth)}${mirror(DAV_MIRRORS[1]!, `http://127.0.0.1:${proxyPort}/iitp/`, ...iitp, auth)}`;
}

const pushArgs = (site: string, mirrors: Mirror[], extra: string[] = []) => [GONGBO, 'push', '--cwd', site, '--mirror', ...mirrors.map((m) => m.name), ...extra];

/** Run a push that must succeed; `run.changes` counts what it changed under `watched` (when given). */
async function mustPush(site: string, mirrors: Mirror[], what: string, extra: string[] = [], watched?: string): Promise<ChildRun & { changes: number }> {
  const running = startChild(pushArgs(site, mirrors, extra), { env: ENV });
  const counter = watched ? countChanges(watched, () => true) : undefined;
  const run = await running.done;
  const changes = counter?.stop() ?? 0;
  if (run.code !== 0) throw new Error(`${what} should succeed (exit ${run.code}): ${run.stderr}`);
  return { ...run, changes };
}

async function mustBuild(site: string): Promise<void> {
  const run = await runChild(buildArgs(site));
  if (run.code !== 0) throw new Error(`The push trials' site should build (exit ${run.code}): ${run.stderr}`);
}

/**
 * Two versions of the sample site — the previous one, and the current one with a notice corrected
 * and another removed — built once; clean pushes of each over both transports give the states a
 * trial starts from and the reference it must end at.
 */
export async function setupPush(work: string): Promise<PushSetup> {
  const proxy = await startFaultProxy({ stallMs: STALL_MS });
  const siteConfig = config(work, proxy.port);
  const previousSite = await copySampleSite(path.join(work, 'push-site-previous'), siteConfig);
  const site = await copySampleSite(path.join(work, 'push-site'), siteConfig);
  const corrected = path.join(site, 'notices/2026-05-20-ai-semiconductor-investment-results/ko.md');
  await writeFile(corrected, `${(await readFile(corrected, 'utf8')).trimEnd()}\n\n정정: 투자 실적 표의 단위를 바로잡았습니다.\n`);
  await rm(path.join(site, 'notices/2026-08-19-quantum-testbed-pilot'), { recursive: true });
  // At once: most of a set-up is waiting (process starts, the server, the disk), not computing.
  await Promise.all([mustBuild(previousSite), mustBuild(site)]);

  const prepare = async (transport: 'file' | 'dav', mirrors: Mirror[]): Promise<TransportSetup> => {
    const root = path.join(work, transport === 'file' ? 'file-mirrors' : 'dav-root');
    const previous = path.join(work, `${transport}-previous`);
    const withServer = async <T>(run: () => Promise<T>): Promise<T> => {
      let dav: DavServer | undefined;
      if (transport === 'dav') {
        dav = await startDav(root);
        proxy.upstreamPort = dav.port;
      }
      proxy.reset();
      try {
        return await run();
      } finally {
        await dav?.close();
      }
    };
    const fresh = () => restore(root, undefined);
    await fresh();
    await withServer(() => mustPush(previousSite, mirrors, 'A clean push of the previous site'));
    await rm(previous, { recursive: true, force: true });
    await cp(root, previous, { recursive: true });

    await fresh();
    const fromEmpty = await withServer(() => mustPush(site, mirrors, 'A clean push to empty mirrors', [], root));
    const requestsFromEmpty = proxy.requests;
    const clean = new Map(mirrors.map((m) => [m.name, readTree(path.join(root, m.folder))]));

    await restore(root, previous);
    const dry = await withServer(() => mustPush(site, mirrors, 'A dry run', ['--dry-run']));
    const fromPrevious = await withServer(() => mustPush(site, mirrors, 'A push over the previous version', [], root));
    const requestsFromPrevious = proxy.requests;
    for (const m of mirrors) {
      const diff = compareMirror(path.join(root, m.folder), clean.get(m.name)!);
      if (diff.broken.length + diff.leftovers.length > 0) {
        throw new Error(`Without faults, a push over the previous version should equal a clean push on ${m.name}: ${[...diff.broken, ...diff.leftovers].join('; ')}`);
      }
    }
    return {
      root, previous, clean, dryMs: dry.ms,
      pushMs: { empty: fromEmpty.ms, previous: fromPrevious.ms },
      changes: { empty: fromEmpty.changes, previous: fromPrevious.changes },
      requests: { empty: requestsFromEmpty, previous: requestsFromPrevious },
    };
  };
  // The two transports use separate folders, and only WebDAV the proxy: prepared at once.
  const [file, dav] = await Promise.all([prepare('file', FILE_MIRRORS), prepare('dav', DAV_MIRRORS)]);
  return { work, site, file, dav, proxy };
}

async function restore(root: string, from: string | undefined): Promise<void> {
  await rm(root, { recursive: true, force: true });
  if (from) await cp(from, root, { recursive: true });
  else await mkdir(root, { recursive: true });
}

function newResult(kind: TrialResult['kind'], seed: number, scenario: string): TrialResult {
  return { kind, seed, scenario, midWrite: false, broken: [], dangling: [], leftovers: [], unclear: [], maxRunMs: 0 };
}

function note(list: string[], when: string, problems: readonly string[]): void {
  list.push(...problems.map((p) => `${when}: ${p}`));
}

/** Check every mirror as a partner would see it now; `true` when one is mid-update. */
function checkMirrors(result: TrialResult, setup: TransportSetup, mirrors: Mirror[], when: string): boolean {
  let inProgress = false;
  for (const m of mirrors) {
    const check = checkMirror(path.join(setup.root, m.folder), m.publicUrl);
    note(result.broken, `${when}, ${m.name}`, check.broken);
    note(result.dangling, `${when}, ${m.name}`, check.dangling);
    inProgress ||= check.inProgress;
  }
  return inProgress;
}

/** After a push that said it finished: each mirror must equal a clean push, with nothing left over. */
function compareMirrors(result: TrialResult, setup: TransportSetup, mirrors: Mirror[], when: string): void {
  for (const m of mirrors) {
    const diff = compareMirror(path.join(setup.root, m.folder), setup.clean.get(m.name)!);
    note(result.broken, `${when}, ${m.name}`, diff.broken);
    note(result.leftovers, `${when}, ${m.name}`, diff.leftovers);
  }
}

/** By the seed's parity, so that a few consecutive seeds cover both. */
function pickStart(seed: number): Start {
  return seed % 2 === 0 ? 'empty' : 'previous';
}

export async function runFilePushTrial(setup: PushSetup, seed: number): Promise<TrialResult> {
  const random = createRandom(seed);
  const start = pickStart(seed);
  const t = setup.file;
  // A third of the kills from about when the push starts changing mirrors (a dry run's length) to
  // its end; the others at a random one of the changes it makes to the mirrors.
  const anytime = random.chance(1 / 3);
  const from = 0.8 * t.dryMs;
  const killAfterMs = Math.round(from + random.next() * (1.05 * t.pushMs[start] - from));
  const killAt = random.int(1, t.changes[start]);
  const result = newResult('push-file', seed, `file: push to ${start === 'empty' ? 'empty mirrors' : 'mirrors holding the previous version'}, killed ${anytime ? `at ${killAfterMs} ms` : `at change ${killAt} of ${t.changes[start]} to the mirrors`}`);
  await restore(t.root, start === 'previous' ? t.previous : undefined);
  const before = new Map(FILE_MIRRORS.map((m) => [m.name, readTree(path.join(t.root, m.folder))]));

  const running = startChild(pushArgs(setup.site, FILE_MIRRORS), { env: ENV, ...(anytime ? { killAfterMs } : {}) });
  if (!anytime) killAtChange(running, t.root, () => true, killAt);
  const killed = await running.done;
  result.maxRunMs = killed.ms;
  if (!killed.killed) {
    result.scenario += ' (finished before the kill)';
    if (killed.code !== 0) note(result.unclear, 'push', [`exit ${killed.code} without being killed: ${killed.stderr.trim()}`]);
  }
  result.midWrite = killed.killed && (checkMirrors(result, t, FILE_MIRRORS, 'after the kill')
    || FILE_MIRRORS.some((m) => {
      const now = readTree(path.join(t.root, m.folder));
      const same = (a: Tree, b: Tree) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
      return !same(now, before.get(m.name)!) && !same(now, t.clean.get(m.name)!);
    }));

  const rerun = await runChild(pushArgs(setup.site, FILE_MIRRORS), { env: ENV });
  result.maxRunMs = Math.max(result.maxRunMs, rerun.ms);
  if (rerun.code !== 0) note(result.unclear, 'push after the kill', [`exit ${rerun.code}: ${rerun.stderr.trim()}`]);
  compareMirrors(result, t, FILE_MIRRORS, 'after the rerun');
  return result;
}

/** Per-request faults of a trial: light (a few percent of requests fail, push should cope) or a storm from some request on (push should give up clearly). */
function faultPlan(random: Random, requests: number): { name: string; fault: (index: number) => ProxyAction } {
  if (random.chance(0.25)) {
    const from = random.int(0, requests);
    return {
      name: `storm of 500 and 503 Retry-After 120 from request ${from}`,
      fault: (index) => (index < from ? 'pass' : random.chance(0.5) ? { status: 500 } : { status: 503, retryAfter: '120' }),
    };
  }
  const table: [number, ProxyAction][] = [
    [0.008, 'drop-before'], [0.008, 'drop-after'], [0.004, 'stall'], [0.004, 'slow-answer'],
    [0.01, { status: 500 }], [0.01, { status: 503, retryAfter: '1' }],
  ];
  return {
    name: 'light faults (4.4% of requests: drops, stalls, slow answers, 500, 503 Retry-After 1)',
    fault: () => {
      let roll = random.next();
      for (const [p, action] of table) {
        if (roll < p) return action;
        roll -= p;
      }
      return 'pass';
    },
  };
}

/** A failed push must say which mirror failed and what to do, with exit code 1, and no stack trace. */
function judgeFailure(run: ChildRun): string[] {
  const problems: string[] = [];
  if (run.code !== 1) problems.push(`exit code ${run.code}, expected 1`);
  if (!/mirror (?:iris|iitp)-dav\b/.test(run.stderr)) problems.push('the message names no mirror');
  if (!run.stderr.includes('Run gongbo push again')) problems.push('the message does not say to run push again');
  if (/^\s+at .+[:(]\d+:\d+\)?$/m.test(run.stderr)) problems.push('a stack trace was printed');
  if (run.stderr.includes(DAV_PASSWORD)) problems.push('the password was printed');
  return problems.map((p) => `${p}: ${run.stderr.trim().split('\n').slice(-4).join(' / ')}`);
}

export async function runDavPushTrial(setup: PushSetup, seed: number): Promise<TrialResult> {
  const random = createRandom(seed);
  const start = pickStart(seed);
  const t = setup.dav;
  const plan = faultPlan(random, t.requests[start]);
  const killAt = random.chance(0.6) ? random.int(0, t.requests[start]) : undefined;
  // Before the request reaches the server, after it answered, or halfway through sending its body.
  const killAction = random.pick<ProxyAction>(['kill-before', 'kill-after', 'kill-mid-body']);
  const result = newResult('push-webdav', seed, `WebDAV push to ${start === 'empty' ? 'empty mirrors' : 'mirrors holding the previous version'}, ${plan.name}${killAt === undefined ? '' : `, killed at request ${killAt} (${killAction})`}`);
  await restore(t.root, start === 'previous' ? t.previous : undefined);
  const dav = await startDav(t.root);
  const { proxy } = setup;
  proxy.upstreamPort = dav.port;
  proxy.reset();
  try {
    proxy.decide = ({ index }) => (index === killAt ? killAction : plan.fault(index));
    const running = startChild([DRIVER, setup.site, ...DAV_MIRRORS.map((m) => m.name)], { env: ENV, killAfterMs: HANG_MS });
    proxy.onKill = running.kill;
    const run = await running.done;
    proxy.decide = () => 'pass';
    proxy.onKill = () => {};
    result.maxRunMs = run.ms;
    const faults = [...proxy.faults].filter(([name]) => !name.startsWith('kill')).map(([name, n]) => `${n}× ${name}`).join(', ');
    result.scenario += `; ${proxy.requests} requests${faults ? `, faults: ${faults}` : ''}`;
    if (run.killed && run.ms >= HANG_MS) note(result.unclear, 'push', [`still running after ${HANG_MS / 1000} s`]);
    else if (run.killed) result.scenario += '; killed';
    else if (run.code === 0) {
      result.scenario += '; finished';
      compareMirrors(result, t, DAV_MIRRORS, 'after the faulty push said it finished');
    } else {
      const said = run.stderr.split('\n').find((line) => /^mirror /.test(line) && !line.includes('trying again')) ?? run.stderr.trim().split('\n')[0] ?? '';
      result.scenario += `; failed (exit ${run.code}): "${said.slice(0, 200)}"`;
      note(result.unclear, 'faulty push', judgeFailure(run));
    }
    result.midWrite = checkMirrors(result, t, DAV_MIRRORS, 'after the faulty push');
    proxy.reset();

    const rerun = await runChild(pushArgs(setup.site, DAV_MIRRORS), { env: ENV });
    result.maxRunMs = Math.max(result.maxRunMs, rerun.ms);
    if (rerun.code !== 0) note(result.unclear, 'push without faults', [`exit ${rerun.code}: ${rerun.stderr.trim()}`]);
    compareMirrors(result, t, DAV_MIRRORS, 'after the rerun');
  } finally {
    proxy.reset();
    await dav.close();
  }
  return result;
}

