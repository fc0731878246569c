// A published notice whose body is compiled only when an output that shows it is made.
import type { Root } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import type { Locale, Notice } from '../model.js';
import type { Translator } from '../i18n/create-i18n.js';
import { compileNotice, createProcessors, publishedAssets, TextTooComplexError, type CompiledNotice, type Processors } from './compile-notice.js';

export interface LazyNotice extends CompiledNotice {
  key: string;
  /** What it is compiled from: the notice with only its published language files. */
  readonly source: Notice;
  /** Set the files its text uses, when they were found elsewhere (a worker thread). */
  knowAssets(assets: string[]): void;
  /** Whether its body is compiled now (its outputs were made in this build). */
  readonly compiled: boolean;
  /** Drop the compiled body: a build holds metadata for every notice, bodies for a few at a time. */
  release(): void;
}

export type CompileBodies = (notice: Notice) => Partial<Record<Locale, Root>>;

/**
 * Compiles bodies with processors made on first use (a build where nothing changed makes none).
 * `trees`: Markdown trees validation parsed, each used once (compiling changes it) and dropped.
 */
export function noticeCompiler(t: Translator, trees?: Map<VFile, MdastRoot>): CompileBodies {
  let processors: Processors | undefined;
  return (notice) => {
    processors ??= createProcessors(t);
    const parsed = new Map<VFile, MdastRoot>();
    for (const version of Object.values(notice.versions)) {
      const tree = trees?.get(version!.file);
      if (!tree) continue;
      parsed.set(version!.file, tree);
      trees!.delete(version!.file);
    }
    const compiled = compileNotice(notice, processors, parsed);
    // The fatal message is on the language file already (see `guarded`).
    if (!compiled) throw new TextTooComplexError(`${notice.dir} could not be compiled`);
    return Object.fromEntries(Object.entries(compiled.versions).map(([l, v]) => [l, v!.body]));
  };
}

/**
 * `versions`: the languages published now. `knownAssets`: the files the previous build found its
 * text uses, when its key is the same (finding them needs the compiled body).
 */
export function lazyNotice(
  notice: Notice, versions: Notice['versions'], key: string, compile: CompileBodies, knownAssets?: string[],
): LazyNotice {
  let bodies: Partial<Record<Locale, Root>> | undefined;
  const published: Notice = { ...notice, versions };
  const body = (locale: Locale) => (bodies ??= compile(published))[locale]!;
  const lazyVersions: CompiledNotice['versions'] = {};
  for (const [locale, version] of Object.entries(versions) as Array<[Locale, NonNullable<Notice['versions'][Locale]>]>) {
    lazyVersions[locale] = { locale, meta: version.meta, get body() { return body(locale); } };
  }
  let assets = knownAssets;
  return {
    id: notice.id,
    dir: notice.dir,
    key,
    ...(notice.diskNames ? { diskNames: notice.diskNames } : {}),
    versions: lazyVersions,
    source: published,
    knowAssets(found) {
      assets = found;
    },
    get assets() {
      assets ??= publishedAssets(notice, lazyVersions);
      return assets;
    },
    get compiled() {
      return bodies !== undefined;
    },
    release() {
      bodies = undefined;
    },
  };
}

