// Where a build remembers what it wrote (keys and hashes of outputs), so the next one reuses it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { BuildState, FolderTimes, OutputRecord } from './write-site.js';

/** The state file of builds into `outDir`, under the site's cache folder (never in the site). */
export function buildStatePath(cacheDir: string, outDir: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'builds', `${name}.json`);
}

type FolderRecord = FolderTimes | null;

/**
 * As stored: the spare (the site before last) differs from the last site only in what the last
 * build changed, so its records are written as that difference (`null`: not in the spare). At archive
 * scale the state is read and written by every build, and a second full copy of every record doubled that.
 */
type StoredState = Omit<BuildState, 'spare' | 'spareFolders' | 'version'> & {
  version: 3;
  spareDelta?: Record<string, OutputRecord | null>;
  spareFolderDelta?: Record<string, FolderRecord | 'gone'>;
};

/** The previous build's state, or none when it is missing or unreadable (everything is made again). */
export async function loadBuildState(file: string): Promise<BuildState | undefined> {
  const stored = (await readJsonFile(file)) as StoredState | undefined;
  if (stored?.version !== 3 || !stored.outputs || typeof stored.outputs !== 'object') return undefined;
  const { spareDelta, spareFolderDelta, ...state } = stored;
  if (!spareDelta) return { ...state, version: 1 };
  return {
    ...state, version: 1, spare: applyDelta(state.outputs, spareDelta, null),
    ...(spareFolderDelta ? { spareFolders: applyDelta(state.folders ?? {}, spareFolderDelta, 'gone') } : {}),
  };
}

/** Written after the swap, atomically: a killed build leaves the previous state, which is still safe (see reuse). */
export async function saveBuildState(file: string, state: BuildState): Promise<void> {
  const { spare, spareFolders, version: _, ...rest } = state;
  const stored: StoredState = { ...rest, version: 3 };
  if (spare) stored.spareDelta = deltaOf(state.outputs, spare, null, sameRecord);
  if (spare && spareFolders) stored.spareFolderDelta = deltaOf(state.folders ?? {}, spareFolders, 'gone', (a, b) => a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]));
  await writeJsonFile(file, stored);
}

/** Mostly one array: a file kept or linked keeps the record it had. */
function sameRecord(a: OutputRecord, b: OutputRecord): boolean {
  return a === b || (a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);
}

/** `other` as the records of `base` that differ (`gone`: not in `other`). */
function deltaOf<T, G>(base: Record<string, T>, other: Record<string, T>, gone: G, same: (a: T, b: T) => boolean): Record<string, T | G> {
  const delta: Record<string, T | G> = {};
  for (const key in other) {
    const now = base[key];
    if (now === undefined || !same(now, other[key]!)) delta[key] = other[key]!;
  }
  for (const key in base) if (!(key in other)) delta[key] = gone;
  return delta;
}

function applyDelta<T, G>(base: Record<string, T>, delta: Record<string, T | G>, gone: G): Record<string, T> {
  const other: Record<string, T> = {};
  for (const key in base) if (delta[key] === undefined) other[key] = base[key]!;
  for (const key in delta) if (delta[key] !== gone) other[key] = delta[key] as T;
  return other;
}
