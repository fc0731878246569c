// Warns about a notice that repeats another's headline and release time: most often a folder copied
// to start a new release (`cp -r`) and left as it was, which would publish the same release twice.
import { phrase, say } from '../i18n/say.js';
import { LOCALES, type Notice } from '../model.js';

/**
 * One warning on each published language file whose title and `date` another published notice
 * already has in that language (the first by folder order), at its `title:` line. Drafts are left
 * alone: copying a release to start the next one is how many offices work.
 */
export function warnCopies(notices: readonly Notice[]): void {
  const first = new Map<string, Notice>();
  for (const notice of notices) {
    for (const locale of LOCALES) {
      const version = notice.versions[locale];
      if (!version || version.meta.status === 'draft') continue;
      const key = `${locale}\0${version.meta.date.ms}\0${version.meta.title}`;
      const other = first.get(key);
      if (!other) {
        first.set(key, notice);
        continue;
      }
      // Read only now (a rebuild reads unchanged files lazily): rare, and the line helps.
      const text = String(version.file.value);
      const at = text.search(/^title[ \t]*:/m);
      const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
      say(version.file, phrase('notice.copy', { other: other.dir }), { place: { line, column: 1 }, ruleId: 'notice-copy', fatal: false });
    }
  }
}
