// Where a build remembers what it wrote (keys and hashes of outputs), so the next one reuses it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { BuildState } from './write-site.js';

/** The state file of builds into `outDir`, under the site's cache folder (never in the site). */
export function buildStatePath(cacheDir: string, outDir: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'builds', `${name}.json`);
}

/** The previous build's state, or none when it is missing or unreadable (everything is made again). */
export async function loadBuildState(file: string): Promise<BuildState | undefined> {
  const state = (await readJsonFile(file)) as BuildState | undefined;
  return state?.version === 1 && state.outputs && typeof state.outputs === 'object' ? state : undefined;
}

/** Written after the swap, atomically: a killed build leaves the previous state, which is still safe (see reuse). */
export async function saveBuildState(file: string, state: BuildState): Promise<void> {
  await writeJsonFile(file, state);
}
