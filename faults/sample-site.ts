// Copies of the repository's sample site for trials, and the gongbo command that runs on them.
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Random } from './prng.js';

/** The repository root (this file runs from `lib/faults/`). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GONGBO = path.join(PACKAGE_ROOT, 'bin', 'gongbo.js');
/** Later than every sample notice, so all of them are published. */
export const NOW = '2027-06-01T00:00:00+09:00';

/** Copy the sample notices to `dest`, with `config` as its gongbo.config.yaml (default: the sample's). */
export async function copySampleSite(dest: string, config?: string): Promise<string> {
  await rm(dest, { recursive: true, force: true });
  await cp(path.join(PACKAGE_ROOT, 'notices'), path.join(dest, 'notices'), { recursive: true });
  await writeFile(path.join(dest, 'gongbo.config.yaml'), config ?? await readFile(path.join(PACKAGE_ROOT, 'gongbo.config.yaml'), 'utf8'));
  return dest;
}

/** Add a paragraph to one language file of a random notice, as a PR officer's correction would. Returns its path. */
export async function editNotice(site: string, random: Random, text: string): Promise<string> {
  const notices = (await readdir(path.join(site, 'notices'))).sort();
  const notice = random.pick(notices);
  const files = (await readdir(path.join(site, 'notices', notice))).filter((f) => f.endsWith('.md')).sort();
  const file = path.join('notices', notice, random.pick(files));
  const full = path.join(site, file);
  await writeFile(full, `${(await readFile(full, 'utf8')).trimEnd()}\n\n${text}\n`);
  return file;
}

/** The URLs feeds of a site in `config` use: the site's own and each mirror's public one. */
export function feedBases(config: string): string[] {
  return [...config.matchAll(/^\s*(?:url|public_url):\s*(https?:\/\/\S+)/gm)].map((m) => m[1]!);
}

export function buildArgs(site: string, options: { pdf?: boolean } = {}): string[] {
  return [GONGBO, 'build', '--cwd', site, '--now', NOW, '--quiet', ...(options.pdf ? [] : ['--no-pdf'])];
}
