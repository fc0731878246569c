// A hash of gongbo's own code and version: a cached output made by other code is never reused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gongboVersion, PACKAGE_ROOT } from './package-root.js';

let fingerprint: string | undefined;

/**
 * The version alone would miss a change made without a version bump (and every developer build is
 * one), so the compiled code itself is hashed: about 150 small files, read once per process.
 */
export function codeFingerprint(): string {
  // For tests only: a salt stands for "another version of gongbo" without changing its files.
  const salt = process.env.GONGBO_FINGERPRINT_SALT;
  if (salt) return createHash('sha256').update(baseFingerprint()).update('\0').update(salt).digest('hex');
  return baseFingerprint();
}

function baseFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(gongboVersion());
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) hash.update(entry.name).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(path.dirname(fileURLToPath(import.meta.url)));
  // The stylesheets and marks printed into PDFs and cards are gongbo's code too.
  const assets = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) assets(full);
      else hash.update(entry.name).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  assets(path.join(PACKAGE_ROOT, 'assets'));
  fingerprint = hash.digest('hex');
  return fingerprint;
}
