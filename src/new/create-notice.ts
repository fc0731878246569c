// `gongbo new`: creates a notice folder with a filled-in, commented template per language.
import { phrase, render, type Phrase, type PhraseParam } from '../i18n/say.js';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadConfig } from '../config/load-config.js';
import { NOTICES_DIR } from '../load/load-notices.js';
import { ID_PATTERN } from '../validate/validate-notice.js';
import { parseInstant } from '../validate/instant.js';
import { categoryLabels, noticeAliases } from '../validate/aliases.js';
import { normalise } from '../validate/schema.js';
import didYouMean from 'didyoumean2';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';
import { noticeTemplate, PLACEHOLDER_DEPARTMENT } from './notice-template.js';

export interface NewNoticeOptions {
  cwd: string;
  slug: string;
  /** Release time (`2026-05-13T12:00:00+09:00`) or day (`2026-05-13`, noon in the site's zone). Default: tomorrow noon. */
  date?: string;
  /** Languages to create. Default: both. */
  languages?: Locale[];
  /** Default: `defaults.category` of the config. */
  category?: string;
  /** "Now", for the default date. Default: the clock. */
  now?: Date;
}

export type NewNoticeResult =
  | { ok: true; id: string; files: string[] }
  | { ok: false; problem: string; phrase: Phrase; configFile?: VFile };

/** A refusal: `problem` in English for the library, `phrase` for the CLI to say in the reader's language. */
function refuse(key: string, params?: Record<string, PhraseParam>, configFile?: VFile): NewNoticeResult {
  const said = phrase(`cli.new.${key}`, params);
  return { ok: false, problem: render(said, 'en'), phrase: said, ...(configFile ? { configFile } : {}) };
}

/**
 * Refuse a category the config lacks, saying the code meant when it is one's name (`공모`) or
 * synonym, as check does in front matter, or the code it looks like a typo of.
 */
function refuseCategory(category: string, config: SiteConfig): NewNoticeResult {
  const meant = noticeAliases(categoryLabels(config.root, config))['category']?.get(normalise(category));
  if (meant && config.categories.includes(meant)) return refuse('badCategoryMeant', { category, code: meant });
  const list = config.categories.join(', ');
  const guess = didYouMean(category, config.categories);
  return guess ? refuse('badCategoryGuess', { category, guess, list }) : refuse('badCategory', { category, list });
}

/** The offset of `timeZone` at `ms`, as `+09:00`. */
function offsetOf(timeZone: string, ms: number): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

function dayIn(timeZone: string, ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

export async function createNotice(options: NewNoticeOptions): Promise<NewNoticeResult> {
  const { file, config } = await loadConfig(path.resolve(options.cwd));
  if (!config) return refuse('configErrors', undefined, file);
  const zone = config.site.timeZone;
  const now = (options.now ?? new Date()).getTime();
  let date: string;
  if (options.date === undefined) {
    const tomorrow = now + 24 * 3600 * 1000;
    date = `${dayIn(zone, tomorrow)}T12:00:00${offsetOf(zone, tomorrow)}`;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
    date = `${options.date}T12:00:00${offsetOf(zone, Date.parse(`${options.date}T03:00:00Z`))}`;
  } else {
    date = options.date;
  }
  const parsed = parseInstant(date);
  if (!parsed.ok) return refuse('badDate', { value: options.date ?? date, problem: parsed.phrase });
  const id = `${dayIn(zone, parsed.value.ms)}-${options.slug}`;
  if (!ID_PATTERN.test(id)) {
    return refuse('badSlug', { slug: options.slug });
  }
  const category = options.category ?? config.defaults.category;
  if (!config.categories.includes(category)) return refuseCategory(category, config);
  const languages = options.languages ?? [...LOCALES];
  const dir = path.join(config.root, NOTICES_DIR, id);
  const exists = await stat(dir).then(() => true, () => false);
  if (exists) return refuse('exists', { id, notices: NOTICES_DIR });
  await mkdir(path.join(dir, 'files'), { recursive: true });
  const files: string[] = [];
  for (const locale of languages) {
    const relative = `${NOTICES_DIR}/${id}/${locale}.md`;
    await writeFile(path.join(config.root, relative), noticeTemplate(locale, {
      date,
      department: config.defaults.department[locale] ?? PLACEHOLDER_DEPARTMENT[locale],
      category,
      categories: config.categories,
      license: config.site.license,
    }), { flag: 'wx' });
    files.push(relative);
  }
  return { ok: true, id, files };
}
