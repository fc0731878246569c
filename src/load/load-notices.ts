// Finds the notice folders of a site and reads their language files and attachments from disk.
import { lstat, readdir, realpath } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { LOCALES, type Locale } from '../model.js';
import { MAX_SOURCE_BYTES, SNIFF_BYTES } from './limits.js';
import { describeKind, explainUnreadable, inspectEntry, readSource } from './read-source.js';

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
  skipped: Map<string, string>;
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
    if (entry.type === 'refused' && entry.reason.startsWith('is a symbolic link')) {
      folder.message(`\`${dir}\` ${entry.reason}: move the folder into \`${NOTICES_DIR}/\` instead of linking to it, since everything published must be in the site's own \`${NOTICES_DIR}/\` folder`, {
        ruleId: 'notice-skipped', source: 'gongbo',
      }).fatal = true;
    } else {
      const what = entry.type === 'refused' ? entry.reason : 'is a file';
      folder.message(`\`${dir}\` ${what}, not a notice folder, and is skipped: a notice is a folder \`${NOTICES_DIR}/YYYY-MM-DD-slug/\` holding \`ko.md\` and/or \`en.md\``, {
        ruleId: 'notice-skipped', source: 'gongbo',
      }).fatal = false;
    }
    return { id: name, dir, files: {}, assets: new Map(), skipped: new Map(), folder, refused: true };
  }));
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
    file.message(explainUnreadable(result, 'a language file', MAX_SOURCE_BYTES), { ruleId: 'source-file', source: 'gongbo' }).fatal = true;
    files[locale] = file;
  }
  const assets = new Map<string, AssetFile>();
  const skipped = new Map<string, string>();
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
    file.message(
      'This file is not saved as UTF-8 (it looks like EUC-KR/CP949, which older Korean editors use): save it again with the encoding UTF-8',
      { place: { line, column }, ruleId: 'file-encoding', source: 'gongbo' },
    ).fatal = true;
    return file;
  }
}

interface Listing {
  assets: Map<string, AssetFile>;
  skipped: Map<string, string>;
  within: string;
}

const SAME_NAME = 'is the name of two files whose names differ only in Unicode form (one composed, NFC, and one decomposed, NFD, as macOS writes names): delete or rename one of them';

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
      into.skipped.set(name, `is ${describeKind(await lstat(path.join(base, relative)))}, not a regular file`);
      continue;
    }
    const result = await readSource(path.join(base, relative), SNIFF_BYTES, { within: into.within, head: true });
    if (result.type === 'read') into.assets.set(name, { size: result.size, diskName: relative, head: result.bytes });
    else if (result.type === 'refused') {
      into.skipped.set(name, result.reason === 'is a folder, not a regular file' ? 'is a symbolic link to a folder; only links to files are followed' : result.reason);
    }
  }
}
