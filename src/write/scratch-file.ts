// An append-only file of bytes a build holds for later, outside memory and outside the site.
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Where one value's bytes are in a scratch file. */
export interface Span {
  offset: number;
  length: number;
}

/**
 * A file whose name is removed as soon as it is open where the system allows (the file lives as
 * long as its descriptor), so that a build killed meanwhile leaves nothing behind, however much it
 * held. It goes in the site's cache folder, not the system's temporary folder, which is memory on
 * systems that mount it as tmpfs.
 */
export class ScratchFile {
  #dir: string | undefined;
  #fd: number;
  #size = 0;

  /** In a new folder in `parent` named from `prefix` (seen only where an open file's name cannot go). */
  constructor(parent: string, prefix: string) {
    mkdirSync(parent, { recursive: true });
    const dir = mkdtempSync(path.join(parent, prefix));
    this.#fd = openSync(path.join(dir, 'held'), 'w+');
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      this.#dir = dir; // Windows keeps an open file's name: removed on close instead.
    }
  }

  write(bytes: Uint8Array): Span {
    let written = 0;
    while (written < bytes.byteLength) written += writeSync(this.#fd, bytes, written, bytes.byteLength - written, this.#size + written);
    const span = { offset: this.#size, length: bytes.byteLength };
    this.#size += bytes.byteLength;
    return span;
  }

  read(span: Span): Buffer {
    const bytes = Buffer.allocUnsafe(span.length);
    let read = 0;
    while (read < span.length) {
      const n = readSync(this.#fd, bytes, read, span.length - read, span.offset + read);
      if (n === 0) throw new Error('A build\'s scratch file ended early');
      read += n;
    }
    return bytes;
  }

  close(): void {
    closeSync(this.#fd);
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }
}
