// The library entry of `gongbo push`: checks the build, deploys the origin, then pushes every selected mirror its share.
import path from 'node:path';
import didYouMean from 'didyoumean2';
import { checkSite } from '../build.js';
import { LOCALES, ORIGIN, type MirrorConfig, type SiteConfig } from '../model.js';
import { fileMirrorFolder, isWithin, realPath } from '../config/load-config.js';
import { checkBuildFresh } from './check-build-fresh.js';
import { DEFAULT_LOCK_TIMING, type LockTiming } from './mirror-lock.js';
import { openTransport } from './open-transport.js';
import { MirrorError, PushRefusedError } from './push-errors.js';
import { pushMirror, type MirrorPushResult, type PushEvent } from './push-mirror.js';
import { resolveCredentials, type Credentials } from './resolve-credentials.js';
import { restoreBuild } from './restore-build.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-request.js';
import { scrubSecrets } from './scrub-secrets.js';
import { targetLabel } from './format-push.js';
import { errorParam, mapPhrase } from '../i18n/phrased-error.js';
import { phrase, type Phrase } from '../i18n/say.js';
import { selectMirrorFiles, selectOriginFiles } from './select-mirror-files.js';

export interface PushOptions {
  /** The site folder (holding `gongbo.config.yaml`). */
  cwd: string;
  /** The build to push, relative to `cwd` unless absolute. Default `dist`. */
  out?: string;
  /** Names of the mirrors to push (`origin` for `site.deploy`). Default: the origin, if deployed, and every mirror. */
  mirrors?: string[];
  /** Read the mirrors and report the plan, changing nothing. Default `false`. */
  dryRun?: boolean;
  /** Where the credentials named in the config are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Progress, retries and warnings as they happen. Default: none. */
  onEvent?: (event: PushEvent) => void;
  /** Stops the push: requests in flight are aborted, the mirrors keep what arrived. Default: none. */
  signal?: AbortSignal;
  /** Requests in flight at once, per mirror. Default 4. */
  concurrency?: number;
  /**
   * Timeouts and backoff of mirror requests. Default `DEFAULT_RETRY_POLICY`; a mirror's `timeout`
   * and `retry_budget` in the config win over `requestTimeoutMs` and `maxTotalMs`.
   */
  retry?: Partial<RetryPolicy>;
  /**
   * Waiting for another push's lock, staleness and refresh of locks. Default `DEFAULT_LOCK_TIMING`;
   * a mirror's `lock_wait` in the config wins over `waitMs`.
   */
  lock?: Partial<LockTiming>;
  /** Least time between two writes of the in-progress journal on a mirror. Default 1000 ms. */
  journalIntervalMs?: number;
  /** Time a WebSub hub may take to answer a ping. Default 10 000 ms. */
  hubTimeoutMs?: number;
}

export interface PushResult {
  /** `true` when every mirror succeeded. */
  ok: boolean;
  /** One result per pushed mirror, in config order; the origin (named `origin`) first. */
  mirrors: MirrorPushResult[];
}

/**
 * Push the build in `options.out` to the origin's deploy target, then to the selected mirrors, all
 * at once. The origin goes first, so a mirror never carries a release before the site its pages
 * name as canonical; when the origin fails, the mirrors wait for the next push. Throws
 * `PushRefusedError` before touching anything when the site is invalid, the build is missing or
 * stale, or a mirror name is unknown; a mirror that fails is reported in its result while the
 * others finish.
 */
export async function pushSite(options: PushOptions): Promise<PushResult> {
  validateOptions(options);
  const root = path.resolve(options.cwd);
  const distDir = path.resolve(root, options.out ?? 'dist');
  const checked = await checkSite({ cwd: root });
  if (!checked.ok || !checked.config) {
    const first = checked.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => ({ place: `${f.path}:${m.line ?? 1}:${m.column ?? 1}`, message: m.phrase ?? m.reason })))[0];
    throw new PushRefusedError('invalid-site', phrase('push.refused.invalidSite', first ?? { place: '?', message: '' }));
  }
  const config = checked.config;
  const origin = originTarget(config);
  const targets = [...(origin ? [origin] : []), ...config.mirrors];
  const names = options.mirrors ?? targets.map((m) => m.name);
  for (const name of names) {
    if (targets.some((m) => m.name === name)) continue;
    const known = targets.map((m) => m.name);
    const guess = didYouMean(name, known);
    const hint = name === ORIGIN ? phrase('push.refused.originHint') : '';
    throw new PushRefusedError('unknown-mirror', known.length === 0
      ? phrase('push.refused.noMirrors', { name, hint })
      : guess ? phrase('push.refused.unknownMirrorGuess', { name, guess, list: known.join(', '), hint })
        : phrase('push.refused.unknownMirror', { name, list: known.join(', '), hint }));
  }
  const selected = targets.filter((m) => names.includes(m.name));
  // Also before a dry run: what it reports must be what a push would send.
  await restoreBuild(distDir, root);
  const build = realPath(distDir);
  for (const mirror of selected) {
    if (!mirror.url.startsWith('file:')) continue;
    const folder = realPath(fileMirrorFolder(mirror.url, root));
    if (isWithin(folder, build) || isWithin(build, folder)) {
      const which = mirror.name === ORIGIN ? phrase('push.refused.deployTarget', { url: mirror.url }) : phrase('push.refused.mirrorAt', { name: mirror.name, url: mirror.url });
      throw new PushRefusedError('mirror-in-build', phrase(isWithin(folder, build) ? 'push.refused.liesInBuild' : 'push.refused.holdsBuild', {
        which, out: path.relative(root, distDir) || '.',
      }));
    }
  }
  const manifest = await checkBuildFresh(root, distDir);
  const policyOf = (mirror: MirrorConfig): RetryPolicy => ({
    ...DEFAULT_RETRY_POLICY, ...options.retry,
    ...(mirror.timeoutMs !== undefined ? { requestTimeoutMs: mirror.timeoutMs } : {}),
    ...(mirror.retryBudgetMs !== undefined ? { maxTotalMs: mirror.retryBudgetMs } : {}),
  });
  const lockOf = (mirror: MirrorConfig): LockTiming => ({
    ...DEFAULT_LOCK_TIMING, ...options.lock,
    ...(mirror.lockWaitMs !== undefined ? { waitMs: mirror.lockWaitMs } : {}),
  });
  const env = options.env ?? process.env;

  const pushOne = async (mirror: MirrorConfig, skip?: Phrase): Promise<MirrorPushResult> => {
    let credentials: Credentials = { header: undefined, source: undefined, secrets: [] };
    // The origin is pushed as a mirror named `origin`: its messages name it as the config does.
    const scrub = (text: string) => relabel(mirror.name, scrubSecrets(text, credentials.secrets));
    const onEvent = options.onEvent && ((event: PushEvent) => {
      if (event.type === 'warning' || event.type === 'waiting') event = { ...event, message: scrub(event.message), said: mapPhrase(event.said, scrub) };
      if (event.type === 'retry') {
        const said = event.notice.said;
        event = { ...event, notice: { ...event.notice, reason: scrub(event.notice.reason), ...(said === undefined ? {} : { said: typeof said === 'string' ? scrub(said) : mapPhrase(said, scrub) }) } };
      }
      if (event.type === 'done') scrubResult(event.result, scrub);
      options.onEvent!(event);
    });
    try {
      if (skip) throw new MirrorError(mirror.name, 'skipped', skip);
      if (!mirror.url.startsWith('file:')) credentials = resolveCredentials(mirror, env);
      const transport = openTransport({
        mirror, root, credentials, policy: policyOf(mirror), signal: options.signal,
        onRetry: onEvent && ((notice) => onEvent({ type: 'retry', mirror: mirror.name, notice })),
      });
      const result = await pushMirror({
        mirror, transport, distDir,
        files: mirror.name === ORIGIN && origin ? selectOriginFiles(checked.notices, manifest) : selectMirrorFiles(mirror, checked.notices, manifest),
        hubs: config.hubs,
        dryRun: options.dryRun ?? false,
        concurrency: options.concurrency ?? 4,
        journalIntervalMs: options.journalIntervalMs ?? 1000,
        hubTimeoutMs: options.hubTimeoutMs,
        lock: lockOf(mirror),
        signal: options.signal,
        onEvent,
      });
      return scrubResult(result, scrub);
    } catch (error) {
      const failure = error instanceof MirrorError ? error : new MirrorError(mirror.name, 'config',
        phrase('push.failed', { target: targetLabel(mirror.name), message: errorParam(error) }), { cause: error });
      const result: MirrorPushResult = {
        mirror: mirror.name, location: '', ok: false, dryRun: options.dryRun ?? false,
        uploaded: 0, deleted: 0, unchanged: 0, bytes: 0, ms: 0, pinged: [], warnings: [], error: failure,
      };
      scrubResult(result, scrub);
      onEvent?.({ type: 'done', mirror: mirror.name, result });
      return result;
    }
  };

  const first = selected.find((m) => m.name === ORIGIN);
  const originResult = first ? await pushOne(first) : undefined;
  // A dry run changes nothing, so the mirrors' plans are worth seeing whatever the origin's.
  const skip = originResult && !originResult.ok && !originResult.dryRun;
  const results = await Promise.all(selected.filter((m) => m !== first).map((m) => pushOne(m, skip ? phrase('push.skipped', { target: targetLabel(m.name) }) : undefined)));
  const all = [...(originResult ? [originResult] : []), ...results];
  return { ok: all.every((r) => r.ok), mirrors: all };
}

/** The origin as push sees it: a mirror at the site's own URL that takes every language and category. */
function originTarget(config: SiteConfig): MirrorConfig | undefined {
  const deploy = config.site.deploy;
  if (!deploy) return undefined;
  return { ...deploy, name: ORIGIN, publicUrl: config.site.url, languages: [...LOCALES], categories: config.categories };
}

/** Messages of the transports say `mirror <name>` and `mirrors.<name>.`: for the origin, say what the config says. */
function relabel(name: string, text: string): string {
  if (name !== ORIGIN) return text;
  return text.replace(/\bmirror origin\b/g, 'origin').replace(/\bmirrors\.origin\.url\b/g, 'site.deploy').replace(/\bmirrors\.origin\./g, 'site.deploy.');
}

/** Belt and braces: messages are built without secrets, but one might arrive from a server's answer. */
function scrubResult(result: MirrorPushResult, scrub: (text: string) => string): MirrorPushResult {
  if (result.error) {
    result.error.phrase = mapPhrase(result.error.phrase, scrub);
    result.error.message = scrub(result.error.message);
  }
  result.warnings = result.warnings.map(scrub);
  result.location = scrub(result.location);
  return result;
}

function validateOptions(options: PushOptions): void {
  const got = (value: unknown) => `\`${String(value)}\` (${Array.isArray(value) ? 'array' : typeof value})`;
  if (!options || typeof options.cwd !== 'string') throw new TypeError(`Expected \`options.cwd\` to be a folder path, got ${got(options?.cwd)}`);
  if (options.out !== undefined && typeof options.out !== 'string') throw new TypeError(`Expected \`options.out\` to be a folder path, got ${got(options.out)}`);
  if (options.mirrors !== undefined && !(Array.isArray(options.mirrors) && options.mirrors.every((m) => typeof m === 'string'))) {
    throw new TypeError(`Expected \`options.mirrors\` to be a list of mirror names, got ${got(options.mirrors)}`);
  }
  if (options.concurrency !== undefined && !(Number.isInteger(options.concurrency) && options.concurrency >= 1)) {
    throw new TypeError(`Expected \`options.concurrency\` to be a whole number >= 1, got ${got(options.concurrency)}`);
  }
  const numbers: [string, unknown][] = [
    ['journalIntervalMs', options.journalIntervalMs], ['hubTimeoutMs', options.hubTimeoutMs],
    ...Object.entries(options.retry ?? {}).map(([k, v]): [string, unknown] => [`retry.${k}`, v]),
    ...Object.entries(options.lock ?? {}).map(([k, v]): [string, unknown] => [`lock.${k}`, v]),
  ];
  for (const [name, value] of numbers) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`Expected \`options.${name}\` to be a finite number >= 0, got ${got(value)}`);
    }
  }
}
