// Builds the translator for every string a reader sees: gongbo's locales, overridden by the site's.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { PACKAGE_ROOT } from '../package-root.js';
import { LOCALES, type Locale } from '../model.js';
import { PhrasedError } from './phrased-error.js';
import { phrase } from './say.js';

export type Translate = TFunction;
export type Translator = Record<Locale, Translate>;

type Resource = Record<string, unknown>;

function readLocale(dir: string, locale: Locale): Resource | undefined {
  const file = path.join(dir, 'locales', `${locale}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Resource;
  } catch (error) {
    throw new PhrasedError(phrase('siteWrite.localesJson', { file }), { cause: error });
  }
}

function merge(base: Resource, override: Resource): Resource {
  const out: Resource = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = value && typeof value === 'object' && current && typeof current === 'object'
      ? merge(current as Resource, value as Resource)
      : value;
  }
  return out;
}

/** One translate function per locale; the site's `locales/*.json` override gongbo's key by key. */
export function createI18n(siteRoot: string): Translator {
  const resources: Record<string, { translation: Resource }> = {};
  for (const locale of LOCALES) {
    const builtIn = readLocale(PACKAGE_ROOT, locale) ?? {};
    const site = path.resolve(siteRoot) === PACKAGE_ROOT ? undefined : readLocale(siteRoot, locale);
    resources[locale] = { translation: site ? merge(builtIn, site) : builtIn };
  }
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'ko',
    fallbackLng: false,
    initAsync: false,
    returnNull: false,
    // Pages are built as trees, not strings: the renderer escapes, i18next must not do it twice.
    interpolation: { escapeValue: false },
    // A missing string is a bug in gongbo or in a site's locales: fail loudly, in a greppable shape.
    // Callers that pass `defaultValue` (names of site-defined categories) accept a fallback.
    missingKeyHandler: (lngs, _ns, key, _fallback, _update, options?: { defaultValue?: unknown }) => {
      if (options?.defaultValue !== undefined) return;
      throw new Error(`i18n|MISSING_TRANSLATION|${lngs.join(',')}|${key}`);
    },
    saveMissing: true,
  });
  return {
    ko: remembered(instance.getFixedT('ko'), resources['ko']!.translation),
    en: remembered(instance.getFixedT('en'), resources['en']!.translation),
  };
}

/** How many distinct calls a translator remembers before it starts over (bounded, whatever the archive's size). */
const REMEMBERED_CALLS = 5000;

/**
 * `t` answering repeated calls from memory. Every page asks for the same few hundred strings, and
 * i18next resolves each call afresh (key lookup, plural rules, interpolation): at archive scale
 * that was a twelfth of a build's time. A call is pure for a fixed translator, so memory is exact.
 */
function remembered(t: Translate, strings: Resource): Translate {
  const answers = new Map<string, unknown>();
  const templates = new Map<string, Template | undefined>();
  const ask = (key: unknown, options?: unknown, ...rest: unknown[]): unknown => {
    if (typeof key !== 'string' || rest.length > 0 || (options !== undefined && (typeof options !== 'object' || options === null))) {
      return (t as unknown as (...args: unknown[]) => unknown)(key, options, ...rest);
    }
    if (options !== undefined) {
      if (!templates.has(key)) templates.set(key, templateOf(strings, key));
      const filled = fill(templates.get(key), options as Record<string, unknown>);
      if (filled !== undefined) return filled;
    }
    const id = options === undefined ? key : `${key}\0${JSON.stringify(options)}`;
    let answer = answers.get(id);
    if (answer === undefined && !answers.has(id)) {
      answer = (t as unknown as (...args: unknown[]) => unknown)(key, options);
      if (answers.size >= REMEMBERED_CALLS) answers.clear();
      answers.set(id, answer);
    }
    return answer;
  };
  return Object.assign(ask, t) as unknown as Translate;
}

/** A string whose only markup is `{{name}}` placeholders: the text around them, and their names. */
interface Template {
  texts: string[];
  names: string[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/**
 * Options i18next reads itself (plurals, context, fallbacks…; every option name in its code): a
 * call with one goes to i18next. Any other option is a value, used by the template or not.
 */
const OPTIONS = new Set([
  'appendNamespaceToMissingKey', 'applyPostProcessor', 'context', 'contextSeparator', 'count', 'fallbackLng',
  'fallbackNS', 'formatParams', 'ignoreJSONStructure', 'interpolation', 'interpolationkey', 'joinArrays', 'keyPrefix',
  'keySeparator', 'lng', 'lngs', 'missingInterpolationHandler', 'nest', 'ns', 'nsSeparator', 'ordinal',
  'pluralSeparator', 'postProcess', 'postProcessPassResolved', 'replace', 'returnDetails', 'returnEmptyString',
  'returnNull', 'returnObjects', 'skipInterpolation',
]);

/**
 * The template of `key`, when filling it in by hand gives what i18next gives: a string with plain
 * `{{name}}` placeholders, without nesting (`$t(`), formats or unescaped (`{{-`) ones.
 */
function templateOf(strings: Resource, key: string): Template | undefined {
  if (key.includes(':')) return undefined;
  let value: unknown = strings;
  for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as Resource)[part] : undefined;
  if (typeof value !== 'string' || value.includes('$t(') || value.replace(PLACEHOLDER, '').includes('{{')) return undefined;
  const texts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    texts.push(value.slice(last, match.index));
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  texts.push(value.slice(last));
  return { texts, names };
}

/**
 * `template` filled in with `options`, as i18next interpolates (values inserted as they are, never
 * read again), or undefined when only i18next knows the answer: an option it reads itself, or a
 * placeholder without a string or number to put in it.
 */
function fill(template: Template | undefined, options: Record<string, unknown>): string | undefined {
  if (!template) return undefined;
  for (const name of Object.keys(options)) if (OPTIONS.has(name) || name.startsWith('defaultValue')) return undefined;
  let out = template.texts[0]!;
  for (let i = 0; i < template.names.length; i++) {
    const value = options[template.names[i]!];
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    out += String(value) + template.texts[i + 1]!;
  }
  return out;
}

/** A hash of the strings `createI18n` reads (gongbo's and the site's): what every rendered page depends on. */
export function localesFingerprint(siteRoot: string): string {
  const hash = createHash('sha256');
  for (const dir of [PACKAGE_ROOT, path.resolve(siteRoot)]) {
    for (const locale of LOCALES) {
      const file = path.join(dir, 'locales', `${locale}.json`);
      hash.update(`\0${locale}\0`).update(existsSync(file) ? readFileSync(file) : '');
    }
  }
  return hash.digest('hex');
}
