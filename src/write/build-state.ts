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

type OutputRecord = BuildState['outputs'][string];

/**
 * As stored: the spare (the site before last) differs from the last site only in what the last
 * build changed, so it is written as that difference (`null`: not in the spare). At archive scale the
 * state is read and written by every build, and a second full copy of every record doubled that.
 */
type StoredState = Omit<BuildState, 'spare' | 'version'> & { version: 2; spareDelta?: Record<string, OutputRecord | null> };

/** The previous build's state, or none when it is missing or unreadable (everything is made again). */
export async function loadBuildState(file: string): Promise<BuildState | undefined> {
  const stored = (await readJsonFile(file)) as StoredState | undefined;
  if (stored?.version !== 2 || !stored.outputs || typeof stored.outputs !== 'object') return undefined;
  const { spareDelta, ...state } = stored;
  if (!spareDelta) return { ...state, version: 1 };
  const spare: Record<string, OutputRecord> = {};
  for (const [path, record] of Object.entries(state.outputs)) if (spareDelta[path] === undefined) spare[path] = record;
  for (const [path, record] of Object.entries(spareDelta)) if (record) spare[path] = record;
  return { ...state, version: 1, spare };
}

/** Written after the swap, atomically: a killed build leaves the previous state, which is still safe (see reuse). */
export async function saveBuildState(file: string, state: BuildState): Promise<void> {
  const { spare, version: _, ...rest } = state;
  const stored: StoredState = { ...rest, version: 2 };
  if (spare) {
    const delta: Record<string, OutputRecord | null> = {};
    for (const [path, record] of Object.entries(spare)) {
      const now = state.outputs[path];
      if (!now || now.some((value, i) => value !== record[i])) delta[path] = record;
    }
    for (const path of Object.keys(state.outputs)) if (!(path in spare)) delta[path] = null;
    stored.spareDelta = delta;
  }
  await writeJsonFile(file, stored);
}
