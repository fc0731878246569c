// Messages to users as keys into gongbo's message catalogs, rendered in English or Korean when printed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import type { VFile } from 'vfile';
import type { Point, Position } from 'unist';
import { PACKAGE_ROOT } from '../package-root.js';
import { LOCALES, type Locale } from '../model.js';

/** A value filled into a message: text as is, or a phrase rendered in the message's language. */
export type PhraseParam = string | number | Phrase;

/** A message before it has a language: a key in `locales/messages.*.json` and what fills its placeholders. */
export interface Phrase {
  key: string;
  params?: Record<string, PhraseParam>;
}

declare module 'vfile-message' {
  interface VFileMessage {
    /** What the message says, in any language; `reason` is its English rendering. */
    phrase?: Phrase;
  }
}

let catalogs: i18n | undefined;

/** The file holding gongbo's messages in `locale`. */
export function messagesFile(locale: Locale): string {
  return path.join(PACKAGE_ROOT, 'locales', `messages.${locale}.json`);
}

function catalog(): i18n {
  if (catalogs) return catalogs;
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  for (const locale of LOCALES) resources[locale] = { translation: JSON.parse(readFileSync(messagesFile(locale), 'utf8')) as Record<string, unknown> };
  const instance = i18next.createInstance();
  void instance.init({
    resources, lng: 'en', fallbackLng: false, initAsync: false, returnNull: false,
    // Messages go to a terminal or JSON, never into HTML.
    interpolation: { escapeValue: false },
    missingKeyHandler: (lngs, _ns, key) => {
      throw new Error(`i18n|MISSING_TRANSLATION|${lngs.join(',')}|${key}`);
    },
    saveMissing: true,
  });
  catalogs = instance;
  return instance;
}

/** `phrase` in `locale`: its key's text with every placeholder filled, phrases inside it too. */
export function render(phrase: Phrase, locale: Locale): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(phrase.params ?? {})) {
    params[name] = typeof value === 'object' ? render(value, locale) : value;
  }
  return catalog().getFixedT(locale)(phrase.key, params);
}

/** Shorthand for a phrase. */
export function phrase(key: string, params?: Record<string, PhraseParam>): Phrase {
  return params ? { key, params } : { key };
}

/** Text in `locale`, for messages printed straight to the terminal. */
export function sayIn(locale: Locale): (key: string, params?: Record<string, PhraseParam>) => string {
  return (key, params) => render(phrase(key, params), locale);
}

/** A catalog entry that is data, not a sentence (lists of synonyms): the raw value in every language. */
export function catalogData(key: string): Record<Locale, unknown> {
  const out = {} as Record<Locale, unknown>;
  for (const locale of LOCALES) out[locale] = catalog().getResource(locale, 'translation', key);
  return out;
}

export interface SayOptions {
  place?: Point | Position | undefined;
  ruleId: string;
  /** `true` for an error, `false` (the default) for a warning. */
  fatal?: boolean | undefined;
}

/**
 * Record `phrase` on `file`. The library sees an English `reason`; the CLI renders `message.phrase`
 * in the reader's language, so validation (and its memo) does not depend on who reads it.
 */
export function say(file: VFile, said: Phrase, options: SayOptions) {
  const message = file.message(render(said, 'en'), {
    ...(options.place ? { place: options.place } : {}), ruleId: options.ruleId, source: 'gongbo',
  });
  message.phrase = said;
  message.fatal = options.fatal ?? false;
  return message;
}

/** The message's text in `locale`; messages made without a phrase keep their (English) reason. */
export function reasonIn(message: { reason: string; phrase?: Phrase | undefined }, locale: Locale): string {
  return message.phrase ? render(message.phrase, locale) : message.reason;
}

/**
 * The language of the person at the terminal: `--lang`, else `LC_ALL`, `LC_MESSAGES`, `LANG`
 * (the first one set; Korean when it starts with `ko`), else English.
 */
export function messageLocale(env: NodeJS.ProcessEnv, flag?: string): Locale {
  if (flag === 'ko' || flag === 'en') return flag;
  const lang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ko(?:[_.@-]|$)/i.test(lang) ? 'ko' : 'en';
}
