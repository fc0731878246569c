// The PDF cache: finished PDFs (and social cards' PNGs) on disk, named by the hash of everything they are made from.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PdfCache {
  /** The PDF stored under `key`, or `undefined` (also for a damaged entry). */
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Delete every entry not in `keep`, so the cache never grows past one build's PDFs. */
  prune(keep: Set<string>): Promise<void>;
}

const KEY = /^[0-9a-f]{64}$/;

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new TypeError(`Expected a cache key of 64 hex digits, got \`${key}\``);
}

/** A whole PDF starts with `%PDF-` and ends with `%%EOF`: anything else is a write cut short. */
function isWholePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 16))).toString('latin1');
  return head === '%PDF-' && tail.includes('%%EOF');
}

/** What a cache holds: the files' extension, and how a whole file is told from a write cut short. */
export interface CacheFormat {
  extension: string;
  isWhole: (bytes: Uint8Array) => boolean;
}

export const PDF_FORMAT: CacheFormat = { extension: '.pdf', isWhole: isWholePdf };

/** Open (and create on first write) the cache in `dir`. */
export function openPdfCache(dir: string, format: CacheFormat = PDF_FORMAT): PdfCache {
  const { extension, isWhole } = format;
  const file = (key: string) => path.join(dir, `${key}${extension}`);
  return {
    async get(key) {
      checkKey(key);
      try {
        const bytes = await readFile(file(key));
        return isWhole(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
      } catch {
        return undefined;
      }
    },
    async put(key, bytes) {
      checkKey(key);
      await mkdir(dir, { recursive: true });
      // Write then rename: a build killed mid-write leaves a stray temporary file, never a half PDF.
      const temp = `${file(key)}.${process.pid}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, file(key));
    },
    async prune(keep) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      await Promise.all(names
        .filter((name) => !(name.endsWith(extension) && keep.has(name.slice(0, -extension.length))))
        .map((name) => rm(path.join(dir, name), { force: true })));
    },
  };
}
