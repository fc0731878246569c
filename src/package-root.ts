// Locates files shipped with gongbo (built-in locales, assets, fonts), wherever it is installed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The folder holding gongbo's package.json (compiled code lives in `lib/src/`). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const require = createRequire(path.join(PACKAGE_ROOT, 'package.json'));

/** The folder of an installed npm package, e.g. `@fontsource/noto-sans-kr`. */
export function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

let version: string | undefined;

/** gongbo's own version, from its package.json (the CLI shows it; PDFs name it as their creator). */
export function gongboVersion(): string {
  version ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
