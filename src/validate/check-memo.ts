// Remembers what validating each notice found, keyed by its bytes: an unchanged notice is not parsed again.
import { createHash } from 'node:crypto';
import { readJsonFile, writeJsonFile } from '../write/json-file.js';
import type { VFile } from 'vfile';
import type { NoticeSource } from '../load/load-notices.js';
import { sourceHash } from '../load/source-hash.js';
import { LOCALES, type Locale, type Notice, type NoticeMeta } from '../model.js';
import { render, type Phrase } from '../i18n/say.js';

type Slot = 'folder' | Locale;
/** [file, reason, line, column, endLine, endColumn, ruleId, fatal, phrase]: the phrase renders it in any language. */
type SavedMessage = [Slot, string, number | null, number | null, number | null, number | null, string | null, boolean | null, Phrase | null];

/** What validating one notice found, as plain data (it crosses from a worker thread, and is saved). */
export interface MemoEntry {
  /** Metadata per language, when the notice was usable. */
  metas?: Partial<Record<Locale, NoticeMeta>>;
  assets?: string[];
  diskNames?: Record<string, string>;
  messages: SavedMessage[];
}

export interface CheckMemo {
  /** Validate `source` with `validate`, or replay what validating the same bytes found before. */
  run(source: NoticeSource, validate: () => Notice | undefined): Notice | undefined;
  /** Whether the memo has nothing for `source`'s bytes (it must be validated). */
  lacks(source: NoticeSource): boolean;
  /** Take what validating `source` elsewhere found (`validatedEntry` in a worker), as `run` would have. */
  adopt(source: NoticeSource, entry: MemoEntry): Notice | undefined;
  /** Keep what this run used (and only that) for the next one. */
  save(): Promise<void>;
}

/**
 * `context` names everything besides the notice's own files that validation reads (the config and
 * gongbo's code); a change to it empties the memo.
 */
export async function openCheckMemo(file: string, context: string): Promise<CheckMemo> {
  let before: Record<string, MemoEntry> = {};
  // No memo yet (or a damaged one): validate everything.
  const saved = (await readJsonFile(file)) as { context?: string; entries?: Record<string, MemoEntry> } | undefined;
  if (saved?.context === context && saved.entries) before = saved.entries;
  const used: Record<string, MemoEntry> = {};
  // A cold check asks for a notice's key twice (`lacks`, then `adopt`): its sources are hashed once.
  const keys = new WeakMap<NoticeSource, string>();
  const keyOf = (source: NoticeSource) => {
    let key = keys.get(source);
    if (key === undefined) keys.set(source, (key = sourceKey(source)));
    return key;
  };
  let changed = false;

  return {
    run(source, validate) {
      const key = keyOf(source);
      const entry = before[key];
      if (entry) {
        used[key] = entry;
        return replay(source, entry);
      }
      // Messages the loader put there are made again by loading; only validation's are saved.
      const loaded = new Map(filesOf(source).map(([slot, file]) => [slot, file.messages.length]));
      const notice = validate();
      used[key] = record(source, notice, loaded);
      changed = true;
      return notice;
    },
    lacks(source) {
      return before[keyOf(source)] === undefined;
    },
    adopt(source, entry) {
      used[keyOf(source)] = entry;
      changed = true;
      return replay(source, entry);
    },
    async save() {
      if (!changed && Object.keys(used).length === Object.keys(before).length) return;
      await writeJsonFile(file, { context, entries: used });
    },
  };
}

/** Validate `source` and give what the memo keeps of it: where a worker validates, the entry is its answer. */
export function validatedEntry(source: NoticeSource, validate: () => Notice | undefined): MemoEntry {
  const loaded = new Map(filesOf(source).map(([slot, file]) => [slot, file.messages.length]));
  return record(source, validate(), loaded);
}

function sourceKey(source: NoticeSource): string {
  // The folder's files as loaded (sizes, names on disk, first bytes) and what loading skipped.
  const hash = createHash('sha256').update(source.id).update('\0')
    .update(JSON.stringify([[...source.assets], [...(source.skipped ?? [])], source.refused ?? false]));
  for (const locale of LOCALES) {
    const file = source.files[locale];
    hash.update(`\0${locale}\0`).update(file ? sourceHash(file) : '\u0000none');
    // A file read with problems (encoding) carries them already: part of what it is.
    if (file) hash.update(JSON.stringify(file.messages.map((m) => m.reason)));
  }
  return hash.digest('hex');
}

function filesOf(source: NoticeSource): Array<[Slot, VFile]> {
  return [['folder', source.folder], ...LOCALES.flatMap((l): Array<[Slot, VFile]> => (source.files[l] ? [[l, source.files[l]!]] : []))];
}

function record(source: NoticeSource, notice: Notice | undefined, loaded: Map<Slot, number>): MemoEntry {
  const messages: SavedMessage[] = [];
  for (const [slot, file] of filesOf(source)) {
    for (const m of file.messages.slice(loaded.get(slot) ?? 0)) {
      const end = m.place && 'end' in m.place ? m.place.end : undefined;
      messages.push([slot, m.reason, m.line ?? null, m.column ?? null, end?.line ?? null, end?.column ?? null, m.ruleId ?? null, m.fatal ?? null, m.phrase ?? null]);
    }
  }
  const metas = notice ? Object.fromEntries(Object.entries(notice.versions).map(([l, v]) => [l, v!.meta])) : undefined;
  return {
    ...(metas ? { metas, assets: notice!.assets } : {}),
    ...(notice?.diskNames ? { diskNames: notice.diskNames } : {}),
    messages,
  };
}

function replay(source: NoticeSource, entry: MemoEntry): Notice | undefined {
  const files = new Map(filesOf(source));
  for (const [slot, reason, line, column, endLine, endColumn, ruleId, fatal, said] of entry.messages) {
    const file = files.get(slot);
    if (!file) continue;
    const start = line === null ? undefined : { line, column: column ?? 1 };
    const place = start && endLine !== null ? { start, end: { line: endLine, column: endColumn ?? 1 } } : start;
    // Rendered again: the wording of a key may have changed since (the memo is keyed by code, not by catalog).
    const message = file.message(said ? render(said, 'en') : reason, { ...(place ? { place } : {}), ...(ruleId ? { ruleId } : {}), source: 'gongbo' });
    if (said) message.phrase = said;
    message.fatal = fatal === null ? undefined : fatal;
  }
  if (!entry.metas) return undefined;
  const notice: Notice = {
    id: source.id, dir: source.dir, versions: {}, assets: entry.assets ?? [], ...(entry.diskNames ? { diskNames: entry.diskNames } : {}),
  };
  for (const [locale, meta] of Object.entries(entry.metas) as Array<[Locale, NoticeMeta]>) {
    notice.versions[locale] = { locale, file: source.files[locale]!, meta };
  }
  return notice;
}
