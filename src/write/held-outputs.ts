// Outputs made before the build may write them, kept in a scratch file until then, not in memory.
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * A cold build renders notices while it validates them (each file is then parsed once), but writes
 * nothing until every notice is known to be free of errors. What is made meanwhile waits here: one
 * scratch file, appended to, with each value's place in memory, so that memory holds a few numbers
 * per notice however large its pages.
 */
export class HeldOutputs<T> {
  readonly #file: string;
  #fd: number | undefined;
  #end = 0;
  readonly #places = new Map<string, [number, number]>();

  /** `file`: the scratch file, made on the first `put` and removed by `close`. */
  constructor(file: string) {
    this.#file = file;
  }

  put(id: string, value: T): void {
    if (this.#fd === undefined) {
      mkdirSync(path.dirname(this.#file), { recursive: true });
      this.#fd = openSync(this.#file, 'w+');
    }
    const bytes = Buffer.from(JSON.stringify(value), 'utf8');
    writeSync(this.#fd, bytes, 0, bytes.length, this.#end);
    this.#places.set(id, [this.#end, bytes.length]);
    this.#end += bytes.length;
  }

  has(id: string): boolean {
    return this.#places.has(id);
  }

  /** The value put under `id`, once (the place is forgotten). */
  take(id: string): T | undefined {
    const place = this.#places.get(id);
    if (!place || this.#fd === undefined) return undefined;
    this.#places.delete(id);
    const bytes = Buffer.allocUnsafe(place[1]);
    readSync(this.#fd, bytes, 0, place[1], place[0]);
    return JSON.parse(bytes.toString('utf8')) as T;
  }

  close(): void {
    this.#places.clear();
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#file, { force: true });
  }
}
