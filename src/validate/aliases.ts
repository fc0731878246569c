// What a person may write instead of a code (`보도자료` for `press-release`), to say which code was meant.
import { createI18n } from '../i18n/create-i18n.js';
import { catalogData } from '../i18n/say.js';
import { LOCALES, type SiteConfig } from '../model.js';
import { normalise } from './schema.js';

/** Each category's name as the site's pages show it, in every language: `{'press-release': ['보도자료', 'Press release']}`. */
export type Labels = Record<string, string[]>;

/** The category names the site's locales give (gongbo's, overridden by the site's own `locales/*.json`). */
export function categoryLabels(root: string, config: SiteConfig): Labels {
  let t;
  try {
    t = createI18n(root);
  } catch {
    return {}; // unreadable locales are reported by checkLocales
  }
  const out: Labels = {};
  for (const code of config.categories) {
    out[code] = LOCALES.map((locale) => String(t[locale](`category.${code}`, { defaultValue: '' }))).filter(Boolean);
  }
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
