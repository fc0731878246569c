// Typed errors of `gongbo push`, so callers (the CLI, tests) can tell refusals from mirror failures.
import { PhrasedError } from '../i18n/phrased-error.js';
import type { Phrase } from '../i18n/say.js';

/** Why the whole push was refused before any mirror was touched. */
export type PushRefusalCode = 'no-build' | 'stale-build' | 'invalid-site' | 'unknown-mirror' | 'mirror-in-build';

/** The push as a whole cannot start: no build, a stale build, invalid sources, an unknown mirror. */
export class PushRefusedError extends PhrasedError {
  override name = 'PushRefusedError';
  readonly code: PushRefusalCode;

  constructor(code: PushRefusalCode, said: Phrase, options?: ErrorOptions) {
    super(said, options);
    this.code = code;
  }
}

/**
 * How one mirror failed; `unreachable` and `http` failures were retried until the time budget ran
 * out. `locked`: another push held the mirror's lock; `unsafe-path`: a symbolic link in a `file:` mirror;
 * `skipped`: not tried, because the origin (`site.deploy`) failed first.
 */
export type MirrorFailureKind = 'auth' | 'credentials-missing' | 'unreachable' | 'http' | 'aborted' | 'io' | 'config' | 'locked' | 'unsafe-path' | 'skipped';

/** One mirror could not be pushed. The message starts with `mirror <name>` (or `origin`) and never holds a secret. */
export class MirrorError extends PhrasedError {
  override name = 'MirrorError';
  readonly mirror: string;
  readonly kind: MirrorFailureKind;

  constructor(mirror: string, kind: MirrorFailureKind, said: Phrase, options?: ErrorOptions) {
    super(said, options);
    this.mirror = mirror;
    this.kind = kind;
  }
}
