// Writes a build's files into a temporary folder and swaps it in whole, with a manifest of every file.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeBuildMarker } from './build-marker.js';
import { isProcessAlive } from './lock-folder.js';

/** A file of the site: its content, or a source file to copy. `path` is relative to `dist/`, with `/`. */
export type Output = { path: string; data: string | Uint8Array } | { path: string; from: string };

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

export const MANIFEST = 'manifest.json';

const WRITE_CONCURRENCY = 16;

/**
 * `sourcesReadAt` (when the build began reading its sources) becomes the manifest's modification time.
 * Write `outputs` to `outDir` atomically: everything goes to a sibling temporary folder first, which
 * then replaces `outDir` with two renames. A failed or killed build leaves the old `outDir` in place.
 * `site` (the site's folder) is named in the build's marker, which lets a later build replace it.
 */
export async function writeSite(outputs: Output[], outDir: string, options: { sourcesReadAt?: Date; site?: string } = {}): Promise<Manifest> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  await mkdir(parent, { recursive: true });
  await recoverInterruptedSwap(outDir);
  const temp = path.join(parent, `.${base}.tmp-${process.pid}`);
  await rm(temp, { recursive: true, force: true });

  const seen = new Set<string>();
  for (const output of outputs) {
    if (seen.has(output.path)) throw new TypeError(`Expected each output path once, got \`${output.path}\` twice`);
    if (output.path.startsWith('/') || output.path.split('/').includes('..')) {
      throw new TypeError(`Expected an output path inside dist/, got \`${output.path}\``);
    }
    seen.add(output.path);
  }
  // Sorted so that the manifest lists files in the same order on every build.
  const sorted = [...outputs].sort((a, b) => compare(a.path, b.path));
  const entries: ManifestEntry[] = new Array(sorted.length);
  try {
    const folders = new Set(sorted.map((o) => path.dirname(path.join(temp, o.path))));
    for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
    // A few files at a time: a site is hundreds of small files, and waiting on each in turn is
    // most of a rebuild's time (which `serve` pays on every save).
    let next = 0;
    const worker = async () => {
      while (next < sorted.length) {
        const index = next++;
        const output = sorted[index]!;
        const target = path.join(temp, output.path);
        let bytes: Uint8Array;
        if ('from' in output) {
          bytes = await readFile(output.from);
          await writeFile(target, bytes);
        } else {
          bytes = typeof output.data === 'string' ? Buffer.from(output.data, 'utf8') : output.data;
          await writeFile(target, bytes);
        }
        entries[index] = { path: output.path, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
      }
    };
    await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
    const manifest: Manifest = { version: 1, files: entries };
    await writeFile(path.join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    // The manifest's time says which sources the build saw: a file saved while the build ran is
    // newer than it, so push knows that build is stale (its bytes stay the same on every build).
    if (options.sourcesReadAt) await utimes(path.join(temp, MANIFEST), options.sourcesReadAt, options.sourcesReadAt);
    await swapIn(temp, outDir, options.site);
    return manifest;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new Error(`Could not write the site to ${outDir}; the previous site there is unchanged`, { cause: error });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function swapIn(temp: string, outDir: string, site: string | undefined): Promise<void> {
  if (site !== undefined) await writeBuildMarker(temp, site, outDir);
  const old = path.join(path.dirname(outDir), `.${path.basename(outDir)}.old-${process.pid}`);
  const hadOld = await exists(outDir);
  if (hadOld) await rename(outDir, old);
  try {
    await rename(temp, outDir);
  } catch (error) {
    if (hadOld) await rename(old, outDir);
    throw error;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/**
 * A build killed between the two renames leaves no `outDir` but an `.old-*` folder: put it back.
 * Leftover temporary folders of killed builds are removed. Without `locked`, only those of dead
 * pids: another build of the same folder may be running. With it (the caller holds the folder's
 * lock, see lock-folder.ts), every leftover is a dead build's, even one whose pid was reused.
 */
export async function recoverInterruptedSwap(outDir: string, options: { locked?: boolean } = {}): Promise<void> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const dead = (pid: number) => options.locked || (pid !== process.pid && !isProcessAlive(pid));
  const ours = (prefix: string) => names.filter((n) => n.startsWith(prefix) && dead(Number(n.slice(prefix.length))));
  const olds = ours(`.${base}.old-`);
  if (!(await exists(outDir)) && olds[0]) await rename(path.join(parent, olds[0]), outDir);
  for (const name of [...ours(`.${base}.tmp-`), ...olds.slice(1)]) {
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
  if (olds[0] && (await exists(outDir)) && (await exists(path.join(parent, olds[0])))) {
    await rm(path.join(parent, olds[0]), { recursive: true, force: true });
  }
}
