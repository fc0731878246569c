// Sleeps until a moment on the wall clock, in short slices, so a clock that jumps or a machine that slept never makes it late.
import { setTimeout as sleep } from 'node:timers/promises';

/** Where time comes from: the system's, or a test's. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    try {
      await sleep(ms, undefined, signal ? { signal } : {});
    } catch {
      // Aborted: the caller looks at its signal.
    }
  },
};

/** Longest single sleep: the clock is read again at least this often. */
export const MAX_SLEEP_MS = 60_000;

/**
 * Resolve once `clock` reads `at` or later, or `signal` aborts. Timers run on a monotonic clock,
 * which neither follows a change of the wall clock nor always counts while the machine sleeps:
 * one long timer could wake minutes late. Each slice is at most `maxSliceMs`, and the time left is
 * computed again from the wall clock after every slice.
 */
export async function sleepUntil(at: number, options: { clock?: Clock; signal?: AbortSignal; maxSliceMs?: number } = {}): Promise<void> {
  const clock = options.clock ?? systemClock;
  const slice = options.maxSliceMs ?? MAX_SLEEP_MS;
  for (;;) {
    if (options.signal?.aborted) return;
    const left = at - clock.now();
    if (left <= 0) return;
    await clock.sleep(Math.min(left, slice), options.signal);
  }
}
