// Writes a build's files into a temporary folder and swaps it in whole, with a manifest of every file.
// Files whose inputs did not change since the last build are linked from it instead of made again.
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeBuildMarker } from './build-marker.js';
import { isProcessAlive } from './lock-folder.js';
import { PhrasedError } from '../i18n/phrased-error.js';
import { phrase } from '../i18n/say.js';

/** What a file of the site holds: its bytes, or a source file to copy. */
export type Content = { data: string | Uint8Array } | { from: string };

/** A file of the site. `path` is relative to `dist/`, with `/`. */
export type Output = { path: string } & Content;

/**
 * A file of the site made only when needed: `key` names every input of its bytes (a hash), and a
 * build whose previous build wrote the same path with the same key links that file instead of
 * calling `make`.
 */
export interface KeyedOutput {
  path: string;
  key: string;
  make: () => Content | Promise<Content>;
}

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  version: 1;
  files: ManifestEntry[];
}

/** What a build wrote, kept (outside the site) so that the next build can reuse it. */
export interface BuildState {
  version: 1;
  /** By output path: [key, size, sha256, modification time of the file written]. */
  outputs: Record<string, [string, number, string, number]>;
  /** By notice key: what compiling it found that its outputs need (the files it publishes). */
  notices?: Record<string, { assets: string[] }>;
  /** By PDF path: its entry in the PDF cache, so that entries no PDF of the site uses can go. */
  pdfCache?: Record<string, string>;
  /** By social card path: its entry in the card cache. */
  cardCache?: Record<string, string>;
  /** What the spare folder (the build before the last, kept to be updated in place) holds. */
  spare?: Record<string, [string, number, string, number]>;
}

export const MANIFEST = 'manifest.json';

/**
 * How a rebuild's files came to be (for `GONGBO_TRACE`): left in place in the spare, linked from the
 * live site, made; and the spare's files that had to go first because the new site has others there.
 */
export interface WriterWork {
  kept: number;
  linked: number;
  made: number;
  replaced: number;
}

const WRITE_CONCURRENCY = 16;

/**
 * Files added between two turns of the event loop. Most files are made and written synchronously,
 * so a caller streaming thousands of them would otherwise hold the loop for the whole stream: the
 * search index, which talks to Pagefind's process meanwhile, and V8's own collection tasks waited.
 */
const FILES_PER_TURN = 32;

export interface WriteSiteOptions {
  /** When the build began reading its sources: becomes the manifest's modification time. */
  sourcesReadAt?: Date;
  /** What the previous build into the same folder wrote; its files are reused where keys match. */
  previous?: BuildState;
  /** The site's folder, named in the build's marker, which lets a later build replace it. */
  site?: string;
}

export interface SiteWriter {
  /**
   * The size of the previous build's file at `path` when it can be reused for `key` (added with that
   * key, it will be linked, not made); `undefined` when it must be made.
   */
  reusable(path: string, key: string): Promise<number | undefined>;
  /** Queue one file; resolves when there is room for more (so a caller streaming files holds few). */
  add(output: Output | KeyedOutput): Promise<void>;
  /** Write the manifest and swap the folder in. */
  finish(): Promise<{ manifest: Manifest; state: BuildState; work: WriterWork }>;
  /** Drop the temporary folder; the previous site stays as it was. */
  abort(): Promise<void>;
}

/**
 * Start writing a site into `outDir`, atomically: everything goes to a sibling temporary folder
 * first, which then replaces `outDir` with two renames. A failed or killed build leaves the old
 * `outDir` in place. Files stream to disk as they are added, so memory holds no pages.
 *
 * The temporary folder is the site before the previous one when there is one (`.<out>.spare`,
 * kept by the last swap): it is brought up to date in place, so that a rebuild creates and deletes
 * only what changed. An archive is thousands of folders, and making and removing them all was most
 * of a rebuild's time.
 */
export async function openSiteWriter(outDir: string, options: WriteSiteOptions = {}): Promise<SiteWriter> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  await mkdir(parent, { recursive: true });
  await recoverInterruptedSwap(outDir);
  const temp = path.join(parent, `.${base}.tmp-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  const previous = options.previous?.outputs ?? {};
  const state: BuildState = { version: 1, outputs: {} };
  const entries: ManifestEntry[] = [];
  const folders = new Set<string>([temp]);
  /** Folders the new site has files in: the spare's other folders go at the end, even empty ones. */
  const used = new Set<string>([temp]);
  /** What the temporary folder holds already (from the spare): path → record, or `null` when unknown. */
  const scratch = new Map<string, [string, number, string, number] | null>();
  const spare = sparePath(outDir);
  if (options.previous?.spare && (await exists(spare))) {
    await rename(spare, temp);
    // Walked, not trusted: anything in it that no build recorded (a file someone put in dist/)
    // must go, or it would reach the next site.
    const recorded = options.previous.spare;
    // By hand, one folder at a time, with paths joined as strings: `readdirSync`'s recursive mode
    // and `path` calls per entry took twice as long on an archive's 20,000 entries.
    const walk = (folder: string, relative: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = `${folder}${path.sep}${entry.name}`;
        const file = relative + entry.name;
        if (entry.isDirectory()) {
          folders.add(full);
          walk(full, `${file}/`);
        } else if (entry.isFile()) {
          scratch.set(file, recorded[file] ?? null);
        } else {
          // A link (put there by hand: builds write none) goes now: a folder made through it would be outside the site.
          rmSync(full, { force: true });
        }
      }
    };
    walk(temp, '');
  } else {
    await rm(spare, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
  }
  const seen = new Set<string>();
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  const work: WriterWork = { kept: 0, linked: 0, made: 0, replaced: 0 };
  let added = 0;

  // Synchronous calls on purpose: a rebuild is thousands of tiny operations (stat, link, mkdir),
  // and each one sent to libuv's thread pool costs ten times what it does done here.
  const ensureFolder = (folder: string) => {
    for (let f = folder; f.length > temp.length && !used.has(f); f = path.dirname(f)) used.add(f);
    if (folders.has(folder)) return;
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      // A file of the spare where the new site has a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
      for (let f = folder; f.length > temp.length; f = path.dirname(f)) {
        if (lstatSync(f, { throwIfNoEntry: false })?.isFile()) unlinkSync(f);
      }
      mkdirSync(folder, { recursive: true });
    }
    for (let f = folder; f.length > temp.length; f = path.dirname(f)) folders.add(f);
  };

  /**
   * Make room for a new file at `target`. Never write into a file of the spare: it may be a hard
   * link to the same file in the live site.
   */
  const clear = (file: string, target: string) => {
    // A folder of the spare where the new site has a file.
    if (folders.has(target)) {
      rmSync(target, { recursive: true, force: true });
      for (const folder of folders) if (folder === target || folder.startsWith(target + path.sep)) folders.delete(folder);
    }
    if (!scratch.has(file)) return;
    scratch.delete(file);
    work.replaced += 1;
    // A file (the walk recorded only files): unlinked, which is a tenth of what `rmSync` costs here.
    try {
      unlinkSync(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') rmSync(target, { recursive: true, force: true });
    }
  };

  /** The spare's file at `file`, kept where it is when made from `key` and untouched since. */
  const keep = (file: string, key: string, target: string): boolean => {
    const record = scratch.get(file);
    if (!record || record[0] !== key) return false;
    const info = lstatSync(target, { throwIfNoEntry: false });
    if (!info || !info.isFile() || info.size !== record[1] || info.mtimeMs !== record[3]) return false;
    scratch.delete(file);
    entries.push({ path: file, size: record[1], sha256: record[2] });
    state.outputs[file] = record;
    work.kept += 1;
    return true;
  };

  /** The previous build's record of `file`, when made from `key` and still as it was written. */
  const intact = (file: string, key: string) => {
    const record = previous[file];
    if (!record || record[0] !== key) return undefined;
    const info = lstatSync(path.join(outDir, file), { throwIfNoEntry: false });
    return info && info.isFile() && info.size === record[1] && info.mtimeMs === record[3] ? record : undefined;
  };

  /** Link the previous build's file when its inputs are the same and it is still as written. */
  const reuse = (file: string, key: string, target: string): boolean => {
    const record = intact(file, key);
    if (!record) return false;
    const before = path.join(outDir, file);
    try {
      try {
        linkSync(before, target);
      } catch {
        copyFileSync(before, target);
      }
    } catch {
      return false;
    }
    entries.push({ path: file, size: record[1], sha256: record[2] });
    state.outputs[file] = record;
    work.linked += 1;
    return true;
  };

  const write = async (output: Output | KeyedOutput): Promise<void> => {
    const target = path.join(temp, output.path);
    ensureFolder(path.dirname(target));
    let key = 'key' in output ? output.key : undefined;
    if (key === undefined && 'from' in output) {
      // A copied file (attachment, font) is the same while its size and times are. The change time
      // too: `cp -p` and `rsync -t` put other bytes under the old modification time, but no tool
      // can set the change time back.
      const info = statSync(output.from);
      key = `file:${output.from}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    }
    if (key !== undefined && keep(output.path, key, target)) return;
    clear(output.path, target);
    if (key !== undefined && reuse(output.path, key, target)) return;
    const content = 'make' in output ? await output.make() : output;
    const bytes = 'from' in content
      ? readFileSync(content.from)
      : typeof content.data === 'string' ? Buffer.from(content.data, 'utf8') : content.data;
    writeFileSync(target, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    entries.push({ path: output.path, size: bytes.byteLength, sha256 });
    if (key !== undefined) state.outputs[output.path] = [key, bytes.byteLength, sha256, statSync(target).mtimeMs];
    work.made += 1;
  };

  const abort = async () => {
    await Promise.allSettled(pending);
    await rm(temp, { recursive: true, force: true });
  };

  return {
    async reusable(file, key) {
      return intact(file, key)?.[1];
    },
    async add(output) {
      if (failure) return;
      if (seen.has(output.path)) throw new TypeError(`Expected each output path once, got \`${output.path}\` twice`);
      if (output.path.startsWith('/') || output.path.split('/').includes('..') || output.path === MANIFEST) {
        throw new TypeError(`Expected an output path inside dist/, got \`${output.path}\``);
      }
      seen.add(output.path);
      const task = write(output).catch((error: unknown) => {
        failure ??= error;
      }).finally(() => pending.delete(task));
      pending.add(task);
      while (pending.size >= WRITE_CONCURRENCY) await Promise.race(pending);
      if (++added % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    async finish() {
      await Promise.all(pending);
      try {
        if (failure) throw failure;
        removeLeftovers(temp, [...scratch.keys()], [...folders].filter((f) => !used.has(f)));
        // Sorted so that the manifest lists files in the same order on every build.
        entries.sort((a, b) => compare(a.path, b.path));
        const manifest: Manifest = { version: 1, files: entries };
        await rm(path.join(temp, MANIFEST), { force: true });
        await writeFile(path.join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        // The manifest's time says which sources the build saw: a file saved while the build ran is
        // newer than it, so push knows that build is stale (its bytes stay the same on every build).
        if (options.sourcesReadAt) await utimes(path.join(temp, MANIFEST), options.sourcesReadAt, options.sourcesReadAt);
        await swapIn(temp, outDir, options.site);
        // The site just replaced is now the spare: what the previous build recorded of it.
        if (await exists(spare)) state.spare = previous;
        return { manifest, state, work };
      } catch (error) {
        await rm(temp, { recursive: true, force: true });
        throw new PhrasedError(phrase('siteWrite.writeFailed', { outDir }), { cause: error });
      }
    },
    abort,
  };
}

/** Write `outputs` to `outDir` atomically (see `openSiteWriter`). */
export async function writeSite(outputs: Array<Output | KeyedOutput>, outDir: string, options: WriteSiteOptions = {}): Promise<Manifest> {
  const writer = await openSiteWriter(outDir, options);
  try {
    for (const output of outputs) await writer.add(output);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return (await writer.finish()).manifest;
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

/** Where the site before the current one is kept, to be updated in place by the next build. */
function sparePath(outDir: string): string {
  return path.join(path.dirname(outDir), `.${path.basename(outDir)}.spare`);
}

/**
 * Remove files of the spare the new site does not have, then the folders that left empty, and the
 * spare's `unused` folders (full paths), where the new site has no file.
 */
function removeLeftovers(temp: string, files: string[], unused: string[]): void {
  for (const folder of unused) rmSync(folder, { recursive: true, force: true });
  const folders = new Set<string>();
  for (const file of files) {
    rmSync(path.join(temp, file), { recursive: true, force: true });
    for (let f = path.dirname(file); f !== '.' && f !== ''; f = path.dirname(f)) folders.add(f);
  }
  // Deepest first, so a folder emptied by removing its empty children goes too.
  for (const folder of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    try {
      rmdirSync(path.join(temp, folder));
    } catch {
      // Not empty (it holds files of the new site): kept.
    }
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
  // Kept, not deleted: the next build updates it in place instead of making every folder again.
  if (hadOld) await rename(old, sparePath(outDir));
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
