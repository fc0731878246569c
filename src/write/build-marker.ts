// The mark a build leaves in its output folder, naming the site it was built from: only such a folder may be replaced.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Not in the manifest, so push never sends it: a mirror, even one a push filled from this site,
 * never looks like a build of it.
 */
export const BUILD_MARKER = '.gongbo-build';

interface Marker {
  /** The site's folder, relative to the output folder with `/`: the same on every machine and after moving the site. */
  site: string;
}

function relativeSite(siteRoot: string, outDir: string): string {
  return path.relative(path.resolve(outDir), path.resolve(siteRoot)).split(path.sep).join('/') || '.';
}

/** Write the marker of a build of `siteRoot` into `folder`, which is about to become `outDir`. */
export async function writeBuildMarker(folder: string, siteRoot: string, outDir: string): Promise<void> {
  const marker: Marker = { site: relativeSite(siteRoot, outDir) };
  await writeFile(path.join(folder, BUILD_MARKER), `${JSON.stringify(marker)}\n`);
}

/** `true` when `outDir` holds the marker of a build of `siteRoot`. */
export async function isBuildOf(outDir: string, siteRoot: string): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(path.join(outDir, BUILD_MARKER), 'utf8')) as Partial<Marker>;
    return typeof marker.site === 'string' && path.resolve(outDir, marker.site) === path.resolve(siteRoot);
  } catch {
    return false;
  }
}
