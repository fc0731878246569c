// Builds each language's Pagefind search index from the notice pages a build makes, as keyed outputs.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { SearchAnswer, SearchRequest } from './search-thread.js';
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
 * One index while a build makes it. Pages go to the search thread as they are made (it keeps them on
 * disk and feeds Pagefind's process), so this holds no page, and Pagefind is fed while the build's
 * thread renders listings and feeds: fed from here, each page waited for this thread's next turn.
 */
export class SearchIndexBuilder {
  readonly locale: Locale;
  readonly prefix: string;
  readonly key: string;
  readonly #number: number;
  /** Pages the previous build wrote, read back only when the index is made (see add). */
  #later = new Map<string, () => string>();
  #done = false;
  /** Given up by the build (see discard): `outputs` must not ask the thread for it any more. */
  #discarded = false;
  /** Pages still to be added; `outputs` waits for the last one. */
  #missing: number;
  #allAdded: { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void };

  /**
   * `prefix`: where the bundle goes under `dist/`; `pages`: how many pages it holds (`outputs` makes
   * it once all are added); `scratchDir`: where pages wait meanwhile (see ScratchFile).
   */
  constructor(locale: Locale, prefix: string, key: string, pages: number, scratchDir: string) {
    this.locale = locale;
    this.prefix = prefix;
    this.key = key;
    this.#number = nextIndex++;
    this.#missing = pages;
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    this.#allAdded = { promise, resolve, reject };
    this.#allAdded.promise.catch(() => {}); // awaited by `outputs`, if it is called
    if (pages === 0) this.#allAdded.resolve();
    searchThread().postMessage({ type: 'open', index: this.#number, locale, scratchDir } satisfies SearchRequest);
  }

  /** Index the page of notice `id`; `html` may be a function that reads a page the previous build wrote. */
  add(id: string, html: string | (() => string)): void {
    if (typeof html === 'function') this.#later.set(id, html);
    else send({ type: 'page', index: this.#number, id, html });
    if (--this.#missing === 0) this.#allAdded.resolve();
  }

  /** Give back what a build that stopped before `outputs` (it failed) gave the thread. */
  discard(): void {
    this.#discarded = true;
    this.#later.clear();
    this.#allAdded.reject(new Error('the build stopped before every page was added'));
    if (this.#done) return;
    this.#done = true;
    thread?.worker.postMessage({ type: 'discard', index: this.#number } satisfies SearchRequest);
  }

  /**
   * The bundle's files as outputs of the build, all keyed by the index's key, once every page is
   * added: a build asks for them before it adds its first page, so that Pagefind makes each index
   * as soon as its months' pages are there (a cold build adds them newest first), not after.
   */
  async outputs(): Promise<KeyedOutput[]> {
    try {
      await this.#allAdded.promise;
      for (const [id, read] of this.#later) {
        send({ type: 'page', index: this.#number, id, html: read() });
        await searchRoom();
      }
      // Given up meanwhile: asking now would start the search thread again after the build closed it.
      if (this.#discarded) throw new Error('the build stopped before the index was made');
      this.#later.clear();
      this.#done = true;
      const answer = await ask(this.#number);
      if (answer.type !== 'files') throw new Error(answer.type === 'failed' ? answer.message : 'the search thread closed');
      const prefix = this.prefix;
      return answer.files
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

/** The search thread of the process and the answers it owes. */
interface SearchThread {
  worker: Worker;
  waiting: Map<number, (answer: SearchAnswer) => void>;
  /** Called when the thread says Pagefind has stopped. */
  closed?: () => void;
}
let thread: SearchThread | undefined;
let nextIndex = 1;

function searchThread(): Worker {
  if (thread) return thread.worker;
  // A small young generation: the thread holds one page at a time, and V8's default reserves tens
  // of megabytes per thread (a 10,000-notice build went past its memory bound without this).
  const worker = new Worker(new URL('./search-thread.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  const started: SearchThread = { worker, waiting: new Map() };
  worker.on('message', (answer: SearchAnswer) => {
    if (answer.type === 'took') took();
    else if (answer.type === 'closed') started.closed?.();
    else started.waiting.get(answer.index)?.(answer);
  });
  // A thread that dies fails every index it owed.
  const fail = (error: unknown) => {
    // Pages it owed are gone with it: a build waiting for room goes on (and fails on `outputs`).
    unsent = 0;
    took();
    for (const [index, resolve] of started.waiting) resolve({ type: 'failed', index, message: String(error) });
    started.waiting.clear();
    started.closed?.();
    if (thread === started) thread = undefined;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the search thread stopped (${code})`)));
  // Between builds (serve), an idle thread does not keep the process alive.
  if (holds === 0) worker.unref();
  thread = started;
  return worker;
}

/**
 * Pages sent to the search thread and not yet on disk there. A build writes pages faster than the
 * thread deflates them, and each one waiting in the thread's queue is a whole page in memory:
 * 10,000 notices' pages queued took the build past its memory bound.
 */
let unsent = 0;
const PAGES_IN_FLIGHT = 64;
let roomWaiters: Array<() => void> = [];

function send(request: Extract<SearchRequest, { type: 'page' }>): void {
  unsent += 1;
  searchThread().postMessage(request satisfies SearchRequest);
}

function took(): void {
  unsent = Math.max(0, unsent - 1);
  if (unsent > PAGES_IN_FLIGHT / 2 || roomWaiters.length === 0) return;
  const woken = roomWaiters;
  roomWaiters = [];
  for (const wake of woken) wake();
}

/** Resolves when the search thread has room for more pages (at once, mostly). */
export function searchRoom(): Promise<void> {
  if (unsent < PAGES_IN_FLIGHT) return Promise.resolve();
  // Held open while a page is owed: the build awaits the thread.
  hold();
  return new Promise((resolve) => roomWaiters.push(() => {
    letGo();
    resolve();
  }));
}

/** Things the build awaits from the thread (answers, room): while any, the thread keeps the process alive. */
let holds = 0;

function hold(): void {
  if (holds++ === 0) thread?.worker.ref();
}

function letGo(): void {
  if (--holds === 0) thread?.worker.unref();
}

/** Finish index `index` in the search thread: its files, or why not. */
function ask(index: number, request: SearchRequest = { type: 'finish', index }): Promise<SearchAnswer> {
  const worker = searchThread();
  return new Promise((resolve) => {
    // Held open while it owes an answer: the build awaits nothing else.
    hold();
    thread!.waiting.set(index, (answer) => {
      thread?.waiting.delete(index);
      letGo();
      resolve(answer);
    });
    worker.postMessage(request);
  });
}

/**
 * Bytes the search thread's heap holds once every page sent before has reached it (collected first
 * when the process exposes `gc`): for tests that pages wait on disk there, not in memory.
 */
export async function searchThreadHeap(): Promise<number> {
  // 0 numbers no index (they start at 1).
  const answer = await ask(0, { type: 'heap', index: 0 });
  if (answer.type !== 'heap') throw new Error('the search thread did not say what its heap holds');
  return answer.bytes;
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
  if (users > 0 || !thread) return;
  const closing = thread;
  thread = undefined;
  // Pagefind's process stops before the thread does: a thread ended first would leave it running.
  await new Promise<void>((resolve) => {
    closing.closed = resolve;
    closing.worker.ref();
    closing.worker.postMessage({ type: 'close' } satisfies SearchRequest);
  });
  await closing.worker.terminate();
}
