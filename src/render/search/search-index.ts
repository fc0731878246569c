// Builds each language's Pagefind search index from the notice pages a build makes, as keyed outputs.
import { createHash } from 'node:crypto';
import * as pagefind from 'pagefind';
import type { Locale } from '../../model.js';
import type { KeyedOutput } from '../../write/write-site.js';

/** Where a language's index lives under `dist/`, beside its search page. */
export function searchBundlePath(locale: Locale): string {
  return `${locale}/search/pagefind/`;
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

export interface SearchIndexPlan {
  locale: Locale;
  /** Names every input of the index: the keys of the pages it holds (and so their bytes), in order. */
  key: string;
  /**
   * The previous build's index files when they were made with `key` (all of them still reusable):
   * the build links them and Pagefind does not run.
   */
  reuse?: string[];
}

/**
 * The key of `locale`'s index from the keys of the pages it indexes (`contextKey` for the code
 * and config that made them, which include Pagefind's version through gongbo's dependencies).
 */
export function searchIndexKey(contextKey: string, locale: Locale, pageKeys: readonly string[]): string {
  const hash = createHash('sha256').update(contextKey).update('\0search\0').update(locale);
  for (const key of pageKeys) hash.update('\0').update(key);
  return hash.digest('hex');
}

/**
 * The previous build's files of `locale`'s index when all of them were made for `key` (from the
 * build state's `outputs`: path → [key, …]); `undefined` when the index must be made again.
 */
export function previousIndexFiles(previousOutputs: Record<string, [string, ...unknown[]]> | undefined, locale: Locale, key: string): string[] | undefined {
  const prefix = searchBundlePath(locale);
  const files = Object.entries(previousOutputs ?? {}).filter(([p]) => p.startsWith(prefix));
  if (files.length === 0 || files.some(([, record]) => record[0] !== key)) return undefined;
  return files.map(([p]) => p).sort();
}

/**
 * One language's index while a build makes it: pages go to Pagefind as they are made (Pagefind runs
 * in its own process, so this holds no page), and `outputs` collects the bundle at the end.
 */
export class SearchIndexBuilder {
  readonly locale: Locale;
  readonly key: string;
  #index: Promise<pagefind.PagefindIndex>;
  #added: Array<Promise<void>> = [];

  constructor(locale: Locale, key: string) {
    this.locale = locale;
    this.key = key;
    // One index per language: the search page's own `lang` picks it, and a mirror-free origin needs no other.
    this.#index = pagefind.createIndex({ forceLanguage: locale }).then(({ errors, index }) => {
      if (!index) throw new SearchIndexError(locale, new Error(errors.join('; ') || 'Pagefind did not start'));
      return index;
    });
    // Failures surface from `outputs`; until then nothing awaits this.
    this.#index.catch(() => {});
  }

  /**
   * Index the page of notice `id`. Not awaited here: the page is on its way to Pagefind's process
   * when this returns, and rendering goes on while Pagefind reads it.
   */
  add(id: string, html: string): void {
    const added = this.#index.then(async (index) => {
      const { errors } = await index.addHTMLFile({ url: `/${this.locale}/${id}/`, content: html });
      if (errors.length > 0) throw new Error(`${this.locale}/${id}/: ${errors.join('; ')}`);
    });
    added.catch(() => {});
    this.#added.push(added);
  }

  /** The bundle's files as outputs of the build, all keyed by the index's key. */
  async outputs(): Promise<KeyedOutput[]> {
    try {
      const index = await this.#index;
      await Promise.all(this.#added);
      const { errors, files } = await index.getFiles();
      if (errors.length > 0) throw new Error(errors.join('; '));
      await index.deleteIndex();
      const prefix = searchBundlePath(this.locale);
      return files
        .filter((file) => isNeeded(file.path))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        .map((file) => {
          const data = file.content;
          return { path: prefix + file.path.split('\\').join('/'), key: this.key, make: () => ({ data }) };
        });
    } catch (error) {
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

/** Stop Pagefind's process (it starts again when an index is next made). */
export async function closeSearchIndexes(): Promise<void> {
  await pagefind.close();
}
