// JSON files of gongbo's cache, read and written whole; a long-running process (serve, publish
// --watch) keeps what it last read or wrote instead of parsing megabytes again on every build.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** By path: the value and the file's identity when this process last read or wrote it. */
const known = new Map<string, { id: string; value: unknown }>();

async function identity(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    return `${info.ino}:${info.size}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The parsed file, or `undefined` when it is missing or not JSON. Callers must not change it. */
export async function readJsonFile(file: string): Promise<unknown> {
  const id = await identity(file);
  if (id === undefined) return undefined;
  const cached = known.get(file);
  if (cached?.id === id) return cached.value;
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    known.set(file, { id, value });
    return value;
  } catch {
    return undefined;
  }
}

/** Write atomically (a temporary file renamed over it): a killed process leaves the old file whole. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, file);
  const id = await identity(file);
  if (id) known.set(file, { id, value });
}
