// Outputs made before the build may write them, kept in a scratch file until then, not in memory.
import { ScratchFile, type Span } from './scratch-file.js';

/**
 * A cold build renders notices while it validates them (each file is then parsed once), but writes
 * nothing until every notice is known to be free of errors. What is made meanwhile waits here, in a
 * scratch file, with each value's place in memory: memory holds a few numbers per notice however
 * large its pages.
 */
export class HeldOutputs<T> {
  #file: ScratchFile | undefined;
  readonly #places = new Map<string, Span>();
  readonly #dir: string;

  /** `dir`: where its scratch file goes (the site's cache folder). */
  constructor(dir: string) {
    this.#dir = dir;
  }

  put(id: string, value: T): void {
    this.#file ??= new ScratchFile(this.#dir, '.held-');
    this.#places.set(id, this.#file.write(Buffer.from(JSON.stringify(value), 'utf8')));
  }

  /** The value put under `id`, once (the place is forgotten). */
  take(id: string): T | undefined {
    const place = this.#places.get(id);
    if (!place || !this.#file) return undefined;
    this.#places.delete(id);
    return JSON.parse(this.#file.read(place).toString('utf8')) as T;
  }

  close(): void {
    this.#places.clear();
    this.#file?.close();
    this.#file = undefined;
  }
}
