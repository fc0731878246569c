// The in-progress record a push keeps on the mirror, so a push run after an interruption resends nothing that arrived.
import type { MirrorTransport } from './transport.js';

/** Name of the journal on the mirror; never listed in the mirror's manifest. */
export const JOURNAL = '.gongbo-push.json';

/** What an interrupted push left: what the mirror held beyond its manifest, what it meant to change, what arrived. */
export interface JournalState {
  /**
   * Where the mirror differed from its manifest when the push began (path → sha256, `null` for a
   * file gone, `''` for unknown content): what earlier interrupted pushes had established.
   */
  known: Record<string, string | null>;
  /** Path → sha256 being uploaded, or `null` for a deletion. */
  planned: Record<string, string | null>;
  /** Paths of `planned` known to be done. */
  done: string[];
}

/** The journal in `bytes`, or `undefined` when it is not one (a partial or foreign file counts as none). */
export function parseJournal(bytes: Uint8Array | undefined): JournalState | undefined {
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<JournalState> & { version?: number };
    const isRecord = (v: unknown): v is Record<string, string | null> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (value.version !== 1 || !isRecord(value.known) || !isRecord(value.planned) || !Array.isArray(value.done)) return undefined;
    return { known: value.known, planned: value.planned, done: value.done.filter((p): p is string => typeof p === 'string') };
  } catch {
    return undefined;
  }
}

/**
 * Why a journal: the mirror's manifest is written last, so after an interruption it describes the
 * mirror before the push, not what arrived. Checking every planned file with GET would cost a
 * download per file on every resume, and HEAD sizes can't tell two versions of a page apart.
 * The journal is written before the first change (so a mirror with no journal has an accurate
 * manifest), then rewritten as files arrive — at most every `intervalMs`, since each write resends
 * the whole list — and removed after the manifest. The few files that arrived after its last write
 * are the only ones a resumed push must verify, and it does so by content, not by resending.
 */
export class PushJournal {
  readonly #transport: MirrorTransport;
  readonly #known: Record<string, string | null>;
  readonly #planned: Record<string, string | null>;
  readonly #done = new Set<string>();
  readonly #intervalMs: number;
  #lastWrite = 0;
  #dirty = false;
  #writing: Promise<void> | undefined;
  #error: unknown;

  constructor(transport: MirrorTransport, state: Omit<JournalState, 'done'>, intervalMs: number) {
    this.#transport = transport;
    this.#known = state.known;
    this.#planned = state.planned;
    this.#intervalMs = intervalMs;
  }

  /** Write the journal before the first change. */
  async begin(): Promise<void> {
    this.#dirty = true;
    await this.flush();
  }

  /** Note that `path` arrived (or is gone); written now if the last write is `intervalMs` old, else later. */
  record(path: string): void {
    this.#done.add(path);
    this.#dirty = true;
    if (!this.#writing && performance.now() - this.#lastWrite >= this.#intervalMs) this.#startWrite();
  }

  /** Wait until everything recorded so far is on the mirror. */
  async flush(): Promise<void> {
    while (this.#writing || this.#dirty) {
      if (!this.#writing) this.#startWrite();
      await this.#writing;
      this.#throwIfFailed();
    }
    this.#throwIfFailed();
  }

  /**
   * Remove the journal: the manifest now tells the truth. A failed intermediate write is no
   * reason to fail a push that completed: it only ever saves a resumed push some checking.
   */
  async finish(): Promise<void> {
    await this.#writing;
    await this.#transport.delete(JOURNAL);
  }

  #startWrite(): void {
    this.#writing = (async () => {
      this.#dirty = false;
      const body = { version: 1, about: 'gongbo push in progress; removed when it completes', known: this.#known, planned: this.#planned, done: [...this.#done] };
      await this.#transport.put(JOURNAL, Buffer.from(`${JSON.stringify(body)}\n`, 'utf8'));
      this.#lastWrite = performance.now();
    })().catch((error: unknown) => {
      this.#error ??= error;
    }).finally(() => {
      this.#writing = undefined;
    });
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
