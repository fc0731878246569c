// The thread that talks to Pagefind: it holds the pages of each index and feeds them to Pagefind's
// process, whatever the build's own thread is busy with meanwhile.
import { parentPort } from 'node:worker_threads';
import v8 from 'node:v8';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { ScratchFile, type Span } from '../../write/scratch-file.js';
import type { Locale } from '../../model.js';

/** What the build's thread asks (see search-index.ts); `index` numbers one index of the process. */
export type SearchRequest =
  | { type: 'open'; index: number; locale: Locale; scratchDir: string }
  | { type: 'page'; index: number; id: string; html: string }
  | { type: 'finish'; index: number }
  | { type: 'discard'; index: number }
  /** What the thread's heap holds, collected first where `gc` is exposed (tests: see searchThreadHeap). */
  | { type: 'heap'; index: number }
  | { type: 'close' };

export type SearchAnswer =
  | { type: 'files'; index: number; files: Array<{ path: string; content: Uint8Array }> }
  | { type: 'failed'; index: number; message: string }
  /** A page is on disk: the build's thread may send another (see SearchIndexBuilder.room). */
  | { type: 'took' }
  | { type: 'heap'; index: number; bytes: number }
  | { type: 'closed' };

interface OpenIndex {
  locale: Locale;
  pagefind: Promise<pagefind.PagefindIndex>;
  /** Where each page's deflated HTML is in `spill`, by notice id. */
  pages: Map<string, Span>;
  spill: ScratchFile | undefined;
  scratchDir: string;
}

const indexes = new Map<number, OpenIndex>();

function open(request: Extract<SearchRequest, { type: 'open' }>): void {
  // Forced: Pagefind would otherwise split a page it reads as another language into another index.
  const started = pagefind.createIndex({ forceLanguage: request.locale }).then(({ errors, index }) => {
    if (!index) throw new Error(errors.join('; ') || 'Pagefind did not start');
    return index;
  });
  started.catch(() => {}); // reported by `finish`
  indexes.set(request.index, { locale: request.locale, pagefind: started, pages: new Map(), spill: undefined, scratchDir: request.scratchDir });
}

/**
 * Kept until `finish`, which adds every page in the order of their ids: Pagefind's files depend on
 * the order pages arrive, and pages arrive in whatever order the workers finished them. Kept on
 * disk, deflated: an archive's pages were most of a build's memory.
 */
function page(request: Extract<SearchRequest, { type: 'page' }>): void {
  const index = indexes.get(request.index);
  if (!index) return;
  index.spill ??= new ScratchFile(index.scratchDir, '.search-');
  index.pages.set(request.id, index.spill.write(deflateRawSync(request.html)));
}

async function finish(request: Extract<SearchRequest, { type: 'finish' }>): Promise<SearchAnswer> {
  const index = indexes.get(request.index);
  if (!index) return { type: 'failed', index: request.index, message: 'no such index' };
  try {
    const made = await index.pagefind;
    for (const id of [...index.pages.keys()].sort()) {
      const content = inflateRawSync(index.spill!.read(index.pages.get(id)!)).toString('utf8');
      const { errors } = await made.addHTMLFile({ url: `/${index.locale}/${id}/`, content });
      if (errors.length > 0) throw new Error(`${index.locale}/${id}/: ${errors.join('; ')}`);
    }
    discard(request.index);
    const { errors, files } = await made.getFiles();
    if (errors.length > 0) throw new Error(errors.join('; '));
    await made.deleteIndex();
    return { type: 'files', index: request.index, files: files.map((file) => ({ path: file.path, content: file.content })) };
  } catch (error) {
    discard(request.index);
    return { type: 'failed', index: request.index, message: error instanceof Error ? error.message : String(error) };
  }
}

function discard(number: number): void {
  const index = indexes.get(number);
  if (!index) return;
  indexes.delete(number);
  index.spill?.close();
}

const port = parentPort;
if (port) {
  port.on('message', (request: SearchRequest) => {
    switch (request.type) {
      case 'open': return open(request);
      case 'page':
        page(request);
        port.postMessage({ type: 'took' } satisfies SearchAnswer);
        return;
      case 'discard': return discard(request.index);
      case 'heap': {
        const collect = (globalThis as { gc?: () => void }).gc;
        collect?.();
        collect?.();
        port.postMessage({ type: 'heap', index: request.index, bytes: v8.getHeapStatistics().used_heap_size } satisfies SearchAnswer);
        return;
      }
      case 'finish':
        // Copied, not transferred: Pagefind's buffers may be views of one larger buffer.
        void finish(request).then((answer) => port.postMessage(answer));
        return;
      case 'close':
        for (const number of [...indexes.keys()]) discard(number);
        void pagefind.close().finally(() => port.postMessage({ type: 'closed' } satisfies SearchAnswer));
        return;
    }
  });
}
