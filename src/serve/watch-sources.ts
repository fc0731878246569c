// Which saves `gongbo serve` rebuilds for: the site's sources, however an editor writes them.
import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { CACHE_DIR } from '../build.js';
import { CONFIG_FILE } from '../config/load-config.js';
import { NOTICES_DIR } from '../load/load-notices.js';
import { PhrasedError } from '../i18n/phrased-error.js';
import { phrase } from '../i18n/say.js';

/** The folders whose files are sources; everything else in the site (dist/, the cache, mirrors) is gongbo's output or not its business. */
const SOURCE_FOLDERS = [NOTICES_DIR, 'locales'];

/**
 * Files editors write next to the one being saved and remove again: vim's swap files (`.x.swp`,
 * `.x.swo`…), its probe file `4913` and backups `x~`, Emacs's lock and autosave files (`.#x`, `#x#`),
 * temporary files (`x.tmp`, GNU `sed -i`'s `sedXXXXXX`, JetBrains' `x___jb_tmp___` and
 * `x___jb_old___`). The save itself is the rename or write of the real file, which is seen.
 */
const EDITOR_LEFTOVER = /(^\..*\.sw[a-p]$)|(~$)|(^4913$)|(^\.#)|(^#.*#$)|(\.tmp$)|(^sed[A-Za-z0-9]{6}$)|(___jb_(tmp|old)___$)/i;

/** The path relative to the site with `/`, when it is a source or a folder holding sources; otherwise `undefined`. */
export function sourcePath(root: string, file: string): string | undefined {
  const relative = path.relative(root, file).split(path.sep).join('/');
  if (relative === '') return relative;
  if (relative.startsWith('../') || path.isAbsolute(relative)) return undefined;
  const [top] = relative.split('/');
  if (relative !== CONFIG_FILE && !SOURCE_FOLDERS.includes(top!)) return undefined;
  return EDITOR_LEFTOVER.test(path.posix.basename(relative)) ? undefined : relative;
}

/**
 * Where `flush` writes its markers: in the cache, which no build reads as a source, watched by the
 * same watcher as the sources so that a marker's events queue behind theirs.
 */
const MARKERS = `${CACHE_DIR}/serve-watch`;

export interface SourceWatcher {
  /** Resolves once every source folder is watched: a save after this is never missed. */
  ready: Promise<void>;
  /**
   * Resolves once every change made to the sources before it was called has been passed to
   * `onChange`, however late the system delivers it: a told wait, not a guessed delay.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the site-relative path of every source added, changed or removed, from
 * in-place writes as much as from rename-over saves (`sed -i`, vim, "safe write"), including folders
 * made after watching started. Node's own `fs.watch` loses a file once it has been renamed over.
 */
export function watchSources(root: string, onChange: (relative: string) => void, onError: (error: unknown) => void): SourceWatcher {
  const markers = path.join(root, MARKERS);
  const isMarker = (file: string) => path.dirname(file) === markers;
  mkdirSync(markers, { recursive: true });
  const watcher: FSWatcher = watch([root, markers], {
    ignoreInitial: true,
    // Never walks into what is not a source: node_modules/, dist/, the cache, mirrors' folders.
    ignored: (file) => file !== markers && !isMarker(file) && sourcePath(root, file) === undefined,
    // A rename-over is an unlink and an add of the same name: reported as one change.
    atomic: true,
  });
  /** What each `flush` waits to hear: a marker's `add`, then its `unlink`, by `event:name`. */
  const awaited = new Map<string, () => void>();
  const hear = (event: string, name: string) => new Promise<void>((resolve) => awaited.set(`${event}:${name}`, resolve));
  watcher.on('all', (event, file) => {
    if (isMarker(file)) {
      const key = `${event}:${path.basename(file)}`;
      awaited.get(key)?.();
      awaited.delete(key);
      return;
    }
    const relative = sourcePath(root, file);
    if (relative) onChange(relative);
  });
  watcher.on('error', (error) => onError(watchFailure(error)));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  let closed = false;
  let stopped = () => {};
  const closing = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  let marked = 0;
  /**
   * The system delivers a watcher's events in the order they happened, so a marker written now is
   * heard after every earlier save. Its removal is heard last of all: the watcher holds removals
   * back for a moment (to tell a rename-over from a deletion) and then reports every one it holds,
   * a deleted notice's with the marker's.
   */
  const flush = async () => {
    await Promise.race([ready, closing]);
    if (closed) return;
    const name = `${process.pid}-${marked += 1}`;
    const file = path.join(markers, name);
    const added = hear('add', name);
    await writeFile(file, '');
    await Promise.race([added, closing]);
    const removed = hear('unlink', name);
    await rm(file, { force: true });
    await Promise.race([removed, closing]);
  };
  return {
    ready,
    flush,
    close: () => {
      closed = true;
      stopped();
      return watcher.close();
    },
  };
}

/** What to tell the person when watching fails: saves would go unseen, so say why and what to do. */
export function watchFailure(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EMFILE') {
    return new PhrasedError(phrase('serveWatch.limit', { code }), { cause: error });
  }
  return new PhrasedError(phrase('serveWatch.failed'), { cause: error });
}

/**
 * The watcher drops a file's further change events for this long after reporting one: a rebuild
 * must not start sooner, or it could read a save that is still being written and never hear of
 * the rest.
 */
export const CHANGE_QUIET_MS = 50;
