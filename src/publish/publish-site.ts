// `gongbo publish` as a library: build the site as of now, then push it (origin first, then mirrors).
import { buildSite, type BuildResult } from '../build.js';
import type { BuildOptions } from '../model.js';
import { PushRefusedError } from '../push/push-errors.js';
import { pushSite, type PushOptions, type PushResult } from '../push/push-site.js';
import { findNextEmbargo, type NextEmbargo } from './next-embargo.js';
import { systemClock, type Clock } from './sleep-until.js';

export interface PublishOptions extends Omit<PushOptions, 'dryRun' | 'mirrors'> {
  /** Render PDFs. Default `true`. */
  pdf?: boolean;
  /** What "now" is for embargoes. Default: the system clock. */
  clock?: Clock;
  /** Milliseconds to wait for another process writing the output folder. Default `30_000`. */
  lockWait?: number;
  onLockWait?: BuildOptions['onLockWait'];
  onPdfProgress?: BuildOptions['onPdfProgress'];
}

export interface PublishResult {
  /** `true` when the build had no error and every push target took it. */
  ok: boolean;
  /** The instant the build published as of. */
  now: number;
  build: BuildResult;
  /** Absent when the build failed or the push was refused. */
  push?: PushResult;
  /** Why push refused to start (a source changed during the build, say). */
  refused?: PushRefusedError;
  /** The next embargo to lift after `now`, among the notices without errors. */
  nextEmbargo?: NextEmbargo;
}

/**
 * Build, then push. Cheap when nothing changed: the build reuses every output whose inputs are
 * unchanged, and push sends only files whose content differs from what each target holds.
 */
export async function publishSite(options: PublishOptions): Promise<PublishResult> {
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const build = await buildSite({
    cwd: options.cwd,
    now: new Date(now),
    ...(options.out !== undefined ? { out: options.out } : {}),
    ...(options.pdf !== undefined ? { pdf: options.pdf } : {}),
    ...(options.lockWait !== undefined ? { lockWait: options.lockWait } : {}),
    ...(options.onLockWait ? { onLockWait: options.onLockWait } : {}),
    ...(options.onPdfProgress ? { onPdfProgress: options.onPdfProgress } : {}),
  });
  const nextEmbargo = findNextEmbargo(build.notices, now);
  const base = { now, build, ...(nextEmbargo ? { nextEmbargo } : {}) };
  if (!build.ok) return { ...base, ok: false };
  const { pdf: _pdf, clock: _clock, lockWait: _lockWait, onLockWait: _onLockWait, onPdfProgress: _onPdfProgress, ...pushOptions } = options;
  try {
    const push = await pushSite({ ...pushOptions, out: build.outDir });
    return { ...base, ok: push.ok, push };
  } catch (error) {
    if (error instanceof PushRefusedError) return { ...base, ok: false, refused: error };
    throw error;
  }
}
