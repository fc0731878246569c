// Writes a build's files into a temporary folder and swaps it in whole, with a manifest of every file.
// Files whose inputs did not change since the last build are linked from it instead of made again.
import { createHash } from 'node:crypto';
import { constants, copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeBuildMarker } from './build-marker.js';
import { isProcessAlive } from './lock-folder.js';
import { SETTLED_MS } from '../load/source-records.js';
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

/** What a build recorded of one file it wrote: [key, size, sha256, modification time of the file written]. */
export type OutputRecord = [string, number, string, number];

/** What a build wrote, kept (outside the site) so that the next build can reuse it. */
export interface BuildState {
  version: 1;
  /** By output path. */
  outputs: Record<string, OutputRecord>;
  /** The inode of the site's folder: the records describe that folder, not one put in its place. */
  ino?: number;
  /**
   * By folder of the site (relative, with `/`; not the site's own folder, which holds the manifest):
   * its times when it was seen to hold exactly its files in `outputs` and its folders here, that long
   * after its last change that any later entry added or removed gives it other times (SETTLED_MS);
   * `null` when not known so, and it is listed again.
   */
  folders?: Record<string, FolderTimes | null>;
  /** By notice key: what compiling it found that its outputs need (the files it publishes). */
  notices?: Record<string, { assets: string[] }>;
  /** By PDF path: its entry in the PDF cache, so that entries no PDF of the site uses can go. */
  pdfCache?: Record<string, string>;
  /** By social card path: its entry in the card cache. */
  cardCache?: Record<string, string>;
  /** What the spare folder (the build before the last, kept to be updated in place) holds: `outputs`, `ino` and `folders` of it. */
  spare?: Record<string, OutputRecord>;
  spareIno?: number;
  spareFolders?: Record<string, FolderTimes | null>;
}

/**
 * A folder's change and modification times. Both: `touch -d` or `rsync -t` set the modification time
 * back, and the change time of a folder on some file systems (FAT) is its creation time once read
 * from the disk again; adding, removing or renaming an entry changes at least one of them for good.
 */
export type FolderTimes = [changedMs: number, modifiedMs: number];

export const MANIFEST = 'manifest.json';

/**
 * How a rebuild's files came to be (for `GONGBO_TRACE`): left in place in the spare, linked from the
 * live site, made; and the spare's files that had to go first because the new site has others there.
 * `listed`: the spare's folders whose entries were read, not known from the last time (its others
 * were only looked at).
 */
export interface WriterWork {
  kept: number;
  linked: number;
  made: number;
  replaced: number;
  listed: number;
}

const WRITE_CONCURRENCY = 16;

/**
 * Longest time adding files holds the event loop. Most files are made and written synchronously,
 * so a caller streaming thousands of them would otherwise hold the loop for the whole stream: the
 * search index, which talks to Pagefind's process meanwhile, and V8's own collection tasks waited.
 * A time, not a count of files: a feed document takes 10 ms to make, a kept page 10 µs, and 32 feed
 * documents between turns left Pagefind idle for a third of a second each time (a cold build of
 * 2,000 notices finished its search indexes 3 s after its feeds).
 */
const TURN_MS = 10;

const ODD_SEGMENT = /(^|\/)\.{0,2}(\/|$)/;

/** Has `file` an empty segment, `.` or `..`? It names no file of the site, or another one's. */
function isOddPath(file: string): boolean {
  // The expression only for paths that may need it: a site's thousands of others pass at a glance.
  return (file === '' || file[0] === '/' || file[0] === '.' || file.endsWith('/') || file.includes('/.') || file.includes('//'))
    && ODD_SEGMENT.test(file);
}

export interface WriteSiteOptions {
  /** When the build began reading its sources: becomes the manifest's modification time. */
  sourcesReadAt?: Date;
  /** What the previous build into the same folder wrote; its files are reused where keys match. */
  previous?: BuildState;
  /** The site's folder, named in the build's marker, which lets a later build replace it. */
  site?: string;
  /**
   * When the build began (ms since the epoch; default: now). The spare's folders changed less than
   * SETTLED_MS before it are listed again by the build after next, however their times compare.
   */
  startedAt?: number;
}

export interface SiteWriter {
  /**
   * The size of the previous build's file at `path` when it can be reused for `key` (added with that
   * key, it will be kept or linked, not made); `undefined` when it must be made.
   */
  reusable(path: string, key: string): Promise<number | undefined>;
  /** Queue one file; resolves when there is room for more (so a caller streaming files holds few). */
  add(output: Output | KeyedOutput): Promise<void>;
  /** Write the manifest and swap the folder in. */
  finish(): Promise<{ manifest: Manifest; state: BuildState; work: WriterWork }>;
  /** Drop the temporary folder; the previous site stays as it was. */
  abort(): Promise<void>;
}

/** The folder holding `relative` (a path inside the site, with `/`): `''` for the site's own. */
function parentOf(relative: string): string {
  const slash = relative.lastIndexOf('/');
  return slash === -1 ? '' : relative.slice(0, slash);
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
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
  const last = options.previous;
  // Records describe the folder they were made of: after a build killed before it saved its own,
  // dist/ or the spare may be another, whose files can have the same sizes and times.
  const previous = last?.ino !== undefined && (await inodeOf(outDir)) === last.ino ? last.outputs : {};
  const state: BuildState = { version: 1, outputs: {} };
  const entries: ManifestEntry[] = [];
  /** The temporary folder's folders, relative (`''`: itself). */
  const folders = new Set<string>(['']);
  /** Folders the new site has files in: the spare's other folders go at the end, even empty ones. */
  const used = new Set<string>(['']);
  /** Folders whose entries this build added or removed: their times are new, not yet settled. */
  const touched = new Set<string>();
  /** The times of the spare's folders whose entries are known, when they had settled. */
  const settled = new Map<string, FolderTimes>();
  /** What the temporary folder holds already (from the spare): path → record, or `null` when unknown. */
  const scratch = new Map<string, OutputRecord | null>();
  const work: WriterWork = { kept: 0, linked: 0, made: 0, replaced: 0, listed: 0 };
  const spare = sparePath(outDir);
  const spareIno = last?.spare ? await inodeOf(spare) : undefined;
  if (spareIno !== undefined) {
    const startedAt = options.startedAt ?? Date.now();
    await rename(spare, temp);
    const ours = last!.spareIno !== undefined && spareIno === last!.spareIno;
    const recorded = ours ? last!.spare! : {};
    const recordedFolders = ours ? last!.spareFolders ?? {} : {};
    /** By folder: its recorded files and folders. */
    const filesIn = new Map<string, string[]>();
    const foldersIn = new Map<string, string[]>();
    const index = (by: Map<string, string[]>, relative: string) => {
      const folder = parentOf(relative);
      const list = by.get(folder);
      if (list) list.push(relative);
      else by.set(folder, [relative]);
    };
    for (const folder of Object.keys(recordedFolders)) index(foldersIn, folder);
    if (foldersIn.size > 0) for (const file of Object.keys(recorded)) index(filesIn, file);
    // Walked, not trusted: anything in it that no build recorded (a file someone put in dist/) must
    // go, or it would reach the next site. A folder whose times are the ones recorded holds what it
    // held then (see FolderTimes), so only the others are listed: most of an archive's folders are
    // only looked at.
    // Paths joined as strings: `path` calls per entry took twice as long on an archive's 20,000 entries.
    const settle = (relative: string, times: FolderTimes) => {
      if (Math.max(times[0], times[1]) < startedAt - SETTLED_MS) settled.set(relative, times);
    };
    const walk = (relative: string, full: string) => {
      let times: FolderTimes | undefined;
      if (relative !== '') {
        const info = lstatSync(full, { throwIfNoEntry: false });
        if (!info?.isDirectory()) {
          // A recorded folder that is something else now: impossible while its parent's times hold.
          folders.delete(relative);
          if (info) rmSync(full, { recursive: true, force: true });
          touched.add(parentOf(relative));
          return;
        }
        const known = recordedFolders[relative];
        if (known && known[0] === info.ctimeMs && known[1] === info.mtimeMs) {
          settle(relative, known);
          for (const file of filesIn.get(relative) ?? []) scratch.set(file, recorded[file]!);
          for (const folder of foldersIn.get(relative) ?? []) {
            folders.add(folder);
            walk(folder, `${temp}${path.sep}${folder}`);
          }
          return;
        }
        times = [info.ctimeMs, info.mtimeMs];
      }
      // Looked at before it is listed: a change in between gives it a time other than the one kept.
      work.listed += 1;
      for (const entry of readdirSync(full, { withFileTypes: true })) {
        const file = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) {
          folders.add(file);
          walk(file, `${full}${path.sep}${entry.name}`);
        } else if (entry.isFile()) {
          scratch.set(file, recorded[file] ?? null);
        } else {
          // A link (put there by hand: builds write none) goes now: a folder made through it would be outside the site.
          rmSync(`${full}${path.sep}${entry.name}`, { force: true });
          touched.add(relative);
        }
      }
      if (times) settle(relative, times);
    };
    walk('', temp);
  } else {
    await rm(spare, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
  }
  const seen = new Set<string>();
  /** Files of the spare `reusable` found as written, which `keep` need not look at again. */
  const checked = new Set<string>();
  const pending = new Set<Promise<void>>();
  let failure: unknown;
  /** When `add` last let the event loop turn. */
  let turnAt = performance.now();
  /** The folder of the last file placed: consecutive files mostly share one. */
  let lastFolder: string | undefined;

  // Synchronous calls on purpose: a rebuild is thousands of tiny operations (stat, link, mkdir),
  // and each one sent to libuv's thread pool costs ten times what it does done here.
  const ensureFolder = (folder: string) => {
    if (folder === lastFolder) return;
    for (let f = folder; f !== '' && !used.has(f); f = parentOf(f)) used.add(f);
    if (!folders.has(folder)) {
      const full = `${temp}${path.sep}${folder}`;
      try {
        mkdirSync(full, { recursive: true });
      } catch (error) {
        // A file of the spare where the new site has a folder.
        if (codeOf(error) !== 'EEXIST' && codeOf(error) !== 'ENOTDIR') throw error;
        for (let f = folder; f !== ''; f = parentOf(f)) {
          const there = `${temp}${path.sep}${f}`;
          if (!lstatSync(there, { throwIfNoEntry: false })?.isFile()) continue;
          unlinkSync(there);
          // Gone already: removed at the end, the path would take the new folder with it.
          scratch.delete(f);
        }
        mkdirSync(full, { recursive: true });
      }
      // The new folders, and the one that got the first of them as an entry.
      let f = folder;
      for (; f !== '' && !folders.has(f); f = parentOf(f)) {
        folders.add(f);
        touched.add(f);
      }
      touched.add(f);
    }
    lastFolder = folder;
  };

  /** Is the file at `full` as `record` says it was written (no hand changed it since)? */
  const asWritten = (full: string, record: OutputRecord) => {
    const info = lstatSync(full, { throwIfNoEntry: false });
    return info !== undefined && info.isFile() && info.size === record[1] && info.mtimeMs === record[3];
  };

  /**
   * Make room for a new file at `file`. Never write into a file of the spare: it may be a hard
   * link to the same file in the live site.
   */
  const clear = (file: string, target: string) => {
    // A folder of the spare where the new site has a file.
    if (folders.has(file)) {
      rmSync(target, { recursive: true, force: true });
      for (const folder of folders) if (folder === file || folder.startsWith(`${file}/`)) folders.delete(folder);
      lastFolder = undefined;
    }
    if (!scratch.has(file)) return;
    scratch.delete(file);
    work.replaced += 1;
    // A file (the walk recorded only files): unlinked, which is a tenth of what `rmSync` costs here.
    try {
      unlinkSync(target);
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') rmSync(target, { recursive: true, force: true });
    }
  };

  /** The spare's file at `file`, kept where it is when made from `key` and untouched since. */
  const keep = (file: string, key: string): boolean => {
    const record = scratch.get(file);
    if (!record || record[0] !== key) return false;
    if (!checked.delete(file) && !asWritten(`${temp}${path.sep}${file}`, record)) return false;
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
    return asWritten(path.join(outDir, file), record) ? record : undefined;
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
        copyFileSync(before, target, constants.COPYFILE_EXCL);
      }
    } catch {
      return false;
    }
    entries.push({ path: file, size: record[1], sha256: record[2] });
    state.outputs[file] = record;
    work.linked += 1;
    return true;
  };

  /** Write a new file: never into one there, which may be a hard link to a file of the live site. */
  const create = (target: string, bytes: Uint8Array) => {
    try {
      writeFileSync(target, bytes, { flag: 'wx' });
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
      unlinkSync(target);
      writeFileSync(target, bytes, { flag: 'wx' });
    }
  };

  const make = async (output: Output | KeyedOutput, target: string, key: string | undefined): Promise<void> => {
    const content = 'make' in output ? await output.make() : output;
    const bytes = 'from' in content
      ? readFileSync(content.from)
      : typeof content.data === 'string' ? Buffer.from(content.data, 'utf8') : content.data;
    create(target, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    entries.push({ path: output.path, size: bytes.byteLength, sha256 });
    if (key !== undefined) state.outputs[output.path] = [key, bytes.byteLength, sha256, statSync(target).mtimeMs];
    work.made += 1;
  };

  /** Put `output` in place if it is there already or can be linked; else a task that makes it. */
  const place = (output: Output | KeyedOutput): Promise<void> | undefined => {
    const file = output.path;
    const folder = parentOf(file);
    ensureFolder(folder);
    let key = 'key' in output ? output.key : undefined;
    if (key === undefined && 'from' in output) {
      // A copied file (attachment, font) is the same while its size and times are. The change time
      // too: `cp -p` and `rsync -t` put other bytes under the old modification time, but no tool
      // can set the change time back.
      const info = statSync(output.from);
      key = `file:${output.from}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    }
    if (key !== undefined && keep(file, key)) return undefined;
    touched.add(folder);
    const target = `${temp}${path.sep}${file}`;
    clear(file, target);
    if (key !== undefined && reuse(file, key, target)) return undefined;
    return make(output, target, key);
  };

  const abort = async () => {
    await Promise.allSettled(pending);
    await rm(temp, { recursive: true, force: true });
  };

  return {
    async reusable(file, key) {
      // The spare's file, kept where it is, else the live site's, linked.
      const record = scratch.get(file);
      if (record && record[0] === key && (checked.has(file) || asWritten(`${temp}${path.sep}${file}`, record))) {
        checked.add(file);
        return record[1];
      }
      return intact(file, key)?.[1];
    },
    async add(output) {
      if (failure) return;
      const file = output.path;
      if (isOddPath(file) || file === MANIFEST) throw new TypeError(`Expected an output path inside dist/, got \`${file}\``);
      const before = seen.size;
      if (seen.add(file).size === before) throw new TypeError(`Expected each output path once, got \`${file}\` twice`);
      // Most of a rebuild's files are kept or linked here, at once: a task only for those to make.
      let task: Promise<void> | undefined;
      try {
        task = place(output);
      } catch (error) {
        failure ??= error;
      }
      if (task) {
        const queued: Promise<void> = task.catch((error: unknown) => {
          failure ??= error;
        }).finally(() => pending.delete(queued));
        pending.add(queued);
        while (pending.size >= WRITE_CONCURRENCY) await Promise.race(pending);
      }
      if (performance.now() - turnAt >= TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        turnAt = performance.now();
      }
    },
    async finish() {
      await Promise.all(pending);
      try {
        if (failure) throw failure;
        removeLeftovers();
        // Sorted so that the manifest lists files in the same order on every build.
        entries.sort((a, b) => compare(a.path, b.path));
        const manifest: Manifest = { version: 1, files: entries };
        await rm(path.join(temp, MANIFEST), { force: true });
        await writeFile(path.join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        // The manifest's time says which sources the build saw: a file saved while the build ran is
        // newer than it, so push knows that build is stale (its bytes stay the same on every build).
        if (options.sourcesReadAt) await utimes(path.join(temp, MANIFEST), options.sourcesReadAt, options.sourcesReadAt);
        state.ino = statSync(temp).ino;
        state.folders = {};
        for (const folder of used) {
          if (folder !== '') state.folders[folder] = touched.has(folder) ? null : settled.get(folder) ?? null;
        }
        await swapIn(temp, outDir, options.site);
        // The site just replaced is now the spare: what the previous build recorded of it.
        if (await exists(spare)) {
          state.spare = previous;
          if (previous === last?.outputs) {
            state.spareIno = last.ino;
            state.spareFolders = last.folders ?? {};
          }
        }
        return { manifest, state, work };
      } catch (error) {
        await rm(temp, { recursive: true, force: true });
        throw new PhrasedError(phrase('siteWrite.writeFailed', { outDir }), { cause: error });
      }
    },
    abort,
  };

  /**
   * Remove the spare's folders where the new site has no file (even empty ones) and its files the
   * new site lacks.
   */
  function removeLeftovers(): void {
    for (const folder of folders) {
      if (used.has(folder)) continue;
      rmSync(`${temp}${path.sep}${folder}`, { recursive: true, force: true });
      touched.add(parentOf(folder));
    }
    for (const file of scratch.keys()) {
      const full = `${temp}${path.sep}${file}`;
      try {
        unlinkSync(full);
      } catch (error) {
        if (codeOf(error) !== 'ENOENT') rmSync(full, { recursive: true, force: true });
      }
      touched.add(parentOf(file));
    }
  }
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

/** The inode of the folder at `folder`, if there is one. */
async function inodeOf(folder: string): Promise<number | undefined> {
  try {
    return (await stat(folder)).ino;
  } catch {
    return undefined;
  }
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
