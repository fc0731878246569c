// Looks at a path in a site folder before reading it: only regular files, within limits, are read.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { formatLimit } from './limits.js';
import { phrase, type Phrase } from '../i18n/say.js';

/** What a path in the site folder turned out to be. `reason` completes "`name` …" (keys `path.*`). */
export type Entry =
  | { type: 'missing' }
  | { type: 'file'; size: number; real: string; id: string; changedMs: number }
  | { type: 'folder'; real: string; id: string; changedMs: number }
  | { type: 'refused'; reason: Phrase };

/** Errors that say something about the path itself, not about the machine. */
const PATH_ERRORS: Record<string, Phrase> = {
  EACCES: phrase('path.denied'),
  EPERM: phrase('path.denied'),
  ELOOP: phrase('path.loop'),
  ENAMETOOLONG: phrase('path.nameTooLong'),
};

/** "a named pipe (FIFO)": what a path is, for a message. */
export function describeKind(stats: Stats): Phrase {
  if (stats.isFIFO()) return phrase('kind.fifo');
  if (stats.isCharacterDevice()) return phrase('kind.characterDevice');
  if (stats.isBlockDevice()) return phrase('kind.blockDevice');
  if (stats.isSocket()) return phrase('kind.socket');
  if (stats.isDirectory()) return phrase('kind.folder');
  return phrase('kind.special');
}

/** "is a named pipe (FIFO), not a regular file". */
export function notRegular(stats: Stats): Phrase {
  return phrase('path.notRegular', { kind: describeKind(stats) });
}

/**
 * What `full` is, without opening it. A symbolic link is followed only when it leads to a place
 * inside `within` (never into a hidden `.folder` there); with `within` undefined, anywhere.
 */
export function inspectEntrySync(full: string, within?: string): Entry {
  let stats: Stats;
  let real = full;
  try {
    // Synchronous calls throughout: a build reads thousands of small files, and a trip through
    // libuv's thread pool per call costs more than the call itself.
    stats = lstatSync(full);
    if (stats.isSymbolicLink()) {
      const target = readlinkSync(full);
      try {
        real = realpathSync(full);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'ENOENT') return { type: 'refused', reason: phrase('path.brokenLink', { target }) };
        if (PATH_ERRORS[code]) return { type: 'refused', reason: PATH_ERRORS[code]! };
        throw error;
      }
      if (within !== undefined && !isInside(real, within)) {
        return { type: 'refused', reason: phrase('path.linkOutside', { target }) };
      }
      stats = statSync(real);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { type: 'missing' };
    if (PATH_ERRORS[code]) return { type: 'refused', reason: PATH_ERRORS[code]! };
    throw new Error(`Cannot look at ${full}`, { cause: error });
  }
  if (stats.isFile()) return { type: 'file', size: stats.size, real, id: identityOf(stats), changedMs: changedAt(stats) };
  if (stats.isDirectory()) return { type: 'folder', real, id: identityOf(stats), changedMs: changedAt(stats) };
  return { type: 'refused', reason: notRegular(stats) };
}

/**
 * Which file, with which bytes: device, inode, size and both times. Nothing sets a file's ctime
 * back, so the same identity later means the same bytes (see source-records.ts for the one caveat);
 * for a folder, the same entries (adding, removing or renaming one changes the folder's times).
 */
function identityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** A folder's identity, when `full` is one itself (not a link to one). */
export function folderIdentity(full: string): { id: string; changedMs: number } | undefined {
  const stats = lstatSync(full, { throwIfNoEntry: false });
  return stats?.isDirectory() ? { id: identityOf(stats), changedMs: changedAt(stats) } : undefined;
}

/** When the file last changed, as far as its times tell. */
function changedAt(stats: Stats): number {
  return Math.max(stats.mtimeMs, stats.ctimeMs);
}

function isInside(real: string, within: string): boolean {
  const relative = path.relative(within, real);
  if (relative === '') return true;
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return false;
  // Hidden folders (`.git`, `.private`) are not content, whatever links into them.
  return !relative.split(path.sep).some((part) => part.startsWith('.'));
}

export type ReadResult =
  | { type: 'missing' }
  | { type: 'refused'; reason: Phrase }
  | { type: 'too-large'; size: number }
  /** `id` and `changedMs` as inspectEntrySync gives them, of the file as opened (what the bytes are). */
  | { type: 'read'; bytes: Buffer; size: number; id: string; changedMs: number };

/** Whole files read before, by real path, in a process that keeps them (see keepSourcesRead). */
let kept: Map<string, { id: string; result: ReadResult }> | undefined;

/**
 * Keep whole files read in memory, by their identity (device, inode, size, times), so that the
 * next build of a long-running process (`serve`, `publish --watch`) reads only what changed. A
 * one-shot build does not: it would only hold every text twice.
 */
export function keepSourcesRead(): void {
  kept ??= new Map();
}

/** Told the path of every file read from disk (tests prove what a build did not read). */
const observers = new Set<(full: string) => void>();

/** Call `onRead` with the path of each file read from here on, until the returned function is called. */
export function observeReads(onRead: (full: string) => void): () => void {
  const own = (full: string) => onRead(full);
  observers.add(own);
  return () => void observers.delete(own);
}

/**
 * Read at most `limit` bytes of `full` when it is a regular file (see inspectEntrySync), or of its
 * first `limit` bytes with `head`. Opened non-blocking and checked again once open, so that a file
 * replaced by a named pipe in between cannot make the read wait forever.
 */
export async function readSource(full: string, limit: number, options: ReadOptions = {}): Promise<ReadResult> {
  return readSourceSync(full, limit, options);
}

export interface ReadOptions {
  within?: string;
  head?: boolean;
  /** What inspectEntrySync just found `full` to be, when the caller looked already. */
  entry?: Entry;
}

/** readSource, for a caller that cannot wait. */
export function readSourceSync(full: string, limit: number, options: ReadOptions = {}): ReadResult {
  const entry = options.entry ?? inspectEntrySync(full, options.within);
  if (entry.type === 'missing' || entry.type === 'refused') return entry;
  if (entry.type === 'folder') return { type: 'refused', reason: phrase('path.folder') };
  const known = !options.head ? kept?.get(entry.real) : undefined;
  if (known && known.id === entry.id) return known.result;
  const result = readEntry(full, entry, limit, options);
  if (kept && !options.head && result.type === 'read') kept.set(entry.real, { id: entry.id, result });
  return result;
}

function readEntry(full: string, entry: { real: string; size: number }, limit: number, options: { head?: boolean }): ReadResult {
  if (entry.size > limit && !options.head) return { type: 'too-large', size: entry.size };
  let handle: number;
  try {
    handle = openSync(entry.real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const reason = PATH_ERRORS[(error as NodeJS.ErrnoException).code ?? ''];
    if (reason) return { type: 'refused', reason };
    throw new Error(`Cannot open ${full}`, { cause: error });
  }
  try {
    const stats = fstatSync(handle);
    if (!stats.isFile()) return { type: 'refused', reason: notRegular(stats) };
    if (stats.size > limit && !options.head) return { type: 'too-large', size: stats.size };
    // Room for the size it has now and one byte more (to see it grew), not for the limit: an
    // archive reads thousands of files, and a megabyte each is gigabytes of garbage.
    const most = options.head ? Math.min(limit, stats.size) : limit + 1;
    let buffer = Buffer.alloc(Math.min(most, stats.size + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length >= most) break;
        const larger = Buffer.alloc(most);
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const bytesRead = readSync(handle, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (!options.head && filled > limit) return { type: 'too-large', size: Math.max(filled, stats.size) };
    for (const observer of observers) observer(full);
    return { type: 'read', bytes: buffer.subarray(0, filled), size: stats.size, id: identityOf(stats), changedMs: changedAt(stats) };
  } finally {
    closeSync(handle);
  }
}

/** Why a source file (a language file, the config) was not read, and what to do instead. */
export function explainUnreadable(
  result: { type: 'refused'; reason: Phrase } | { type: 'too-large'; size: number }, kind: 'language' | 'config', limit: number,
): Phrase {
  if (result.type === 'too-large') {
    return phrase(`unreadable.tooLarge.${kind}`, {
      mib: (result.size / (1024 * 1024)).toFixed(1), bytes: result.size.toLocaleString('en'), limit: formatLimit(limit),
    });
  }
  if (result.reason.key === 'path.linkOutside') return phrase('unreadable.linkOutside', { reason: result.reason });
  if (result.reason.key === 'path.brokenLink' || result.reason.key === 'path.loop') return phrase('unreadable.link', { reason: result.reason });
  return phrase('unreadable.other', { reason: result.reason });
}
