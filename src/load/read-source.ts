// Looks at a path in a site folder before reading it: only regular files, within limits, are read.
import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatLimit } from './limits.js';

/** What a path in the site folder turned out to be. `reason` completes "`name` …". */
export type Entry =
  | { type: 'missing' }
  | { type: 'file'; size: number; real: string }
  | { type: 'folder'; real: string }
  | { type: 'refused'; reason: string };

/** Errors that say something about the path itself, not about the machine. */
const PATH_ERRORS: Record<string, string> = {
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  ELOOP: 'is a symbolic link that leads back to itself',
  ENAMETOOLONG: 'has a name too long for the file system',
};

/** "a named pipe (FIFO)": what a path is, for a message. */
export function describeKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a device (character special file)';
  if (stats.isBlockDevice()) return 'a device (block special file)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'a special file';
}

/**
 * What `full` is, without opening it. A symbolic link is followed only when it leads to a place
 * inside `within` (never into a hidden `.folder` there); with `within` undefined, anywhere.
 */
export async function inspectEntry(full: string, within?: string): Promise<Entry> {
  let stats: Stats;
  let real = full;
  try {
    stats = await lstat(full);
    if (stats.isSymbolicLink()) {
      const target = await readlink(full);
      try {
        real = await realpath(full);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'ENOENT') return { type: 'refused', reason: `is a symbolic link to \`${target}\`, which does not exist` };
        if (PATH_ERRORS[code]) return { type: 'refused', reason: PATH_ERRORS[code]! };
        throw error;
      }
      if (within !== undefined && !isInside(real, within)) {
        return { type: 'refused', reason: `is a symbolic link to \`${target}\`, outside the \`notices/\` folder` };
      }
      stats = await stat(real);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { type: 'missing' };
    if (PATH_ERRORS[code]) return { type: 'refused', reason: PATH_ERRORS[code]! };
    throw new Error(`Cannot look at ${full}`, { cause: error });
  }
  if (stats.isFile()) return { type: 'file', size: stats.size, real };
  if (stats.isDirectory()) return { type: 'folder', real };
  return { type: 'refused', reason: `is ${describeKind(stats)}, not a regular file` };
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
  | { type: 'refused'; reason: string }
  | { type: 'too-large'; size: number }
  | { type: 'read'; bytes: Buffer; size: number };

/**
 * Read at most `limit` bytes of `full` when it is a regular file (see inspectEntry), or of its
 * first `limit` bytes with `head`. Opened non-blocking and checked again once open, so that a file
 * replaced by a named pipe in between cannot make the read wait forever.
 */
export async function readSource(full: string, limit: number, options: { within?: string; head?: boolean } = {}): Promise<ReadResult> {
  const entry = await inspectEntry(full, options.within);
  if (entry.type === 'missing' || entry.type === 'refused') return entry;
  if (entry.type === 'folder') return { type: 'refused', reason: 'is a folder, not a regular file' };
  if (entry.size > limit && !options.head) return { type: 'too-large', size: entry.size };
  const handle = await open(entry.real, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (PATH_ERRORS[error.code ?? '']) return PATH_ERRORS[error.code ?? '']!;
    throw new Error(`Cannot open ${full}`, { cause: error });
  });
  if (typeof handle === 'string') return { type: 'refused', reason: handle };
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { type: 'refused', reason: `is ${describeKind(stats)}, not a regular file` };
    if (stats.size > limit && !options.head) return { type: 'too-large', size: stats.size };
    // One byte more than allowed tells a file that grew since stat from one that fits. Room for
    // what stat saw (and that byte), not for the limit: every build reads every language file.
    const most = options.head ? Math.min(limit, stats.size) : limit + 1;
    let buffer = Buffer.alloc(Math.min(most, stats.size + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length >= most) break;
        // It grew since stat: make room for more, up to the limit.
        buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(most, buffer.length * 2) - buffer.length)]);
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (!options.head && filled > limit) return { type: 'too-large', size: Math.max(filled, stats.size) };
    return { type: 'read', bytes: buffer.subarray(0, filled), size: stats.size };
  } finally {
    await handle.close();
  }
}

/** Why a source file (a language file, the config) was not read, and what to do instead. */
export function explainUnreadable(
  result: { type: 'refused'; reason: string } | { type: 'too-large'; size: number }, kind: 'a language file' | 'the config', limit: number,
): string {
  if (result.type === 'too-large') {
    const fix = kind === 'the config' ? 'it should hold settings only' : 'keep images and documents in `files/` and link to them';
    return `This file is ${(result.size / (1024 * 1024)).toFixed(1)} MiB (${result.size.toLocaleString('en')} bytes); ${kind} may be at most ${formatLimit(limit)}: ${fix}`;
  }
  if (/^is a symbolic link .*outside/.test(result.reason)) {
    return `This file ${result.reason}: put the text itself in this file, since gongbo follows links only within \`notices/\``;
  }
  if (result.reason.startsWith('is a symbolic link')) return `This file ${result.reason}: fix the link, or put the file itself here`;
  return `This file ${result.reason}: replace it with a text file saved as UTF-8`;
}
