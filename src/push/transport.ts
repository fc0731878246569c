// What push needs from a mirror, as data: one interface, one implementation per URL scheme.
import type { Phrase } from '../i18n/say.js';

/** Size of a file on the mirror, as far as the transport can tell without downloading it. */
export interface RemoteStat {
  /** `undefined` when the server did not say. */
  size?: number;
}

/**
 * A mirror's storage. Paths are relative to the mirror root, with `/`, never starting with `/` or
 * holding `..`. Every method retries transient failures itself and throws a `MirrorError` when it
 * gives up, so the push protocol above it only sees success or a final, explained failure.
 */
export interface MirrorTransport {
  /** Where the mirror is, safe to print (no credentials). */
  readonly location: string;
  /** The file's bytes, or `undefined` when it does not exist. */
  get(path: string): Promise<Uint8Array | undefined>;
  /** The file's size, or `undefined` when it does not exist. */
  head(path: string): Promise<RemoteStat | undefined>;
  /** Create or replace the file; parent folders are created as needed. */
  put(path: string, data: Uint8Array): Promise<void>;
  /** Remove the file; a file that is already gone is not an error. */
  delete(path: string): Promise<void>;
  /** Remove folders left empty by deletions, where the transport can do so safely. Optional. */
  prune?(folders: string[]): Promise<void>;
  /**
   * Temporary files that pushes killed mid-write left on the mirror (only names this transport
   * itself writes, never a partner's files). Optional: transports whose writes leave none omit it.
   */
  findLeftovers?(): Promise<string[]>;
  /**
   * Remove what uploads of `paths`, cut off by a killed push, may have left under a temporary name.
   * Optional: for transports that cannot list their leftovers but know where each upload would have
   * gone (WebDAV servers without PROPFIND). A name holding nothing is not an error.
   */
  dropUploads?(paths: readonly string[]): Promise<void>;
  /** The mirror's lock, taken on the mirror itself so pushes from different machines exclude each other. */
  readonly lock: LockStore;
}

/** Where a mirror keeps its lock: one create-if-absent record. */
export interface LockStore {
  /** Where the lock is, relative to the mirror root, for messages. */
  readonly path: string;
  /** Create the lock holding `data`, atomically; `false` when a lock exists already. */
  create(data: Uint8Array): Promise<boolean>;
  /** The lock's content; `undefined` when there is none or it has no content yet. */
  read(): Promise<Uint8Array | undefined>;
  /**
   * Replace the content of a lock this push holds (to refresh its time). Never creates one: `false`
   * when the lock is gone (removed by a takeover, or released), so a late refresh can't leave a lock behind.
   */
  write(data: Uint8Array): Promise<boolean>;
  /** Remove the lock; a lock already gone is not an error. */
  remove(): Promise<void>;
}

/** One request that is being retried, for progress output. */
export interface RetryNotice {
  /** e.g. `PUT ko/2026-01-05-alpha/index.html`. */
  request: string;
  /** Why the last attempt failed, e.g. `503 Service Unavailable`, `connection dropped` (English). */
  reason: string;
  /** The same reason in any language. */
  said?: Phrase | string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long push waits before the next attempt. */
  delayMs: number;
}
