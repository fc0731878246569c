// Lists a folder as the checks see it: every entry (dotfiles and symlinks included) with its sha256.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Path (relative, with `/`) → sha256 of a file, or `symlink -> target` for a link, which is never followed. */
export type Tree = Map<string, string>;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file and symlink under `dir`; empty when `dir` does not exist. Synchronous, so nothing changes meanwhile in this process. */
export function readTree(dir: string): Tree {
  const tree: Tree = new Map();
  if (!existsSync(dir)) return tree;
  const visit = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isSymbolicLink()) tree.set(child, `symlink`);
      else if (entry.isDirectory()) visit(child);
      else if (lstatSync(full).isFile()) tree.set(child, sha256(readFileSync(full)));
    }
  };
  visit('');
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** How `actual` differs from `expected`: files missing or different, and files that should not be there. */
export function diffTrees(actual: Tree, expected: Tree): { missing: string[]; different: string[]; extra: string[] } {
  const missing: string[] = [];
  const different: string[] = [];
  for (const [file, sha] of expected) {
    const got = actual.get(file);
    if (got === undefined) missing.push(file);
    else if (got !== sha) different.push(file);
  }
  const extra = [...actual.keys()].filter((file) => !expected.has(file));
  return { missing, different, extra };
}

/**
 * Paths of `tree` inside a build's own working folders (`.dist.spare`, the site before last that the
 * next build updates in place; `.dist.tmp-<pid>`, `.dist.old-<pid>`): none may ever be in a site or on a mirror.
 */
export function buildFoldersIn(tree: Tree | Iterable<string>): string[] {
  const paths = tree instanceof Map ? [...tree.keys()] : [...tree];
  return paths.filter((file) => file.split('/').some((part) => /^\.[^/]+\.(?:spare|tmp-\d+|old-\d+)$/.test(part)));
}
