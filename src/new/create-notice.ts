// `gongbo new`: creates a notice folder with a filled-in, commented template per language.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import { loadConfig } from '../config/load-config.js';
import { NOTICES_DIR } from '../load/load-notices.js';
import { ID_PATTERN } from '../validate/validate-notice.js';
import { parseInstant } from '../validate/instant.js';
import { LOCALES, type Locale } from '../model.js';
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
  | { ok: false; problem: string; configFile?: VFile };

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
  if (!config) return { ok: false, problem: 'The config has errors: fix them first', configFile: file };
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
  if (!parsed.ok) return { ok: false, problem: `--date ${options.date}: ${parsed.problem}` };
  const id = `${dayIn(zone, parsed.value.ms)}-${options.slug}`;
  if (!ID_PATTERN.test(id)) {
    return { ok: false, problem: `\`${options.slug}\` is not a usable slug: use lowercase ASCII letters, digits and single hyphens, like \`ai-hub-call\`` };
  }
  const category = options.category ?? config.defaults.category;
  if (!config.categories.includes(category)) {
    return { ok: false, problem: `Category \`${category}\` is not in the config: use one of ${config.categories.join(', ')}` };
  }
  const languages = options.languages ?? [...LOCALES];
  const dir = path.join(config.root, NOTICES_DIR, id);
  const exists = await stat(dir).then(() => true, () => false);
  if (exists) return { ok: false, problem: `Notice \`${id}\` already exists in ${NOTICES_DIR}/: pick another slug, or edit it there` };
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
