// What push needs from a mirror, as data: one interface, one implementation per URL scheme.

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
}

/** One request that is being retried, for progress output. */
export interface RetryNotice {
  /** e.g. `PUT ko/2026-01-05-alpha/index.html`. */
  request: string;
  /** Why the last attempt failed, e.g. `503 Service Unavailable`, `connection dropped`. */
  reason: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long push waits before the next attempt. */
  delayMs: number;
}
