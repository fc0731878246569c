// Compiles one notice on its own (no other notice is read), so notices can later run in parallel.
import type { Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import { eachElement } from './each-element.js';
import type { Instant, Locale, Notice, NoticeMeta } from '../model.js';
import { createMarkdownProcessor, markdownToHast } from './markdown-to-hast.js';
import type { Translator } from '../i18n/create-i18n.js';

export interface CompiledVersion {
  locale: Locale;
  meta: NoticeMeta;
  /** The sanitised body. */
  body: Root;
}

export interface CompiledNotice {
  id: string;
  dir: string;
  versions: Partial<Record<Locale, CompiledVersion>>;
  /** Files of the notice folder that pages may use (attachments, images), relative to it. */
  assets: string[];
  /**
   * A hash of everything its outputs are made from (its published sources, the config, the
   * locales, gongbo's code), set by the build: outputs of an unchanged key are reused.
   */
  key?: string;
  /**
   * Per language, a hash of what that language's outputs show (its own file, which translations
   * exist, the folder's files): a listing or feed entry in English is the same whatever the Korean
   * text says. Set by the build with `key`.
   */
  pageKeys?: Partial<Record<Locale, string>>;
  /** Where an asset is on disk when its name there differs in Unicode form (see Notice). */
  diskNames?: Record<string, string>;
}

export type Processors = Record<Locale, ReturnType<typeof createMarkdownProcessor>>;

export function createProcessors(t: Translator): Processors {
  return { ko: createMarkdownProcessor(t.ko), en: createMarkdownProcessor(t.en) };
}

/**
 * Which language versions of a notice readers may see at `now`: drafts never, and nothing dated
 * later than `now` (embargoed). Returns an empty object when no version is public.
 */
export function publicVersions(notice: Notice, now: number, includeUnpublished = false): Notice['versions'] {
  const out: Notice['versions'] = {};
  for (const [locale, version] of Object.entries(notice.versions) as [Locale, NonNullable<Notice['versions'][Locale]>][]) {
    if (includeUnpublished || (version.meta.status !== 'draft' && version.meta.date.ms <= now)) out[locale] = version;
  }
  return out;
}

/**
 * `parsed`: trees validation parsed from the language files, used instead of parsing them again.
 * Returns `undefined` after recording a fatal message on the language file when its text exhausts
 * the stack or memory: the limits checked by `check` should prevent it, but if a shape they miss
 * gets through, the author must learn which file, and nothing is published.
 */
export function compileNotice(notice: Notice, processors: Processors, parsed?: ReadonlyMap<VFile, MdastRoot>): CompiledNotice | undefined {
  const versions: CompiledNotice['versions'] = {};
  let ok = true;
  for (const [locale, version] of Object.entries(notice.versions) as [Locale, NonNullable<Notice['versions'][Locale]>][]) {
    const body = guarded(version.file, () => markdownToHast(processors[locale], version.file, notice.assets, parsed?.get(version.file)));
    if (body) versions[locale] = { locale, meta: version.meta, body };
    else ok = false;
  }
  if (!ok) return undefined;
  const assets = publishedAssets(notice, versions);
  const diskNames = assets.filter((a) => notice.diskNames?.[a]).map((a) => [a, notice.diskNames![a]!]);
  return { id: notice.id, dir: notice.dir, versions, assets, ...(diskNames.length > 0 ? { diskNames: Object.fromEntries(diskNames) } : {}) };
}

/**
 * A notice's text could not be compiled or laid out (see `guarded`); its language file carries the
 * fatal message saying why, and the build stops with nothing written.
 */
export class TextTooComplexError extends Error {
  override name = 'TextTooComplexError';
}

/** `guarded` for a whole notice: throws TextTooComplexError once the message is on the file. */
export function guardedNotice<T>(notice: { versions: Partial<Record<Locale, { file: VFile }>> }, step: () => T): T {
  const files = Object.values(notice.versions).map((v) => v!.file);
  const file = files[0]!;
  const result = guarded(file, step);
  if (result === undefined) throw new TextTooComplexError(`${file.path} could not be laid out`);
  return result;
}

/** Runs `step` on `file`'s content; a RangeError (stack or array size exhausted) becomes its fatal message. */
export function guarded<T>(file: VFile, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    file.message(
      `gongbo could not lay out this text (${error.message}): it is nested too deeply or is too long. Flatten deep lists, quotes and HTML, or move long parts into an attachment`,
      { place: { line: 1, column: 1 }, ruleId: 'body-too-complex', source: 'gongbo' },
    ).fatal = true;
    return undefined;
  }
}

/**
 * The files of a notice's folder that go out with it: its attachments and what its text links or
 * shows. Anything else left in `files/` (an old draft, an internal memo) stays private.
 */
export function publishedAssets(notice: Notice, versions: CompiledNotice['versions']): string[] {
  const wanted = new Set<string>();
  for (const version of Object.values(versions)) {
    for (const attachment of version.meta.attachments) wanted.add(attachment.file);
    eachElement(version.body, (node) => {
      for (const value of [node.properties.href, node.properties.src]) {
        if (typeof value !== 'string' || /^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(value)) continue;
        try {
          wanted.add(decodeURIComponent(value.split(/[?#]/)[0]!).replace(/^\.\//, ''));
        } catch {
          // A malformed escape names no file.
        }
      }
    });
  }
  return notice.assets.filter((asset) => wanted.has(asset));
}

/** The time a reader should see as "last changed": the latest of date, updated, changes, withdrawal. */
export function lastModified(meta: NoticeMeta): Instant {
  const candidates = [meta.updated, meta.withdrawn?.date, ...meta.changes.map((c) => c.date)];
  return candidates.reduce<Instant>((latest, next) => (next && next.ms > latest.ms ? next : latest), meta.date);
}
