// Finds the notice folders of a site and reads their language files and attachments from disk.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { LOCALES, type Locale } from '../model.js';

export const NOTICES_DIR = 'notices';

/** A notice folder as found on disk, before validation. */
export interface NoticeSource {
  id: string;
  /** Folder relative to the site root. */
  dir: string;
  files: Partial<Record<Locale, VFile>>;
  /** Every other file in the folder (relative path → size in bytes), for attachments. */
  assets: Map<string, number>;
  /** Problems with the folder itself (its name, missing language files). */
  folder: VFile;
}

/** Read every notice folder under `root/notices`, sorted by id. */
export async function loadNotices(root: string): Promise<NoticeSource[]> {
  const noticesDir = path.join(root, NOTICES_DIR);
  let entries;
  try {
    entries = await readdir(noticesDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read the notices folder ${noticesDir}`, { cause: error });
  }
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  return Promise.all(dirs.map((id) => loadNotice(root, id)));
}

async function loadNotice(root: string, id: string): Promise<NoticeSource> {
  const dir = `${NOTICES_DIR}/${id}`;
  const files: Partial<Record<Locale, VFile>> = {};
  for (const locale of LOCALES) {
    const relative = `${dir}/${locale}.md`;
    try {
      files[locale] = decodeSource(await readFile(path.join(root, relative)), relative, root, locale);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`Cannot read ${relative}`, { cause: error });
      }
    }
  }
  const assets = new Map<string, number>();
  await listAssets(path.join(root, dir), '', assets);
  return { id, dir, files, assets, folder: new VFile({ path: dir, cwd: root }) };
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

async function listAssets(base: string, sub: string, into: Map<string, number>): Promise<void> {
  const entries = await readdir(path.join(base, sub), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const relative = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await listAssets(base, relative, into);
    else if (entry.isFile() && !(sub === '' && /^(ko|en)\.md$/.test(entry.name))) {
      into.set(relative, (await stat(path.join(base, relative))).size);
    }
  }
}
