// Builds each language's Pagefind search index from the notice pages a build makes, as keyed outputs.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { ScratchFile, type Span } from '../../write/scratch-file.js';
import * as pagefind from 'pagefind';
import type { Locale } from '../../model.js';
import type { KeyedOutput } from '../../write/write-site.js';

/**
 * Where the index of a language's bundle (a run of months, see planSearchBundles) lives under
 * `dist/`, beside the search page. An edit makes its bundle's index again, not the archive's, and
 * the search page merges the bundles (Pagefind's `mergeIndex`).
 */
export function searchBundlePath(locale: Locale, bundle: string): string {
  return `${locale}/search/pagefind/${bundle}/`;
}

/**
 * The files of Pagefind's bundle a reader's browser needs. Pagefind also writes its own search
 * interfaces (`pagefind-ui.js` and others); the search page has its own, so they stay out.
 */
function isNeeded(file: string): boolean {
  return !/^pagefind-(?:ui|component-ui|modular-ui|highlight)\./.test(file);
}

export class SearchIndexError extends Error {
  constructor(locale: Locale, cause: unknown) {
    super(`Could not build the ${locale} search index with Pagefind`, { cause });
    this.name = 'SearchIndexError';
  }
}

/**
 * The key of one index from the keys of the pages it holds, which name their bytes (`contextKey`
 * for the code and config, Pagefind's version among gongbo's dependencies).
 */
export function searchIndexKey(contextKey: string, bundlePath: string, pageKeys: readonly string[]): string {
  const hash = createHash('sha256').update(contextKey).update('\0search\0').update(bundlePath);
  for (const key of pageKeys) hash.update('\0').update(key);
  return hash.digest('hex');
}

/**
 * The previous build's files of the index at `prefix` when all of them were made for `key` (from
 * `previousBundles`); `undefined` when the index must be made again.
 */
export function previousIndexFiles(previousBundles: ReadonlyMap<string, Array<[string, string]>>, prefix: string, key: string): string[] | undefined {
  const files = previousBundles.get(prefix) ?? [];
  if (files.length === 0 || files.some(([, fileKey]) => fileKey !== key)) return undefined;
  return files.map(([p]) => p).sort();
}

/**
 * The previous build's index files by bundle folder (`<lang>/search/pagefind/<bundle>/`): [path, key].
 * Grouped once: an archive has dozens of bundles and ten thousand other outputs.
 */
export function previousBundles(previousOutputs: Record<string, [string, ...unknown[]]> | undefined): Map<string, Array<[string, string]>> {
  const bundles = new Map<string, Array<[string, string]>>();
  for (const [file, record] of Object.entries(previousOutputs ?? {})) {
    const match = /^[^/]+\/search\/pagefind\/[^/]+\//.exec(file);
    if (!match) continue;
    const list = bundles.get(match[0]) ?? [];
    list.push([file, record[0]]);
    bundles.set(match[0], list);
  }
  return bundles;
}

/**
 * One index while a build makes it: pages go to Pagefind as they are made (Pagefind runs in its own
 * process, so this holds no page), and `outputs` collects the bundle at the end.
 */
export class SearchIndexBuilder {
  readonly locale: Locale;
  readonly prefix: string;
  readonly key: string;
  #index: Promise<pagefind.PagefindIndex>;

  /** `prefix`: where the bundle goes under `dist/`; `scratchDir`: where pages wait meanwhile (see ScratchFile). */
  constructor(locale: Locale, prefix: string, key: string, scratchDir: string) {
    this.#scratchDir = scratchDir;
    this.locale = locale;
    this.prefix = prefix;
    this.key = key;
    // Forced: Pagefind would otherwise split a page it reads as another language into another index.
    this.#index = pagefind.createIndex({ forceLanguage: locale }).then(({ errors, index }) => {
      if (!index) throw new SearchIndexError(locale, new Error(errors.join('; ') || 'Pagefind did not start'));
      return index;
    });
    // Failures surface from `outputs`; until then nothing awaits this.
    this.#index.catch(() => {});
  }

  /** Pages to index, by notice id: where its deflated HTML is in the spill file, or a function reading it back (see add). */
  #pages = new Map<string, Span | (() => string)>();
  #spill: ScratchFile | undefined;
  readonly #scratchDir: string;

  /**
   * Index the page of notice `id`. Kept until `outputs`, which adds every page in the order of
   * their ids: Pagefind's files depend on the order pages arrive, and pages arrive in whatever
   * order the workers finish them, so adding them as they come made each build's index different.
   * Kept on disk, not in memory: an archive's pages, even deflated, were most of a build's memory.
   * `html` may be a function that reads a page the previous build wrote.
   */
  add(id: string, html: string | (() => string)): void {
    if (typeof html === 'function') {
      this.#pages.set(id, html);
      return;
    }
    this.#spill ??= new ScratchFile(this.#scratchDir, '.search-');
    this.#pages.set(id, this.#spill.write(deflateRawSync(html)));
  }

  /** Give back the spill file of a build that stopped before `outputs` (it failed). */
  discard(): void {
    this.#pages.clear();
    this.#spill?.close();
    this.#spill = undefined;
  }

  /** The bundle's files as outputs of the build, all keyed by the index's key. */
  async outputs(): Promise<KeyedOutput[]> {
    try {
      const index = await this.#index;
      for (const id of [...this.#pages.keys()].sort()) {
        const page = this.#pages.get(id)!;
        const content = typeof page === 'function' ? page() : inflateRawSync(this.#spill!.read(page)).toString('utf8');
        const { errors } = await index.addHTMLFile({ url: `/${this.locale}/${id}/`, content });
        if (errors.length > 0) throw new Error(`${this.locale}/${id}/: ${errors.join('; ')}`);
      }
      this.discard();
      const { errors, files } = await index.getFiles();
      if (errors.length > 0) throw new Error(errors.join('; '));
      await index.deleteIndex();
      const prefix = this.prefix;
      return files
        .filter((file) => isNeeded(file.path))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        .map((file) => {
          const data = file.content;
          return { path: prefix + file.path.split('\\').join('/'), key: this.key, make: () => ({ data }) };
        });
    } catch (error) {
      this.discard();
      throw error instanceof SearchIndexError ? error : new SearchIndexError(this.locale, error);
    }
  }
}

/** The previous build's index files, linked again (their key says they hold exactly these pages). */
export function reusedIndexOutputs(files: readonly string[], key: string): KeyedOutput[] {
  return files.map((file) => ({
    path: file,
    key,
    make: () => {
      throw new Error(`${file} vanished from the previous build while this one ran; build again`);
    },
  }));
}

/** Builds using Pagefind's one process at this moment (builds may overlap in a process: serve, tests). */
let users = 0;

/** Say that a build is about to make indexes: Pagefind's process stays until each user is done. */
export function useSearchIndexes(): void {
  users += 1;
}

/** A build is done with Pagefind; the last one stops its process (it starts again when next needed). */
export async function closeSearchIndexes(): Promise<void> {
  users = Math.max(0, users - 1);
  if (users === 0) await pagefind.close();
}
