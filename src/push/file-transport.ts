// The file: transport: a mirror that is a local folder (the sample config's default), written atomically.
import { lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileMirrorFolder } from '../config/load-config.js';
import { LOCK } from './mirror-lock.js';
import { MirrorError } from './push-errors.js';
import { targetLabel } from './format-push.js';
import { phrase } from '../i18n/say.js';
import type { MirrorTransport } from './transport.js';

export interface FileTransportOptions {
  mirror: string;
  /** The mirror's `url`: `file:mirrors/iris/` (relative to `root`), `file:/srv/iris/` or `file:///srv/iris/`. */
  url: string;
  /** The site folder, against which relative folders resolve. */
  root: string;
  signal?: AbortSignal | undefined;
}

/** The folder a `file:` mirror URL names. */
export const mirrorFolder = fileMirrorFolder;

/** Names of the temporary files `put` writes: `.<name>.gongbo-<pid>-<n>`. */
const TEMP_NAME = /^\..+\.gongbo-\d+-\d+$/;

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Why an operation stopped at a symbolic link, naming the path inside the mirror (never where it points). */
class LinkInMirror extends Error {
  constructor(readonly inside: string) {
    super(inside);
  }
}

/**
 * A mirror in a local folder. Each file is written to a temporary name and renamed into place, so
 * a partner reading the folder (or serving it) never sees half a file. Symbolic links inside the
 * folder are never followed: a link there could make push read, overwrite or delete files anywhere.
 */
export function createFileTransport(options: FileTransportOptions): MirrorTransport {
  const { mirror, signal } = options;
  const folder = mirrorFolder(options.url, options.root);
  let counter = 0;

  /**
   * Where `file` is, after checking each part of its path with lstat: a link is refused; a file
   * where a folder should be means `file` cannot exist (`blocked`). The folder itself may be a
   * link: that is where the config says the mirror is.
   */
  const target = async (file: string): Promise<{ full: string; blocked: boolean }> => {
    const parts = file.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) {
      throw new TypeError(`Expected a path inside the mirror folder, got \`${file}\``);
    }
    let current = folder;
    for (let i = 0; i < parts.length; i++) {
      current = path.join(current, parts[i]!);
      let info;
      try {
        info = await lstat(current);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return { full: path.join(folder, ...parts), blocked: false };
        if (code === 'ENOTDIR') return { full: path.join(folder, ...parts), blocked: true };
        throw error;
      }
      if (info.isSymbolicLink()) throw new LinkInMirror(parts.slice(0, i + 1).join('/'));
      if (i < parts.length - 1 && !info.isDirectory()) return { full: path.join(folder, ...parts), blocked: true };
    }
    return { full: current, blocked: false };
  };

  async function guard<T>(action: 'read' | 'write' | 'delete' | 'tidy' | 'list' | 'lock', file: string, run: () => Promise<T>, stoppable = true): Promise<T> {
    if (stoppable && signal?.aborted) {
      throw new MirrorError(mirror, 'aborted', phrase('push.interrupted', { target: targetLabel(mirror), request: phrase(`push.file.doing.${action}`, { file }) }), { cause: signal.reason });
    }
    try {
      return await run();
    } catch (error) {
      if (error instanceof TypeError || error instanceof MirrorError) throw error;
      if (error instanceof LinkInMirror) {
        throw new MirrorError(mirror, 'unsafe-path', phrase('push.file.link', { target: targetLabel(mirror), inside: error.inside, folder }));
      }
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      // Problems another run cannot fix by itself: the mirror's folder must change first.
      if (code === 'ENOTDIR') throw new MirrorError(mirror, 'config', phrase('push.file.notFolder', { target: targetLabel(mirror), folder, code }), { cause: error });
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        // The folder that refused: the one holding what was being written, made or removed, when
        // that is inside the mirror (a sub-folder made read-only is not the mirror's own).
        const at = (error as NodeJS.ErrnoException).path;
        const refused = typeof at === 'string' && at.startsWith(folder + path.sep) ? path.dirname(at) : folder;
        throw new MirrorError(mirror, 'config', phrase('push.file.denied', { target: targetLabel(mirror), folder: refused, code }), { cause: error });
      }
      throw new MirrorError(mirror, 'io', phrase(`push.file.${action}`, { target: targetLabel(mirror), file, folder, code }), { cause: error });
    }
  }

  const get = (file: string, stoppable = true) => guard('read', file, async () => {
    const { full, blocked } = await target(file);
    if (blocked) return undefined;
    try {
      return new Uint8Array(await readFile(full));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }, stoppable);

  const put = (file: string, data: Uint8Array) => guard('write', file, async () => {
    const { full } = await target(file);
    await mkdir(path.dirname(full), { recursive: true });
    // mkdir made real folders, but one may have been swapped for a link meanwhile: check again.
    await target(file);
    const temp = path.join(path.dirname(full), `.${path.basename(full)}.gongbo-${process.pid}-${counter++}`);
    try {
      // `wx` creates or fails: it never follows a link someone put at the temporary name.
      await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, full);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  });

  const remove = (file: string, stoppable = true) => guard('delete', file, async () => {
    const { full, blocked } = await target(file);
    // A file where one of its folders should be: the path holds nothing to delete.
    if (!blocked) await rm(full, { force: true });
  }, stoppable);

  return {
    location: folder,
    get: (file) => get(file),

    head: (file) => guard('read', file, async () => {
      const { full, blocked } = await target(file);
      if (blocked) return undefined;
      try {
        return { size: (await stat(full)).size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    }),

    put,
    delete: (file) => remove(file),

    prune: (folders) => guard('tidy', '', async () => {
      // Deepest first, so a folder emptied by removing its empty children goes too. rmdir refuses
      // folders that still hold anything, including files a partner put there.
      for (const dir of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
        if (!dir) continue;
        const { full, blocked } = await target(dir);
        if (blocked) continue;
        try {
          await rmdir(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
        }
      }
    }),

    findLeftovers: () => guard('list', '', async () => {
      const found: string[] = [];
      const visit = async (dir: string, rel: string): Promise<void> => {
        let entries;
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          throw error;
        }
        for (const entry of entries) {
          const child = rel ? `${rel}/${entry.name}` : entry.name;
          // Dirents of links are neither files nor folders: links are never entered.
          if (entry.isDirectory()) await visit(path.join(dir, entry.name), child);
          else if (entry.isFile() && TEMP_NAME.test(entry.name)) found.push(child);
        }
      };
      await visit(folder, '');
      return found.sort();
    }),

    lock: {
      path: LOCK,
      create: (data) => guard('lock', LOCK, async () => {
        await mkdir(folder, { recursive: true });
        const { full } = await target(LOCK);
        let handle;
        try {
          // O_EXCL: of two pushes racing, exactly one creates it (also on NFS v3 and later).
          handle = await open(full, 'wx');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw error;
        }
        try {
          await handle.writeFile(data);
        } catch (error) {
          // An empty lock makes the next push wait for it to age: it goes with the failed write.
          await handle.close();
          await rm(full, { force: true });
          throw error;
        }
        await handle.close();
        return true;
      }),
      // Reading and removing the lock ignore the push's signal: an interrupted push still releases it.
      read: async () => {
        const bytes = await get(LOCK, false);
        return bytes && bytes.byteLength > 0 ? bytes : undefined;
      },
      write: (data) => guard('lock', LOCK, async () => {
        const { full } = await target(LOCK);
        const temp = path.join(folder, `.${LOCK}.gongbo-${process.pid}-${counter++}`);
        try {
          await writeFile(temp, data, { flag: 'wx' });
          // Replaced only while it is there: a refresh must not make a lock that is gone again.
          // (Between this look and the rename, only a takeover of a lock judged stale can remove it.)
          if (!(await exists(full))) return false;
          await rename(temp, full);
          return true;
        } finally {
          await rm(temp, { force: true });
        }
      }),
      remove: () => remove(LOCK, false),
    },
  };
}
