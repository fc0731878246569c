// What loading learnt about each source file, kept in the site's cache by the file's identity
// (device, inode, size, times): a rebuild does not read an unchanged file to name its text in
// keys, nor an unchanged attachment to sniff what it is, nor list an unchanged notice folder.
import { readJsonFile, writeJsonFile } from '../write/json-file.js';

/** Names what the records mean: a file of another format (or anything else) is ignored. */
const FORMAT = 'gongbo-sources-1';

/**
 * How long a file must have been left alone before its identity is trusted. Times have a grain
 * (a few milliseconds on Linux, more on some shares): a file written twice within one grain, and
 * looked at in between, keeps its identity with other bytes. A file last changed this long before
 * the load began had its grain over when it was looked at, so any later write gives it new times.
 * A file saved within it is read again by the next build too: one file, a few milliseconds.
 */
export const SETTLED_MS = 2000;

/** Identity and `changedMs` of a file, as inspectEntrySync or a read gives them. */
export interface Looked {
  id: string;
  changedMs: number;
}

export interface KnownAsset {
  size: number;
  head: Buffer;
}

/** What a folder entry is, as its listing says: a file, a folder, a symbolic link, anything else. */
export type EntryKind = 'f' | 'd' | 'l' | 'o';
export type FolderEntry = [name: string, kind: EntryKind];

export interface SourceRecords {
  /** The hash of a language file's text (see textHash), if the file at `relative` has the identity it had then. */
  text(relative: string, id: string): string | undefined;
  /** What sniffing an attachment found, if the file at `relative` has the identity it had then. */
  asset(relative: string, id: string): KnownAsset | undefined;
  /** Record what reading a language file found (nothing, unless it had been left alone long enough). */
  keepText(relative: string, file: Looked, hash: string): void;
  keepAsset(relative: string, file: Looked, asset: KnownAsset): void;
  /** The entries of the folder at `relative`, if it has the identity it had when they were listed. */
  folder(relative: string, id: string): FolderEntry[] | undefined;
  keepFolder(relative: string, folder: Looked, entries: FolderEntry[]): void;
  /** Keep what this load used (and only that) for the next one. */
  save(): Promise<void>;
}

type TextRecord = [id: string, hash: string];
type AssetRecord = [id: string, size: number, head: string];
/** The names, and their kinds as one letter each. */
type FolderRecord = [id: string, names: string[], kinds: string];

/** `startedAt`: a time before any file of the load was looked at. */
export async function openSourceRecords(file: string, startedAt = Date.now()): Promise<SourceRecords> {
  const saved = (await readJsonFile(file)) as { format?: unknown; texts?: unknown; assets?: unknown; folders?: unknown } | undefined;
  const mine = saved?.format === FORMAT;
  // A damaged record reads as unknown: its file is read.
  const texts = recordsOf<TextRecord>(mine ? saved.texts : undefined, (r) => r.length === 2 && typeof r[1] === 'string' && /^[0-9a-f]{64}$/.test(r[1]));
  const assets = recordsOf<AssetRecord>(mine ? saved.assets : undefined, (r) => r.length === 3 && Number.isSafeInteger(r[1]) && typeof r[2] === 'string');
  const folders = recordsOf<FolderRecord>(mine ? saved.folders : undefined, (r) => r.length === 3 && Array.isArray(r[1])
    && r[1].every((name) => typeof name === 'string') && typeof r[2] === 'string' && /^[fdlo]*$/.test(r[2]) && r[2].length === r[1].length);
  const used = { texts: new Map<string, TextRecord>(), assets: new Map<string, AssetRecord>(), folders: new Map<string, FolderRecord>() };
  let changed = false;
  const settled = (looked: Looked) => looked.changedMs < startedAt - SETTLED_MS;

  return {
    text(relative, id) {
      const record = texts.get(relative);
      if (record?.[0] !== id) return undefined;
      used.texts.set(relative, record);
      return record[1];
    },
    asset(relative, id) {
      const record = assets.get(relative);
      if (record?.[0] !== id) return undefined;
      const head = Buffer.from(record[2], 'base64');
      // The head is at most the file: a record that says otherwise is not what gongbo wrote.
      if (head.length > record[1]) return undefined;
      used.assets.set(relative, record);
      return { size: record[1], head };
    },
    keepText(relative, looked, hash) {
      if (settled(looked)) {
        used.texts.set(relative, [looked.id, hash]);
        changed = true;
      } else if (texts.has(relative)) {
        // Its identity is of a version that is gone, so it matches nothing; kept, it spares writing
        // the records again after every save of a file being edited (until it settles).
        used.texts.set(relative, texts.get(relative)!);
      }
    },
    keepAsset(relative, looked, asset) {
      if (settled(looked)) {
        used.assets.set(relative, [looked.id, asset.size, Buffer.from(asset.head).toString('base64')]);
        changed = true;
      } else if (assets.has(relative)) {
        used.assets.set(relative, assets.get(relative)!);
      }
    },
    folder(relative, id) {
      const record = folders.get(relative);
      if (record?.[0] !== id) return undefined;
      used.folders.set(relative, record);
      return record[1].map((name, n) => [name, record[2][n] as EntryKind]);
    },
    keepFolder(relative, looked, entries) {
      if (settled(looked)) {
        used.folders.set(relative, [looked.id, entries.map(([name]) => name), entries.map(([, kind]) => kind).join('')]);
        changed = true;
      } else if (folders.has(relative)) {
        used.folders.set(relative, folders.get(relative)!);
      }
    },
    async save() {
      if (!changed && used.texts.size === texts.size && used.assets.size === assets.size && used.folders.size === folders.size) return;
      await writeJsonFile(file, {
        format: FORMAT, texts: Object.fromEntries(used.texts), assets: Object.fromEntries(used.assets), folders: Object.fromEntries(used.folders),
      });
    },
  };
}

function recordsOf<T extends [string, ...unknown[]]>(saved: unknown, valid: (record: unknown[]) => boolean): Map<string, T> {
  const records = new Map<string, T>();
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return records;
  for (const [relative, record] of Object.entries(saved)) {
    if (Array.isArray(record) && typeof record[0] === 'string' && valid(record)) records.set(relative, record as T);
  }
  return records;
}
