// Checks a mirror folder mid-push (consistent by its own manifest and journal) and after a push (equal to a clean push).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { feedItemLinks, isFeedFile, linkTarget } from './feed-links.js';
import { buildFoldersIn, diffTrees, readTree, type Tree } from './file-tree.js';

/** The in-progress record gongbo push keeps on a mirror (see src/push/push-journal.ts). */
export const JOURNAL = '.gongbo-push.json';

export interface MirrorCheck {
  /** Files the mirror's manifest vouches for that are missing or different, unreadable manifests and feeds. */
  broken: string[];
  /** Feed items pointing at a file the mirror lacks. */
  dangling: string[];
  /** A push was cut short and left its journal: the mirror is mid-update. */
  inProgress: boolean;
}

interface Journal {
  known?: Record<string, unknown>;
  planned?: Record<string, unknown>;
}

/**
 * What a partner may rely on at any moment: every feed item names a file the mirror holds, and
 * every file the manifest names is there with that hash — unless a journal says a push is changing
 * it (the manifest is written last, so until then it describes the mirror before the push).
 */
export function checkMirror(dir: string, publicUrl: string): MirrorCheck {
  const broken: string[] = [];
  const dangling: string[] = [];
  const tree = readTree(dir);
  const inProgress = tree.has(JOURNAL);
  for (const file of buildFoldersIn(tree)) broken.push(`${file}: a build's working folder reached the mirror`);
  let journal: Journal | undefined;
  if (inProgress) {
    try {
      journal = JSON.parse(readFileSync(path.join(dir, JOURNAL), 'utf8')) as Journal;
    } catch {
      journal = undefined; // cut short while being written: every file counts as in progress
    }
  }
  const changing = (file: string) => inProgress && (!journal || file in (journal.planned ?? {}) || file in (journal.known ?? {}));
  if (tree.has('manifest.json')) {
    let files: { path?: unknown; sha256?: unknown }[] | undefined;
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files?: unknown };
      files = Array.isArray(manifest.files) ? manifest.files as typeof files : undefined;
    } catch {
      files = undefined;
    }
    if (!files) broken.push('manifest.json is unreadable');
    for (const entry of files ?? []) {
      const file = String(entry.path);
      const sha = tree.get(file);
      if (sha === entry.sha256 || changing(file)) continue;
      broken.push(`${file}: ${sha === undefined ? 'named by the manifest, missing' : 'content differs from the manifest'}${inProgress ? ' (and the journal does not name it)' : ''}`);
    }
  }
  for (const file of tree.keys()) {
    if (!isFeedFile(file)) continue;
    const links = feedItemLinks(file, readFileSync(path.join(dir, file), 'utf8'));
    if (!links) {
      broken.push(`${file}: unreadable feed`);
      continue;
    }
    for (const link of links) {
      const target = linkTarget(link, publicUrl);
      if (target !== undefined && !existsSync(path.join(dir, target))) dangling.push(`${file} links to ${link}, missing on the mirror`);
    }
  }
  return { broken, dangling, inProgress };
}

export interface MirrorComparison {
  /** Files of the clean push missing or different here. */
  broken: string[];
  /** Files here that a clean push does not leave (temporary files, journals, symlinks). */
  leftovers: string[];
}

/** Compare a mirror after a finished push with `clean`, what a push to an empty mirror leaves. */
export function compareMirror(dir: string, clean: Tree): MirrorComparison {
  const diff = diffTrees(readTree(dir), clean);
  return {
    broken: [...diff.missing.map((f) => `${f}: missing`), ...diff.different.map((f) => `${f}: differs from a clean push`)],
    leftovers: diff.extra,
  };
}
