// Finds the notice folders of a site and reads their language files and attachments from disk.
import { lstat, readdir, realpath } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { LOCALES, type Locale } from '../model.js';
import { MAX_SOURCE_BYTES, SNIFF_BYTES } from './limits.js';
import { explainUnreadable, inspectEntry, notRegular, readSource } from './read-source.js';
import { phrase, say, type Phrase } from '../i18n/say.js';

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

/**
 * Read every notice folder under `root/notices`, sorted by id. Symbolic links are followed only
 * within `notices/`: a link to elsewhere would publish files that are not part of the site (and
 * could be anything the user can read), and the site would build differently on every machine.
 */
export async function loadNotices(root: string): Promise<NoticeSource[]> {
  const noticesDir = path.join(root, NOTICES_DIR);
  let entries;
  let within: string;
  try {
    entries = await readdir(noticesDir, { withFileTypes: true });
    within = await realpath(noticesDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read the notices folder ${noticesDir}`, { cause: error });
  }
  const names = entries.filter((e) => !e.name.startsWith('.')).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => {
    const entry = await inspectEntry(path.join(noticesDir, name), within);
    if (entry.type === 'folder') return loadNotice(root, name, within);
    const dir = `${NOTICES_DIR}/${name}`;
    const folder = new VFile({ path: dir, cwd: root });
    if (entry.type === 'refused' && ['path.brokenLink', 'path.linkOutside', 'path.loop'].includes(entry.reason.key)) {
      say(folder, phrase('notices.linked', { dir, reason: entry.reason, notices: NOTICES_DIR }), { ruleId: 'notice-skipped', fatal: true });
    } else {
      const what = entry.type === 'refused' ? entry.reason : phrase('path.file');
      say(folder, phrase('notices.notFolder', { dir, reason: what, notices: NOTICES_DIR }), { ruleId: 'notice-skipped', fatal: false });
    }
    return { id: name, dir, files: {}, assets: new Map(), skipped: new Map(), folder, refused: true };
  }));
}

/**
 * Read one notice folder as `loadNotices` does (for `serve`, which previews a saved notice before
 * the whole site is read again); `undefined` when `notices/<id>` is not a folder gongbo reads.
 */
export async function loadNoticeFolder(root: string, id: string): Promise<NoticeSource | undefined> {
  const noticesDir = path.join(root, NOTICES_DIR);
  if (id.startsWith('.') || id.includes('/') || id.includes(path.sep)) return undefined;
  try {
    const within = await realpath(noticesDir);
    const entry = await inspectEntry(path.join(noticesDir, id), within);
    return entry.type === 'folder' ? await loadNotice(root, id, within) : undefined;
  } catch {
    return undefined;
  }
}

async function loadNotice(root: string, id: string, within: string): Promise<NoticeSource> {
  const dir = `${NOTICES_DIR}/${id}`;
  const files: Partial<Record<Locale, VFile>> = {};
  for (const locale of LOCALES) {
    const relative = `${dir}/${locale}.md`;
    const result = await readSource(path.join(root, relative), MAX_SOURCE_BYTES, { within });
    if (result.type === 'missing') continue;
    if (result.type === 'read') {
      files[locale] = decodeSource(result.bytes, relative, root, locale);
      continue;
    }
    const file = new VFile({ path: relative, cwd: root, value: '', data: { locale } });
    say(file, explainUnreadable(result, 'language', MAX_SOURCE_BYTES), { ruleId: 'source-file', fatal: true });
    files[locale] = file;
  }
  const assets = new Map<string, AssetFile>();
  const skipped = new Map<string, Phrase>();
  await listAssets(path.join(root, dir), '', { assets, skipped, within });
  return { id, dir, files, assets, skipped, folder: new VFile({ path: dir, cwd: root }) };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT = new TextDecoder('utf-8');

/**
 * Sources must be UTF-8. Older Korean editors save EUC-KR (CP949), which would otherwise build
 * into pages of replacement characters without a word: say so at the first bad byte.
 */
function decodeSource(bytes: Buffer, relative: string, root: string, locale: Locale): VFile {
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

interface Listing {
  assets: Map<string, AssetFile>;
  skipped: Map<string, Phrase>;
  within: string;
}

const SAME_NAME = phrase('path.sameName');

async function listAssets(base: string, sub: string, into: Listing): Promise<void> {
  const entries = readdirSync(path.join(base, sub), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const relative = sub ? `${sub}/${entry.name}` : entry.name;
    if (sub === '' && /^(ko|en)\.md$/.test(entry.name)) continue;
    const name = relative.normalize('NFC');
    // Folders are walked only where they are, never through a link: a link to a parent would never end.
    if (entry.isDirectory()) {
      await listAssets(base, relative, into);
      continue;
    }
    if (into.assets.has(name) || into.skipped.has(name)) {
      into.assets.delete(name);
      into.skipped.set(name, SAME_NAME);
      continue;
    }
    if (!entry.isFile() && !entry.isSymbolicLink()) {
      into.skipped.set(name, notRegular(await lstat(path.join(base, relative))));
      continue;
    }
    const result = await readSource(path.join(base, relative), SNIFF_BYTES, { within: into.within, head: true });
    if (result.type === 'read') into.assets.set(name, { size: result.size, diskName: relative, head: result.bytes });
    else if (result.type === 'refused') {
      into.skipped.set(name, result.reason.key === 'path.folder' ? phrase('path.linkToFolder') : result.reason);
    }
  }
}
