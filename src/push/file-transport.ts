// The file: transport: a mirror that is a local folder (the sample config's default), written atomically.
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MirrorError } from './push-errors.js';
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
export function mirrorFolder(url: string, root: string): string {
  const rest = url.replace(/^file:/, '');
  if (rest.startsWith('//')) return fileURLToPath(url);
  return path.resolve(root, decodeURIComponent(rest));
}

/**
 * A mirror in a local folder. Each file is written to a temporary name and renamed into place, so
 * a partner reading the folder (or serving it) never sees half a file.
 */
export function createFileTransport(options: FileTransportOptions): MirrorTransport {
  const { mirror, signal } = options;
  const folder = mirrorFolder(options.url, options.root);
  let counter = 0;

  const target = (file: string): string => {
    const full = path.resolve(folder, ...file.split('/'));
    if (full !== folder && !full.startsWith(folder + path.sep)) {
      throw new TypeError(`Expected a path inside the mirror folder, got \`${file}\``);
    }
    return full;
  };

  async function guard<T>(action: string, file: string, run: () => Promise<T>): Promise<T> {
    if (signal?.aborted) {
      throw new MirrorError(mirror, 'aborted', `mirror ${mirror}: push was interrupted during ${action} ${file}`, { cause: signal.reason });
    }
    try {
      return await run();
    } catch (error) {
      if (error instanceof TypeError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'an error';
      throw new MirrorError(mirror, 'io', `mirror ${mirror} could not ${action} ${file} in ${folder} (${code})`, { cause: error });
    }
  }

  return {
    location: folder,

    get: (file) => guard('read', file, async () => {
      try {
        return new Uint8Array(await readFile(target(file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    }),

    head: (file) => guard('read', file, async () => {
      try {
        return { size: (await stat(target(file))).size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    }),

    put: (file, data) => guard('write', file, async () => {
      const full = target(file);
      await mkdir(path.dirname(full), { recursive: true });
      const temp = path.join(path.dirname(full), `.${path.basename(full)}.gongbo-${process.pid}-${counter++}`);
      try {
        await writeFile(temp, data);
        await rename(temp, full);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    }),

    delete: (file) => guard('delete', file, () => rm(target(file), { force: true })),

    prune: (folders) => guard('tidy', 'folders', async () => {
      // Deepest first, so a folder emptied by removing its empty children goes too. rmdir refuses
      // folders that still hold anything, including files a partner put there.
      for (const dir of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
        if (!dir) continue;
        try {
          await rmdir(target(dir));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
        }
      }
    }),
  };
}
