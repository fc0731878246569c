// Runs one mirror request with retries: exponential backoff with jitter, Retry-After, a time budget.
import { seconds, targetLabel } from './format-push.js';
import { phrase, render, type Phrase } from '../i18n/say.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { MirrorError, type MirrorFailureKind } from './push-errors.js';
import type { RetryNotice } from './transport.js';

/** How hard push tries before it gives up on a request. */
export interface RetryPolicy {
  /** Time one attempt may take before it counts as failed. Default 30 000 ms. */
  requestTimeoutMs: number;
  /** Backoff before the second attempt; doubled for each later one. Default 500 ms. */
  minDelayMs: number;
  /** Longest backoff between two attempts (a longer `Retry-After` is still honoured). Default 10 000 ms. */
  maxDelayMs: number;
  /**
   * No new attempt starts once this much time has passed since the first, so a request ends at the
   * latest `maxTotalMs + requestTimeoutMs` after it began. Default 120 000 ms: several times the
   * timeout, so that a request that timed out is tried again.
   */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  requestTimeoutMs: 30_000,
  minDelayMs: 500,
  maxDelayMs: 10_000,
  maxTotalMs: 120_000,
};

/** A failure worth another attempt: connection trouble, a timeout, a 5xx or 429 answer. */
export class TransientFailure extends Error {
  override name = 'TransientFailure';
  readonly kind: MirrorFailureKind;
  /** What went wrong, completing "mirror <name> …"; `message` is its English rendering. */
  readonly phrase: Phrase;
  /** Short reason for progress lines, e.g. `503 Service Unavailable` (English). */
  readonly reason: string;
  /** The short reason in any language: an HTTP status stays as the server said it. */
  readonly said: Phrase | string;
  /** What the server asked for with `Retry-After`, if anything. */
  readonly retryAfterMs: number | undefined;
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;

  /** `said` completes "mirror <name> …" when push gives up, e.g. `answered 503 … to PUT ko/x`. */
  constructor(kind: MirrorFailureKind, said: Phrase, reason: Phrase | string, details: { retryAfterMs?: number | undefined; status?: number } = {}, options?: ErrorOptions) {
    super(render(said, 'en'), options);
    this.kind = kind;
    this.phrase = said;
    this.said = reason;
    this.reason = typeof reason === 'string' ? reason : render(reason, 'en');
    this.retryAfterMs = details.retryAfterMs;
    this.status = details.status;
  }
}

export interface RetryOptions {
  mirror: string;
  policy: RetryPolicy;
  /** e.g. `PUT ko/2026-01-05-alpha/index.html`, for retry notices. */
  request: string;
  /** Aborts the request and every later attempt. */
  signal?: AbortSignal | undefined;
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Source of randomness for jitter, replaceable in tests. Default `Math.random`. */
  random?: () => number;
}

/**
 * Run `attempt` until it succeeds, throws something other than a `TransientFailure`, or the budget
 * is spent. Each attempt gets its own signal that fires on timeout or when `options.signal` aborts.
 */
export async function retryRequest<T>(attempt: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, mirror } = options;
  const random = options.random ?? Math.random;
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    throwIfAborted(options);
    const timeout = AbortSignal.timeout(policy.requestTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let failure: TransientFailure;
    try {
      return await attempt(signal);
    } catch (error) {
      throwIfAborted(options, error);
      if (timeout.aborted) {
        const time = seconds(policy.requestTimeoutMs);
        failure = new TransientFailure('unreachable', phrase('push.transient.timeout', { request: options.request, time }),
          phrase('push.reason.noAnswerWithin', { time }), {}, { cause: error });
      } else if (error instanceof TransientFailure) {
        failure = error;
      } else {
        throw error;
      }
    }
    const elapsed = performance.now() - started;
    // "Equal jitter": half the backoff is fixed, half random, so retries of many files spread out.
    const backoff = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (tries - 1));
    const delay = failure.retryAfterMs ?? backoff / 2 + random() * (backoff / 2);
    if (elapsed + delay > policy.maxTotalMs) {
      const asked = failure.retryAfterMs !== undefined && elapsed + failure.retryAfterMs > policy.maxTotalMs
        ? phrase('push.gaveUpAsked', { time: seconds(failure.retryAfterMs) }) : '';
      throw new MirrorError(mirror, failure.kind,
        phrase('push.gaveUp', { target: targetLabel(mirror), failure: failure.phrase, count: tries, time: seconds(elapsed), asked }),
        { cause: failure });
    }
    options.onRetry?.({ request: options.request, reason: failure.reason, said: failure.said, attempt: tries, delayMs: delay });
    try {
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      throwIfAborted(options, error);
      throw error;
    }
  }
}

function throwIfAborted(options: RetryOptions, cause?: unknown): void {
  if (options.signal?.aborted) {
    throw new MirrorError(options.mirror, 'aborted', phrase('push.interrupted', { target: targetLabel(options.mirror), request: options.request }), { cause: cause ?? options.signal.reason });
  }
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; `undefined` if absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
