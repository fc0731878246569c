// Refuses to push a build that is missing or older than its sources, and returns its manifest.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load-config.js';
import { MANIFEST, type Manifest } from '../write/write-site.js';
import { PushRefusedError } from './push-errors.js';
import { phrase } from '../i18n/say.js';

/** What a build is made from: a change to any of them (or a notice added or removed) makes the build stale. */
const SOURCES = ['notices', 'locales', CONFIG_FILE];

/**
 * The manifest of the build in `distDir`, if every source in `root` is older than it (its time is
 * when the build began reading them, see writeSite). Folders count
 * as sources too: removing a notice changes only its parent folder's time.
 */
export async function checkBuildFresh(root: string, distDir: string): Promise<Manifest> {
  const manifestPath = path.join(distDir, MANIFEST);
  const shown = path.relative(root, manifestPath) || manifestPath;
  let built: number;
  let manifest: Manifest;
  try {
    built = (await stat(manifestPath)).mtimeMs;
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch {
    throw new PushRefusedError('no-build', phrase('push.refused.noManifest', { file: shown }));
  }
  if (manifest?.version !== 1 || !Array.isArray(manifest.files)) {
    throw new PushRefusedError('no-build', phrase('push.refused.notManifest', { file: shown }));
  }
  const newest = { file: '', mtimeMs: -Infinity };
  for (const source of SOURCES) await visit(path.join(root, source), newest);
  if (newest.mtimeMs > built) {
    throw new PushRefusedError('stale-build',
      phrase('push.refused.stale', { out: path.relative(root, distDir) || distDir, file: path.relative(root, newest.file) }));
  }
  return manifest;
}

async function visit(file: string, newest: { file: string; mtimeMs: number }): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return;
  }
  if (info.mtimeMs > newest.mtimeMs) Object.assign(newest, { file, mtimeMs: info.mtimeMs });
  if (!info.isDirectory()) return;
  for (const name of await readdir(file)) await visit(path.join(file, name), newest);
}
