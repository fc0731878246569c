// Before push reads a build: put back the site a build killed in the middle of its swap took away.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FolderLockedError, holderPhrase, lockFolder } from '../write/lock-folder.js';
import { recoverInterruptedSwap } from '../write/write-site.js';
import { PushRefusedError } from './push-errors.js';
import { phrase } from '../i18n/say.js';

/**
 * A build swaps its output in with two renames (`dist` → `.dist.old-<pid>`, then the new folder →
 * `dist`): Node has no atomic exchange of folders. A build killed between them leaves no `dist/`,
 * only the previous site beside it. Put it back, under the build lock of `distDir`, so that a build
 * running now (which may be between its own two renames) finishes first. Costs one stat when
 * `dist/` is there.
 */
export async function restoreBuild(distDir: string, root: string, wait = 30_000): Promise<void> {
  if (existsSync(distDir) || !hasPreviousSite(distDir)) return;
  let lock;
  try {
    lock = await lockFolder(distDir, { command: 'push', wait });
  } catch (error) {
    if (!(error instanceof FolderLockedError)) throw error;
    const holder = error.holder ? holderPhrase(error.holder) : phrase('folderLock.anotherProcess');
    throw new PushRefusedError('no-build', phrase('push.refused.buildBusy', { out: path.relative(root, distDir) || distDir, holder, seconds: wait / 1000 }));
  }
  try {
    await recoverInterruptedSwap(distDir, { locked: true });
  } finally {
    await lock.release();
  }
}

function hasPreviousSite(distDir: string): boolean {
  const prefix = `.${path.basename(distDir)}.old-`;
  try {
    return readdirSync(path.dirname(distDir)).some((name) => name.startsWith(prefix));
  } catch {
    return false;
  }
}
