// Where a build remembers what it wrote (keys and hashes of outputs), so the next one reuses it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildState } from './write-site.js';

/** The state file of builds into `outDir`, under the site's cache folder (never in the site). */
export function buildStatePath(cacheDir: string, outDir: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'builds', `${name}.json`);
}

/** The previous build's state, or none when it is missing or unreadable (everything is made again). */
export async function loadBuildState(file: string): Promise<BuildState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as BuildState;
    return state.version === 1 && state.outputs && typeof state.outputs === 'object' ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Written after the swap, atomically: a killed build leaves the previous state, which is still safe (see reuse). */
export async function saveBuildState(file: string, state: BuildState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, JSON.stringify(state));
  await rename(temp, file);
}
