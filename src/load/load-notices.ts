// Finds the notice folders of a site and reads their language files and attachments from disk.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { LOCALES, type Locale } from '../model.js';
import { MAX_SOURCE_BYTES, SNIFF_BYTES } from './limits.js';
import { explainUnreadable, folderIdentity, inspectEntrySync, notRegular, readSourceSync } from './read-source.js';
import { knowSourceHash, sourceHash, textHash } from './source-hash.js';
import { openSourceRecords, type FolderEntry, type Looked, type SourceRecords } from './source-records.js';
import { phrase, say, type Phrase } from '../i18n/say.js';
import { PhrasedError } from '../i18n/phrased-error.js';

export const NOTICES_DIR = 'notices';

/** A file of a notice folder besides its language files. */
export interface AssetFile {
  size: number;
  /** Its path on disk relative to the folder, which may differ from its (NFC) name in Unicode form. */
  diskName: string;
  /** Its first bytes (at most SNIFF_BYTES), to tell what it really is. */
  head: Uint8Array;
}

/** A notice folder as found on disk, before validation. */
export interface NoticeSource {
  id: string;
  /** Folder relative to the site root. */
  dir: string;
  files: Partial<Record<Locale, VFile>>;
  /** Every other file in the folder, by its path relative to it in NFC (`files/안내서.pdf`). */
  assets: Map<string, AssetFile>;
  /** Entries of the folder that were not read, by NFC path, with why ("is a named pipe (FIFO), …"). */
  skipped: Map<string, Phrase>;
  /** Problems with the folder itself (its name, missing language files). */
  folder: VFile;
  /** Set when the entry in `notices/` is not a folder gongbo reads; `folder` says why. */
  refused?: boolean;
}

export interface LoadOptions {
  /**
   * The file where what each source file was found to be is kept (see source-records.ts): a
   * language file unchanged since is read only when something uses its text, an attachment not at all.
   */
  records?: string;
}

/**
 * Read every notice folder under `root/notices`, sorted by id. Symbolic links are followed only
 * within `notices/`: a link to elsewhere would publish files that are not part of the site (and
 * could be anything the user can read), and the site would build differently on every machine.
 */
export async function loadNotices(root: string, options: LoadOptions = {}): Promise<NoticeSource[]> {
  const records = options.records === undefined ? undefined : await openSourceRecords(options.records);
  const sources = loadFolders(root, records);
  await records?.save();
  return sources;
}

/**
 * Synchronous throughout: an archive is thousands of folders of a few small files, and a promise
 * per file and an await per look cost more than the looks themselves.
 */
function loadFolders(root: string, records: SourceRecords | undefined): NoticeSource[] {
  const noticesDir = path.join(root, NOTICES_DIR);
  let entries;
  let within: string;
  try {
    entries = readdirSync(noticesDir, { withFileTypes: true });
    within = realpathSync(noticesDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read the notices folder ${noticesDir}`, { cause: error });
  }
  const names = entries.filter((e) => !e.name.startsWith('.')).map((e) => e.name).sort();
  return names.map((name) => {
    const entry = inspectEntrySync(path.join(noticesDir, name), within);
    if (entry.type === 'folder') return loadNotice(root, name, within, entry, records);
    const dir = `${NOTICES_DIR}/${name}`;
    const folder = new VFile({ path: dir, cwd: root });
    if (entry.type === 'refused' && ['path.brokenLink', 'path.linkOutside', 'path.loop'].includes(entry.reason.key)) {
      say(folder, phrase('notices.linked', { dir, reason: entry.reason, notices: NOTICES_DIR }), { ruleId: 'notice-skipped', fatal: true });
    } else {
      const what = entry.type === 'refused' ? entry.reason : phrase('path.file');
      say(folder, phrase('notices.notFolder', { dir, reason: what, notices: NOTICES_DIR }), { ruleId: 'notice-skipped', fatal: false });
    }
    return { id: name, dir, files: {}, assets: new Map(), skipped: new Map(), folder, refused: true };
  });
}

/**
 * Read one notice folder as `loadNotices` does (for `serve`, which previews a saved notice before
 * the whole site is read again); `undefined` when `notices/<id>` is not a folder gongbo reads.
 */
export async function loadNoticeFolder(root: string, id: string): Promise<NoticeSource | undefined> {
  const noticesDir = path.join(root, NOTICES_DIR);
  if (id.startsWith('.') || id.includes('/') || id.includes(path.sep)) return undefined;
  try {
    const within = realpathSync(noticesDir);
    const entry = inspectEntrySync(path.join(noticesDir, id), within);
    return entry.type === 'folder' ? loadNotice(root, id, within, entry) : undefined;
  } catch {
    return undefined;
  }
}

function loadNotice(root: string, id: string, within: string, folder: Looked, records?: SourceRecords): NoticeSource {
  const dir = `${NOTICES_DIR}/${id}`;
  const files: Partial<Record<Locale, VFile>> = {};
  for (const locale of LOCALES) {
    const relative = `${dir}/${locale}.md`;
    const full = path.join(root, relative);
    const entry = inspectEntrySync(full, within);
    const hash = records && entry.type === 'file' ? records.text(relative, entry.id) : undefined;
    if (hash !== undefined) {
      files[locale] = unreadSource(full, relative, root, locale, within, hash);
      continue;
    }
    const result = readSourceSync(full, MAX_SOURCE_BYTES, { within, entry });
    if (result.type === 'missing') continue;
    if (result.type === 'read') {
      const file = decodeSource(result.bytes, relative, root, locale);
      // Only a clean text: one with loading's messages is read again, to say them again.
      if (records && file.messages.length === 0) records.keepText(relative, result, sourceHash(file));
      files[locale] = file;
      continue;
    }
    const file = new VFile({ path: relative, cwd: root, value: '', data: { locale } });
    say(file, explainUnreadable(result, 'language', MAX_SOURCE_BYTES), { ruleId: 'source-file', fatal: true });
    files[locale] = file;
  }
  const assets = new Map<string, AssetFile>();
  const skipped = new Map<string, Phrase>();
  listAssets(path.join(root, dir), '', folder, { assets, skipped, within, dir, records });
  return { id, dir, files, assets, skipped, folder: new VFile({ path: dir, cwd: root }) };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT = new TextDecoder('utf-8');

/** A language file changed on disk after the build named its text by the hash it had before. */
export class SourceChangedError extends PhrasedError {
  override name = 'SourceChangedError';
}

/**
 * A language file whose identity is the one recorded with `hash`: its text is read when something
 * first uses `value` (validating it, compiling it, quoting it in a message), not before. What is
 * read then must be the text `hash` names, since keys were made with it: a file changed in between
 * stops the build rather than publish pages under another text's key.
 */
function unreadSource(full: string, relative: string, root: string, locale: Locale, within: string, hash: string): VFile {
  const file = new VFile({ path: relative, cwd: root, data: { locale } });
  const settle = (value: unknown) => {
    Object.defineProperty(file, 'value', { value, writable: true, configurable: true, enumerable: true });
    return value;
  };
  Object.defineProperty(file, 'value', {
    configurable: true,
    enumerable: true,
    get: () => settle(readRecorded(full, relative, within, hash)),
    set: settle,
  });
  knowSourceHash(file, hash);
  return file;
}

function readRecorded(full: string, relative: string, within: string, hash: string): string {
  const result = readSourceSync(full, MAX_SOURCE_BYTES, { within });
  if (result.type === 'read') {
    try {
      const text = UTF8.decode(result.bytes);
      if (textHash(text) === hash) return text;
    } catch {
      // Not UTF-8 any more: changed.
    }
  }
  throw new SourceChangedError(phrase('sources.changedWhileBuilding', { file: relative }));
}

/**
 * Sources must be UTF-8. Older Korean editors save EUC-KR (CP949), which would otherwise build
 * into pages of replacement characters without a word: say so at the first bad byte.
 */
function decodeSource(bytes: Buffer, relative: string, root: string, locale: Locale): VFile {
  if (isUtf16(bytes)) {
    // Read as UTF-8, every other byte is a NUL (which UTF-8 allows: an English text would even
    // decode): no line or column of that means anything to its author.
    const file = new VFile({ path: relative, cwd: root, value: '', data: { locale } });
    say(file, phrase('notices.encodingUtf16'), { place: { line: 1, column: 1 }, ruleId: 'file-encoding', fatal: true });
    return file;
  }
  try {
    return new VFile({ path: relative, cwd: root, value: UTF8.decode(bytes), data: { locale } });
  } catch {
    const value = LENIENT.decode(bytes);
    const file = new VFile({ path: relative, cwd: root, value, data: { locale } });
    const before = value.slice(0, Math.max(0, value.indexOf('\uFFFD')));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    say(file, phrase('notices.encoding'), { place: { line, column }, ruleId: 'file-encoding', fatal: true });
    return file;
  }
}

/**
 * Saved as UTF-16 (Notepad's "Unicode"): a byte-order mark, or a NUL in every other byte of the
 * start, as ASCII and Hangul alike have in UTF-16 (a Hangul syllable's second byte is never 0, but
 * the front matter's `---` and field names are ASCII).
 */
function isUtf16(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const head = bytes.subarray(0, 64);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
  }
  return Math.max(evenNuls, oddNuls) >= head.length / 4;
}

interface Listing {
  assets: Map<string, AssetFile>;
  skipped: Map<string, Phrase>;
  within: string;
  /** The notice folder relative to the site root, naming its files in `records`. */
  dir: string;
  records: SourceRecords | undefined;
}

const SAME_NAME = phrase('path.sameName');

/** The entries of a folder, sorted: as recorded when the folder is as it was then, else as listed now. */
function listFolder(full: string, recorded: string, folder: Looked, records: SourceRecords | undefined): FolderEntry[] {
  const known = records?.folder(recorded, folder.id);
  if (known) return known;
  const entries = readdirSync(full, { withFileTypes: true })
    .map((entry): FolderEntry => [entry.name, entry.isDirectory() ? 'd' : entry.isFile() ? 'f' : entry.isSymbolicLink() ? 'l' : 'o'])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  records?.keepFolder(recorded, folder, entries);
  return entries;
}

/** `folder`: what inspectEntrySync found the folder `sub` of `base` to be (its identity names its listing). */
function listAssets(base: string, sub: string, folder: Looked, into: Listing): void {
  const entries = listFolder(path.join(base, sub), sub ? `${into.dir}/${sub}` : into.dir, folder, into.records);
  for (const [entryName, kind] of entries) {
    if (entryName.startsWith('.')) continue;
    const relative = sub ? `${sub}/${entryName}` : entryName;
    if (sub === '' && /^(ko|en)\.md$/.test(entryName)) continue;
    const name = relative.normalize('NFC');
    // Folders are walked only where they are, never through a link: a link to a parent would never end.
    if (kind === 'd') {
      const inner = folderIdentity(path.join(base, relative));
      if (inner) listAssets(base, relative, inner, into);
      continue;
    }
    if (into.assets.has(name) || into.skipped.has(name)) {
      into.assets.delete(name);
      into.skipped.set(name, SAME_NAME);
      continue;
    }
    if (kind === 'o') {
      into.skipped.set(name, notRegular(lstatSync(path.join(base, relative))));
      continue;
    }
    const full = path.join(base, relative);
    const found = inspectEntrySync(full, into.within);
    const recorded = `${into.dir}/${relative}`;
    const known = into.records && found.type === 'file' ? into.records.asset(recorded, found.id) : undefined;
    if (known) {
      into.assets.set(name, { size: known.size, diskName: relative, head: known.head });
      continue;
    }
    const result = readSourceSync(full, SNIFF_BYTES, { within: into.within, head: true, entry: found });
    if (result.type === 'read') {
      into.assets.set(name, { size: result.size, diskName: relative, head: result.bytes });
      into.records?.keepAsset(recorded, result, { size: result.size, head: result.bytes });
    } else if (result.type === 'refused') {
      into.skipped.set(name, result.reason.key === 'path.folder' ? phrase('path.linkToFolder') : result.reason);
    }
  }
}
