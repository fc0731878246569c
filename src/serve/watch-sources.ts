// Which saves `gongbo serve` rebuilds for: the site's sources, however an editor writes them.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
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

export interface SourceWatcher {
  /** Resolves once every source folder is watched: a save after this is never missed. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the site-relative path of every source added, changed or removed, from
 * in-place writes as much as from rename-over saves (`sed -i`, vim, "safe write"), including folders
 * made after watching started. Node's own `fs.watch` loses a file once it has been renamed over.
 */
export function watchSources(root: string, onChange: (relative: string) => void, onError: (error: unknown) => void): SourceWatcher {
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    // Never walks into what is not a source: node_modules/, dist/, the cache, mirrors' folders.
    ignored: (file) => sourcePath(root, file) === undefined,
    // A rename-over is an unlink and an add of the same name: reported as one change.
    atomic: true,
  });
  watcher.on('all', (_event, file) => {
    const relative = sourcePath(root, file);
    if (relative) onChange(relative);
  });
  watcher.on('error', (error) => onError(watchFailure(error)));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
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
