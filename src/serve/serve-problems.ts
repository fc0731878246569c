// Which of a build's messages `serve` shows: every error, and the warnings of what the person edits.
import type { VFile } from 'vfile';
import { NOTICES_DIR } from '../load/load-notices.js';

type Message = VFile['messages'][number];

/**
 * Whether a file's messages may have changed with the saves `changed` (site-relative paths): the
 * file itself, or any file of the notice folder a save was in (a new image in `files/` settles a
 * link in `ko.md`, and the folder's own warnings).
 */
export function touchedBy(changed: Iterable<string>): (file: VFile) => boolean {
  const exact = new Set<string>();
  const folders: string[] = [];
  for (const change of changed) {
    const parts = change.split('/');
    if (parts[0] === NOTICES_DIR) folders.push(parts.slice(0, 2).join('/'));
    else exact.add(change);
  }
  return (file) => exact.has(file.path) || folders.some((folder) => file.path === folder || file.path.startsWith(`${folder}/`));
}

/**
 * What the terminal prints after a build: every message of a file with an error (as `check` does),
 * and the warnings of the files this build's saves touched; `others` counts the warnings left out.
 * An archive's old warnings (a notice in one language is one) are not printed again on every save.
 */
export function terminalProblems(files: readonly VFile[], changed: readonly string[]): { keep: (file: VFile, message: Message) => boolean; others: number } {
  const touched = touchedBy(changed);
  const keep = (file: VFile, message: Message) => message.fatal === true || touched(file) || file.messages.some((m) => m.fatal);
  let others = 0;
  for (const file of files) for (const message of file.messages) if (message.fatal === false && !keep(file, message)) others++;
  return { keep, others };
}
