// Where a build remembers what it wrote (keys and hashes of outputs), so the next one reuses it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readJsonFile, writeJsonFile } from './json-file.js';
import type { BuildState, OutputRecord } from './write-site.js';

/** The state file of builds into `outDir`, under the site's cache folder (never in the site). */
export function buildStatePath(cacheDir: string, outDir: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'builds', `${name}.json`);
}

/**
 * As stored: the spare (the site before last) differs from the last site only in what the last
 * build changed, so its records are written as that difference (`null`: not in the spare). At archive
 * scale the state is read and written by every build, and a second full copy of every record doubled that.
 * Not its folders' times: the two sites are two trees of folders, each with times of its own.
 */
type StoredState = Omit<BuildState, 'spare' | 'version'> & { version: 3; spareDelta?: Record<string, OutputRecord | null> };

/** The previous build's state, or none when it is missing or unreadable (everything is made again). */
export async function loadBuildState(file: string): Promise<BuildState | undefined> {
  const stored = (await readJsonFile(file)) as StoredState | undefined;
  if (stored?.version !== 3 || !stored.outputs || typeof stored.outputs !== 'object') return undefined;
  const { spareDelta, ...state } = stored;
  if (!spareDelta) return { ...state, version: 1 };
  return { ...state, version: 1, spare: applyDelta(state.outputs, spareDelta) };
}

/** Written after the swap, atomically: a killed build leaves the previous state, which is still safe (see reuse). */
export async function saveBuildState(file: string, state: BuildState): Promise<void> {
  const { spare, version: _, ...rest } = state;
  const stored: StoredState = { ...rest, version: 3 };
  if (spare) stored.spareDelta = deltaOf(state.outputs, spare);
  await writeJsonFile(file, stored);
}

/** Mostly one array: a file kept or linked keeps the record it had. */
function sameRecord(a: OutputRecord, b: OutputRecord): boolean {
  return a === b || (a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]);
}

/** `other` as the records of `base` that differ (`null`: not in `other`). */
function deltaOf(base: Record<string, OutputRecord>, other: Record<string, OutputRecord>): Record<string, OutputRecord | null> {
  const delta: Record<string, OutputRecord | null> = {};
  for (const key in other) {
    const now = base[key];
    if (now === undefined || !sameRecord(now, other[key]!)) delta[key] = other[key]!;
  }
  for (const key in base) if (!(key in other)) delta[key] = null;
  return delta;
}

function applyDelta(base: Record<string, OutputRecord>, delta: Record<string, OutputRecord | null>): Record<string, OutputRecord> {
  const other: Record<string, OutputRecord> = {};
  for (const key in base) if (delta[key] === undefined) other[key] = base[key]!;
  for (const key in delta) if (delta[key]) other[key] = delta[key];
  return other;
}
