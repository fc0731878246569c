// Validation of one notice as plain data, so that a worker thread can do it (a cold build of an archive).
import { VFile } from 'vfile';
import { validateNotice } from './validate-notice.js';
import { validatedEntry, type MemoEntry } from './check-memo.js';
import type { Labels } from './aliases.js';
import type { AssetFile, NoticeSource } from '../load/load-notices.js';
import type { Phrase } from '../i18n/say.js';
import { LOCALES, type Locale, type SiteConfig } from '../model.js';

/** A notice folder as loaded, without the classes that structured clone would strip. */
export interface ValidateJob {
  root: string;
  config: SiteConfig;
  labels: Labels;
  id: string;
  dir: string;
  files: Partial<Record<Locale, { path: string; text: string }>>;
  assets: Map<string, AssetFile>;
  skipped: Map<string, Phrase>;
}

/**
 * Whether `source` can be validated from a job: loading found nothing wrong with it (what loading
 * says lives on its files, which do not cross threads; such folders are few and validated in place).
 */
export function jobable(source: NoticeSource): boolean {
  return !source.refused && source.folder.messages.length === 0
    && Object.values(source.files).every((file) => file!.messages.length === 0);
}

export function toValidateJob(source: NoticeSource, root: string, config: SiteConfig, labels: Labels): ValidateJob {
  const files: ValidateJob['files'] = {};
  for (const locale of LOCALES) {
    const file = source.files[locale];
    if (file) files[locale] = { path: file.path, text: String(file.value) };
  }
  return { root, config, labels, id: source.id, dir: source.dir, files, assets: source.assets, skipped: source.skipped };
}

/** What validating the job's notice finds, as the check memo keeps it. */
export function validateJob(job: ValidateJob): MemoEntry {
  const source = sourceOf(job);
  return validatedEntry(source, () => validateNotice(source, job.config, job.labels));
}

/** The job's notice folder as validation reads it. */
export function sourceOf(job: ValidateJob): NoticeSource {
  const files: NoticeSource['files'] = {};
  for (const [locale, file] of Object.entries(job.files) as Array<[Locale, { path: string; text: string }]>) {
    files[locale] = new VFile({ path: file.path, cwd: job.root, value: file.text, data: { locale } });
  }
  return {
    id: job.id, dir: job.dir, files, assets: job.assets, skipped: job.skipped, folder: new VFile({ path: job.dir, cwd: job.root }),
  };
}
