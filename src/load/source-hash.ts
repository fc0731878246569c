// The hash of a language file's text, computed once however many keys include it.
import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';

const hashes = new WeakMap<VFile, string>();

/**
 * A build names each notice's text in several keys (what validated it, its outputs, each page):
 * at archive scale, hashing 4,000 texts once per key was a tenth of a rebuild's time.
 */
export function sourceHash(file: VFile): string {
  let hash = hashes.get(file);
  if (hash === undefined) hashes.set(file, (hash = textHash(String(file.value))));
  return hash;
}

/** The hash of `text` as sourceHash names it. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Give `file` the hash its text is known to have (recorded when it was last read), so that naming
 * it in a key does not read it: `file.value` of an unchanged source is read only if something uses it.
 */
export function knowSourceHash(file: VFile, hash: string): void {
  hashes.set(file, hash);
}
