// Refuses output folders whose replacement would destroy something: a build swaps its folder in whole.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST } from './write-site.js';
import { BUILD_MARKER, isBuildOf } from './build-marker.js';

/** The output folder named would replace something that is not an earlier build. */
export class OutDirError extends Error {
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
    throw new OutDirError(`--out ${outDir} is the site folder or holds it: a build replaces its output folder whole. Use a folder of its own, like \`dist\``);
  }
  for (const folder of SOURCE_FOLDERS) {
    if (inside(out, path.join(root, folder))) {
      throw new OutDirError(`--out ${outDir} is inside the site's \`${folder}/\`: a build replaces its output folder whole. Use a folder of its own, like \`dist\``);
    }
  }
  let names: string[];
  try {
    names = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // the build creates it
    throw new OutDirError(`--out ${outDir} is not a folder: a build would replace it. Name a folder, like \`dist\``);
  }
  if (names.length === 0 || (await isBuildOf(out, root))) return;
  // gongbo's own folders (`serve`'s builds), made before builds carried their marker.
  if (inside(out, path.join(root, CACHE_FOLDER)) && out !== path.join(root, CACHE_FOLDER)) return;
  if (await hasGongboManifest(out)) {
    throw new OutDirError(`--out ${outDir} holds files gongbo wrote, but not a build of this site: a mirror a push filled, another site's build, or a build by an older gongbo (none holds a ${BUILD_MARKER} naming this site). A build would replace them all. Name an empty folder or an earlier build of this site; if it is an old build of this site, delete it and build again`);
  }
  throw new OutDirError(`--out ${outDir} holds files that no gongbo build wrote (it has no gongbo ${MANIFEST}), and a build would replace them all. Name an empty folder or an earlier build of this site`);
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
