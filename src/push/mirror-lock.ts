// One writer at a time per mirror: a lock record created on the mirror itself, refreshed while a push runs.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { seconds, targetLabel } from './format-push.js';
import { phrase, type Phrase } from '../i18n/say.js';
import { MirrorError } from './push-errors.js';
import type { MirrorTransport } from './transport.js';

/** Name of the lock on the mirror (a file on `file:` mirrors, a collection on WebDAV); never in a manifest. */
export const LOCK = '.gongbo-push.lock';

/** What a lock says about the push holding it. */
export interface LockHolder {
  id: string;
  host: string;
  pid: number;
  /** When the push took the lock (ISO). */
  since: string;
  /** When the push last said it is alive (ISO). */
  refreshed: string;
}

export interface LockTiming {
  /** How long a push waits for another to release the mirror. Default 30 000 ms. */
  waitMs: number;
  /** A lock not refreshed for this long is stale, whoever holds it. Default 600 000 ms (10 minutes). */
  staleMs: number;
  /** How often a push refreshes its lock. Default 60 000 ms. */
  refreshMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { waitMs: 30_000, staleMs: 600_000, refreshMs: 60_000 };

/** Ids of the locks this process holds: a lock of this pid with another id was left by an earlier push of it. */
const heldHere = new Set<string>();

/** A lock whose content has not appeared this long is one whose creator died between two steps. */
const OWNERLESS_STALE_MS = 10_000;
/** How long a lock may lack its record before a waiting push says so. */
const OWNER_DELAY_MS = 400;
/** Longest pause between two looks at a lock another push holds. */
const POLL_MS = 1000;

export interface AcquireLockOptions {
  mirror: string;
  transport: MirrorTransport;
  timing: LockTiming;
  signal?: AbortSignal | undefined;
  /** Said once when the push starts waiting for another. */
  onWait?: ((said: Phrase) => void) | undefined;
  /** Said when a dead push's lock is taken over. */
  onTakeover?: ((said: Phrase) => void) | undefined;
}

/** A lock this push holds. `check()` throws once another push has taken it over. */
export interface HeldLock {
  check(): void;
  /** Stop refreshing and remove the lock if it is still this push's. */
  release(): Promise<void>;
}

/**
 * Take the mirror's lock: create it if absent; else wait up to `timing.waitMs` for its holder,
 * taking it over at once when the holder is a dead process on this host, or when it has not been
 * refreshed for `timing.staleMs` (a holder on another machine can't be asked whether it lives).
 */
export async function acquireMirrorLock(options: AcquireLockOptions): Promise<HeldLock> {
  const { mirror, transport, timing } = options;
  const store = transport.lock;
  const host = os.hostname();
  const id = randomUUID();
  const started = Date.now();
  const since = new Date().toISOString();
  const record = (): Uint8Array => Buffer.from(`${JSON.stringify({
    about: 'gongbo push holds this mirror; removed when it ends', version: 1, id, host, pid: process.pid, since, refreshed: new Date().toISOString(),
  })}\n`, 'utf8');

  const target = targetLabel(mirror);
  let ownerlessSince: number | undefined;
  let waiting = false;
  let takeovers = 0;
  for (;;) {
    if (options.signal?.aborted) throw new MirrorError(mirror, 'aborted', phrase('push.lock.interrupted', { target }));
    if (await store.create(record())) return hold();
    const bytes = await store.read();
    const holder = parseHolder(bytes);
    const now = Date.now();
    if (holder) ownerlessSince = undefined;
    else ownerlessSince ??= now;
    const stale = holder ? staleReason(holder, host, now, timing.staleMs)
      : now - ownerlessSince! >= OWNERLESS_STALE_MS ? phrase('push.lock.stale.ownerless', { time: seconds(now - ownerlessSince!) }) : undefined;
    if (stale && takeovers < 3) {
      // Only the lock judged stale is removed: one taken meanwhile by a live push reads differently.
      const again = await store.read();
      if (sameBytes(again, bytes)) {
        takeovers++;
        await store.remove();
        ownerlessSince = undefined;
        options.onTakeover?.(phrase('push.lock.takeover', { target, lock: describe(holder, store.path), why: stale }));
      }
      continue;
    }
    const waited = now - started;
    if (!holder && now - ownerlessSince! < OWNER_DELAY_MS && waited < timing.waitMs) {
      // Most likely caught between the lock's creation and its record: look again before saying so.
      await sleep(OWNER_DELAY_MS / 4);
      continue;
    }
    // Said before giving up too: on a busy machine the first look can outlast a short wait.
    if (!waiting && timing.waitMs > 0) {
      waiting = true;
      options.onWait?.(phrase('push.lock.waiting', { target, lock: describe(holder, store.path), time: seconds(timing.waitMs) }));
    }
    if (waited >= timing.waitMs) {
      throw new MirrorError(mirror, 'locked', phrase('push.lock.gaveUp', { target, lock: describe(holder, store.path), time: seconds(waited), path: store.path }));
    }
    try {
      await sleep(Math.min(POLL_MS, timing.waitMs - waited), undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      // Aborted: said at the top of the loop.
    }
  }

  function hold(): HeldLock {
    heldHere.add(id);
    let lost: MirrorError | undefined;
    let refreshing: Promise<void> = Promise.resolve();
    const lose = (holder: LockHolder | undefined) => {
      lost ??= new MirrorError(mirror, 'locked', phrase('push.lock.lost', { target, lock: describe(holder, store.path) }));
    };
    const refresh = async () => {
      const holder = parseHolder(await store.read());
      if (holder?.id !== id) return lose(holder);
      if (!(await store.write(record()))) lose(undefined);
    };
    // A failed refresh is tried again at the next tick; only a lock taken by another stops the push.
    const timer = setInterval(() => {
      refreshing = refreshing.then(refresh).catch(() => undefined);
    }, timing.refreshMs);
    timer.unref();
    return {
      check() {
        if (lost) throw lost;
      },
      async release() {
        clearInterval(timer);
        // A refresh still running would write the record again after the removal: it ends first.
        await refreshing;
        try {
          if (lost) return;
          // Looked at after each removal, not assumed gone: a lock left behind keeps every later push
          // waiting. A second removal covers a write of ours the server applied late (an attempt given up on).
          for (let removals = 0; parseHolder(await store.read())?.id === id; removals++) {
            if (removals === 2) throw new MirrorError(mirror, 'io', phrase('push.lock.stillThere', { target, path: store.path }));
            await store.remove();
          }
        } finally {
          heldHere.delete(id);
        }
      },
    };
  }
}

export interface RemoveStaleLockOptions {
  mirror: string;
  transport: MirrorTransport;
  timing: LockTiming;
  /** Said when a stale lock was removed. */
  onRemoved?: ((said: Phrase) => void) | undefined;
}

/**
 * For a push with nothing to send, which takes no lock: remove a lock a dead push left (one killed
 * after its last change, or that could not remove it), as a push with work would take it over. A
 * live push's lock, and one whose record is not written yet, are left alone; nothing is written.
 */
export async function removeStaleLock(options: RemoveStaleLockOptions): Promise<void> {
  const store = options.transport.lock;
  const bytes = await store.read();
  const holder = parseHolder(bytes);
  if (!holder) return;
  const stale = staleReason(holder, os.hostname(), Date.now(), options.timing.staleMs);
  // Read again: a lock taken meanwhile by a live push reads differently.
  if (!stale || !sameBytes(await store.read(), bytes)) return;
  await store.remove();
  options.onRemoved?.(phrase('push.lock.removedStale', { target: targetLabel(options.mirror), lock: describe(holder, store.path), why: stale }));
}

function parseHolder(bytes: Uint8Array | undefined): LockHolder | undefined {
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<LockHolder>;
    if (typeof value.id !== 'string' || typeof value.host !== 'string' || !Number.isInteger(value.pid)
      || typeof value.since !== 'string' || typeof value.refreshed !== 'string' || Number.isNaN(Date.parse(value.refreshed))) return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

/** Why `holder` no longer holds the mirror, or `undefined` while it may still be pushing. */
function staleReason(holder: LockHolder, host: string, now: number, staleMs: number): Phrase | undefined {
  if (holder.host === host && holder.pid !== process.pid && !isRunning(holder.pid)) return phrase('push.lock.stale.dead', { pid: holder.pid });
  if (holder.host === host && holder.pid === process.pid && !heldHere.has(holder.id)) return phrase('push.lock.stale.leftBehind');
  const age = now - Date.parse(holder.refreshed);
  if (age >= staleMs) return phrase('push.lock.stale.old', { age: seconds(age), limit: seconds(staleMs) });
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(holder: LockHolder | undefined, where: string): Phrase {
  if (!holder) return phrase('push.lock.noOwner', { path: where });
  return phrase('push.lock.held', { path: where, pid: holder.pid, host: holder.host, since: holder.since, refreshed: holder.refreshed });
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}
