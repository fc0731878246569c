// What a person may write instead of a code (`보도자료` for `press-release`), to say which code was meant.
import { createI18n } from '../i18n/create-i18n.js';
import { catalogData } from '../i18n/say.js';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';
import { normalise } from './schema.js';

/** Each category's name as the site's pages show it, in every language: `{'press-release': ['보도자료', 'Press release']}`. */
export type Labels = Record<string, string[]>;

/** The category names the site's locales give (gongbo's, overridden by the site's own `locales/*.json`). */
export function categoryLabels(root: string, config: SiteConfig): Labels {
  return labelsOf(categoryNames(root, config) ?? {});
}

/** Each category's name for readers in each language that has one (`undefined`: the locales cannot be read). */
export function categoryNames(root: string, config: SiteConfig): Record<string, Partial<Record<Locale, string>>> | undefined {
  let t;
  try {
    t = createI18n(root);
  } catch {
    return undefined; // unreadable locales are reported by checkLocales
  }
  const out: Record<string, Partial<Record<Locale, string>>> = {};
  for (const code of config.categories) {
    const names: Partial<Record<Locale, string>> = {};
    for (const locale of LOCALES) {
      const name = String(t[locale](`category.${code}`, { defaultValue: '' }));
      if (name) names[locale] = name;
    }
    out[code] = names;
  }
  return out;
}

/** The names of `categoryNames`, as validation reads them: every language's, by code. */
export function labelsOf(names: Record<string, Partial<Record<Locale, string>>>): Labels {
  const out: Labels = {};
  for (const [code, byLocale] of Object.entries(names)) out[code] = LOCALES.map((locale) => byLocale[locale]).filter((name): name is string => Boolean(name));
  return out;
}

/**
 * Label → code, per group (`field`, `status`, `license`, `category`): gongbo's synonyms from
 * `aliases.*` in the message catalogs, and the category names in `labels`.
 */
export function noticeAliases(labels: Labels = {}): Record<string, Map<string, string>> {
  const out: Record<string, Map<string, string>> = {};
  const add = (group: string, code: string, label: string) => {
    const key = normalise(label);
    if (key === '' || key === normalise(code)) return;
    const map = (out[group] ??= new Map());
    if (!map.has(key)) map.set(key, code);
  };
  const data = catalogData('aliases');
  for (const locale of LOCALES) {
    const groups = (data[locale] ?? {}) as Record<string, Record<string, string>>;
    for (const [group, codes] of Object.entries(groups)) {
      for (const [code, synonyms] of Object.entries(codes)) for (const label of synonyms.split(',')) add(group, code, label);
    }
  }
  for (const [code, names] of Object.entries(labels)) for (const label of names) add('category', code, label);
  return out;
}
