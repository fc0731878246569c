// Checks that an output folder is one whole build: exactly what its manifest lists, feeds pointing at files it holds.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { feedItemLinks, isFeedFile, linkTarget } from './feed-links.js';
import { readTree } from './file-tree.js';
import { BUILD_MARKER } from '../src/write/build-marker.js';

export interface SiteCheck {
  /** Ways the folder is not a whole site: files missing, different or unlisted, an unreadable manifest or feed. */
  broken: string[];
  /** Feed items pointing at a file the folder lacks. */
  dangling: string[];
  /** sha256 of `manifest.json`, to tell which build the folder holds. */
  manifestSha?: string;
}

interface ManifestFile {
  version?: unknown;
  files?: { path?: unknown; size?: unknown; sha256?: unknown }[];
}

/**
 * Check `outDir` against its own `manifest.json`. `bases` are the URLs feeds use for the site's
 * files: the site's own URL and every mirror's public URL (mirror feeds link to the same notice paths).
 */
export function checkBuiltSite(outDir: string, bases: readonly string[]): SiteCheck {
  const broken: string[] = [];
  const dangling: string[] = [];
  const tree = readTree(outDir);
  const manifestSha = tree.get('manifest.json');
  if (!manifestSha) return { broken: ['no manifest.json'], dangling };
  let manifest: ManifestFile;
  try {
    manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as ManifestFile;
  } catch {
    return { broken: ['manifest.json is unreadable'], dangling, manifestSha };
  }
  if (manifest.version !== 1 || !Array.isArray(manifest.files)) return { broken: ['manifest.json is not a gongbo manifest'], dangling, manifestSha };
  // The build's marker is left out of the manifest on purpose (push never sends it).
  const listed = new Set<string>(['manifest.json', BUILD_MARKER]);
  for (const entry of manifest.files) {
    const file = String(entry.path);
    listed.add(file);
    const sha = tree.get(file);
    if (sha === undefined) broken.push(`${file}: listed in the manifest, missing`);
    else if (sha !== entry.sha256) broken.push(`${file}: content differs from the manifest`);
    else if (readFileSync(path.join(outDir, file)).byteLength !== entry.size) broken.push(`${file}: size differs from the manifest`);
  }
  for (const file of tree.keys()) if (!listed.has(file)) broken.push(`${file}: not listed in the manifest`);
  for (const file of tree.keys()) {
    if (!isFeedFile(file)) continue;
    const links = feedItemLinks(file, readFileSync(path.join(outDir, file), 'utf8'));
    if (!links) {
      broken.push(`${file}: unreadable feed`);
      continue;
    }
    for (const link of links) {
      const target = bases.map((base) => linkTarget(link, base)).find((t) => t !== undefined);
      if (target !== undefined && !existsSync(path.join(outDir, target))) dangling.push(`${file} links to ${link}, missing`);
    }
  }
  return { broken, dangling, manifestSha };
}
