// Errors a person at the terminal reads: an English `message` for logs and the library, a phrase for their language.
import type { Locale } from '../model.js';
import { render, type Phrase, type PhraseParam } from './say.js';

/** An error whose `message` is the English rendering of `phrase`; the CLI says `phrase` in the reader's language. */
export class PhrasedError extends Error {
  override name = 'PhrasedError';
  /** What the error says, in any language. Replaced (never edited) when secrets are scrubbed from it. */
  phrase: Phrase;

  constructor(said: Phrase, options?: ErrorOptions) {
    super(render(said, 'en'), options);
    this.phrase = said;
  }
}

function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && typeof (value as Phrase).key === 'string';
}

/** What `error` says in `locale`: its phrase when it has one, else its (English) message. */
export function errorIn(error: unknown, locale: Locale): string {
  const said = (error as { phrase?: unknown } | undefined)?.phrase;
  if (isPhrase(said)) return render(said, locale);
  return error instanceof Error ? error.message : String(error);
}

/** `error` as a phrase parameter: its phrase, so it follows the language, else its message. */
export function errorParam(error: unknown): PhraseParam {
  const said = (error as { phrase?: unknown } | undefined)?.phrase;
  if (isPhrase(said)) return said;
  return error instanceof Error ? error.message : String(error);
}

/** `said` with `change` applied to every text filled into it, at any depth (the catalog's own text is trusted). */
export function mapPhrase(said: Phrase, change: (text: string) => string): Phrase {
  if (!said.params) return said;
  const params: Record<string, PhraseParam> = {};
  for (const [name, value] of Object.entries(said.params)) {
    params[name] = typeof value === 'string' ? change(value) : typeof value === 'number' ? value : mapPhrase(value, change);
  }
  return { key: said.key, params };
}
