// Refuses output folders whose replacement would destroy something: a build swaps its folder in whole.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST } from './write-site.js';
import { BUILD_MARKER, isBuildOf } from './build-marker.js';
import { PhrasedError } from '../i18n/phrased-error.js';
import { phrase } from '../i18n/say.js';

/** The output folder named would replace something that is not an earlier build. */
export class OutDirError extends PhrasedError {
  override name = 'OutDirError';
}

const CACHE_FOLDER = '.gongbo-cache';

/** Folders of a site that hold sources, never output. */
const SOURCE_FOLDERS = ['notices', 'locales', 'node_modules', '.git', 'src', 'assets'];

function inside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Throw an OutDirError when `outDir` is the site folder, holds it, lies in its sources, or is a
 * folder with files but without the marker of a build of this site (see build-marker.ts).
 */
export async function checkOutDir(siteRoot: string, outDir: string): Promise<void> {
  const root = path.resolve(siteRoot);
  const out = path.resolve(outDir);
  // As typed: `--out` is relative to the site folder.
  outDir = inside(out, root) ? path.relative(root, out) || '.' : out;
  if (inside(root, out)) {
    throw new OutDirError(phrase('outDir.holdsSite', { out: outDir }));
  }
  for (const folder of SOURCE_FOLDERS) {
    if (inside(out, path.join(root, folder))) {
      throw new OutDirError(phrase('outDir.inSources', { out: outDir, folder }));
    }
  }
  let names: string[];
  try {
    names = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // the build creates it
    throw new OutDirError(phrase('outDir.notFolder', { out: outDir }));
  }
  if (names.length === 0 || (await isBuildOf(out, root))) return;
  // gongbo's own folders (`serve`'s builds), made before builds carried their marker.
  if (inside(out, path.join(root, CACHE_FOLDER)) && out !== path.join(root, CACHE_FOLDER)) return;
  if (await hasGongboManifest(out)) {
    throw new OutDirError(phrase('outDir.otherBuild', { out: outDir, marker: BUILD_MARKER }));
  }
  throw new OutDirError(phrase('outDir.foreign', { out: outDir, manifest: MANIFEST }));
}

/** Other tools write manifest.json too: gongbo's, in builds and on mirrors, is this shape. */
async function hasGongboManifest(folder: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, MANIFEST), 'utf8')) as { version?: unknown; files?: unknown };
    return manifest.version === 1 && Array.isArray(manifest.files);
  } catch {
    return false;
  }
}
