// `gongbo publish --watch`: publish, sleep until the next embargo lifts or a source changes, publish again.
import path from 'node:path';
import { keepSourcesRead } from '../load/read-source.js';
import { watch as watchFiles } from 'chokidar';
import { CONFIG_FILE } from '../config/load-config.js';
import { publishSite, type PublishOptions, type PublishResult } from './publish-site.js';
import type { NextEmbargo } from './next-embargo.js';
import { MAX_SLEEP_MS, sleepUntil, systemClock } from './sleep-until.js';

export interface WatchOptions extends PublishOptions {
  /** Stops watching; a publish under way is interrupted (targets keep what arrived). Required. */
  signal: AbortSignal;
  /** Wait after a failed publish before the next try; doubled after each failure in a row. Default 5 000 ms. */
  retryMinMs?: number;
  /** Longest wait between two tries after failures. Default 300 000 ms (5 minutes). */
  retryMaxMs?: number;
  /** Longest single sleep before the clock is read again. Default 60 000 ms. */
  maxSleepMs?: number;
  /** Watch `notices/`, `locales/` and the config, and publish after a change. Default `true`. */
  watchSources?: boolean;
  /** Quiet time after a change before publishing, so one save of many files is one publish. Default 300 ms. */
  debounceMs?: number;
  onWatch?: (event: WatchEvent) => void;
}

export type WatchEvent =
  | { type: 'published'; result: PublishResult }
  /** A publish threw (a file system or lock problem): it is tried again like a failed push. */
  | { type: 'error'; error: unknown }
  /**
   * Sleeping until `until` (absent: until a change): the next embargo to lift, and when a failed
   * publish is tried again (`retryAt`, after `failures` failures in a row).
   */
  | {
    type: 'waiting'; until?: number; embargo?: NextEmbargo; retryAt?: number; failures: number; watching: boolean;
    /** The sources have errors: the embargo's lift will release nothing unless they are fixed first. */
    blocked?: boolean;
  }
  | { type: 'changed'; paths: string[] };

/**
 * Publish now, then every time an embargo lifts or a source changes, until `signal` aborts.
 * A failed publish (a target down, a push refused) is tried again after 5 s, 10 s, 20 s … up to
 * 5 minutes, for as long as it keeps failing; one with errors in the sources waits for a change,
 * since publishing it again cannot help. Resolves when stopped.
 */
export async function watchPublish(options: WatchOptions): Promise<void> {
  // Builds follow one another in this process: read again only the files that changed.
  keepSourcesRead();
  validateOptions(options);
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  const retryMinMs = options.retryMinMs ?? 5_000;
  const retryMaxMs = options.retryMaxMs ?? 300_000;
  const emit = (event: WatchEvent) => options.onWatch?.(event);
  const root = path.resolve(options.cwd);
  const { retryMinMs: _a, retryMaxMs: _b, maxSleepMs: _c, watchSources: _d, debounceMs: _e, onWatch: _f, ...publishOptions } = options;

  // A change arriving while a publish runs is kept, and publishes as soon as that one ends.
  let changed: string[] = [];
  let wake = new AbortController();
  let debounce: NodeJS.Timeout | undefined;
  const watching = options.watchSources ?? true;
  const watcher = watching
    ? watchFiles(['notices', 'locales', CONFIG_FILE].map((p) => path.join(root, p)), { ignoreInitial: true })
    : undefined;
  watcher?.on('all', (_event, file) => {
    changed.push(path.relative(root, file).split(path.sep).join('/'));
    clearTimeout(debounce);
    debounce = setTimeout(() => wake.abort(), options.debounceMs ?? 300);
  });
  // Errors of the watcher (a folder removed, too many files) must not end the process: time still wakes it.
  watcher?.on('error', () => {});
  if (watcher) await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  let failures = 0;
  try {
    while (!signal.aborted) {
      changed = [];
      wake = new AbortController();
      let result: PublishResult | undefined;
      try {
        result = await publishSite({ ...publishOptions, clock, signal });
        emit({ type: 'published', result });
      } catch (error) {
        if (signal.aborted) break;
        emit({ type: 'error', error });
      }
      if (signal.aborted) break;
      const contentErrors = result !== undefined && !result.build.ok;
      failures = result?.ok || contentErrors ? 0 : failures + 1;
      const retryAt = failures > 0 ? clock.now() + Math.min(retryMaxMs, retryMinMs * 2 ** (failures - 1)) : undefined;
      // With errors in the sources no lift can publish anything, but the watch still wakes at the
      // next one: a release missed must be said when it is missed, not found out later.
      const embargo = result?.nextEmbargo;
      const until = Math.min(retryAt ?? Infinity, embargo?.at ?? Infinity);
      if (changed.length > 0 && !signal.aborted) {
        emit({ type: 'changed', paths: [...new Set(changed)].sort() });
        continue;
      }
      emit({
        type: 'waiting', failures, watching,
        ...(until !== Infinity ? { until } : {}),
        ...(embargo ? { embargo } : {}),
        ...(retryAt !== undefined ? { retryAt } : {}),
        ...(contentErrors ? { blocked: true } : {}),
      });
      const stop = AbortSignal.any([signal, wake.signal]);
      if (until === Infinity) {
        if (!watching) break;
        await new Promise<void>((resolve) => stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true }));
      } else {
        await sleepUntil(until, { clock, signal: stop, maxSliceMs: options.maxSleepMs ?? MAX_SLEEP_MS });
      }
      if (wake.signal.aborted && changed.length > 0 && !signal.aborted) emit({ type: 'changed', paths: [...new Set(changed)].sort() });
    }
  } finally {
    clearTimeout(debounce);
    await watcher?.close();
  }
}

function validateOptions(options: WatchOptions): void {
  const got = (value: unknown) => `\`${String(value)}\` (${typeof value})`;
  if (!options || typeof options.cwd !== 'string') throw new TypeError(`Expected \`options.cwd\` to be a folder path, got ${got(options?.cwd)}`);
  if (!(options.signal instanceof AbortSignal)) throw new TypeError(`Expected \`options.signal\` to be an AbortSignal (a watch runs until it aborts), got ${got(options.signal)}`);
  for (const name of ['retryMinMs', 'retryMaxMs', 'maxSleepMs', 'debounceMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`Expected \`options.${name}\` to be a finite number >= 0, got ${got(value)}`);
    }
  }
  if (options.maxSleepMs === 0) throw new TypeError('Expected `options.maxSleepMs` to be above 0, got `0` (number)');
}
