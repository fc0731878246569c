// Checks a site's own `locales/*.json` overrides, so `check` reports what would otherwise stop `build`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import didYouMean from 'didyoumean2';
import { location } from 'vfile-location';
import { PACKAGE_ROOT } from '../package-root.js';
import { LOCALES } from '../model.js';

type Resource = Record<string, unknown>;

/**
 * One VFile per override file the site has, with a fatal message for invalid JSON (at its line
 * and column) and for each key whose shape differs from gongbo's (text where gongbo has a group
 * of strings, or the other way round).
 */
export function checkLocales(siteRoot: string): VFile[] {
  if (path.resolve(siteRoot) === PACKAGE_ROOT) return [];
  const files: VFile[] = [];
  for (const locale of LOCALES) {
    const relative = `locales/${locale}.json`;
    if (!existsSync(path.join(siteRoot, relative))) continue;
    const file = new VFile({ path: relative, cwd: siteRoot, value: readFileSync(path.join(siteRoot, relative), 'utf8') });
    files.push(file);
    let site: unknown;
    try {
      site = JSON.parse(String(file.value));
    } catch (error) {
      const offset = Number(/position (\d+)/.exec((error as Error).message)?.[1]);
      const place = Number.isFinite(offset) ? location(file).toPoint(offset) : undefined;
      file.message(`This file is not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}): check the commas, quotes and braces here`, {
        ...(place ? { place } : {}), ruleId: 'locales-json', source: 'gongbo',
      }).fatal = true;
      continue;
    }
    const builtIn = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, relative), 'utf8')) as Resource;
    if (!site || typeof site !== 'object' || Array.isArray(site)) {
      file.message('This file must hold an object of strings, like `{"listing": {"title": "…"}}`', { ruleId: 'locales-shape', source: 'gongbo' }).fatal = true;
      continue;
    }
    compareShape(site as Resource, builtIn, '', file);
  }
  return files;
}

/** Groups a site may add keys to. */
const OPEN_GROUPS = ['category.', 'rules.'];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{([\w.]+)\}\}/g)].map((m) => m[1]!);
}

function compareShape(site: Resource, builtIn: Resource, prefix: string, file: VFile): void {
  for (const [key, value] of Object.entries(site)) {
    const name = prefix + key;
    const base = builtIn[key];
    const isGroup = (v: unknown) => v !== null && typeof v === 'object';
    if (base === undefined) {
      if (!isGroup(value) && typeof value !== 'string') {
        file.message(`\`${name}\` must be text`, { ruleId: 'locales-shape', source: 'gongbo' }).fatal = true;
      } else if (!OPEN_GROUPS.includes(prefix)) {
        // New keys are how a site names its own categories; anywhere else, a new key is a typo.
        const guess = didYouMean(key, Object.keys(builtIn));
        file.message(`\`${name}\` is not a string gongbo uses, so it changes nothing${guess ? `: did you mean \`${prefix}${guess}\`?` : ''}`, {
          ruleId: 'locales-unknown-key', source: 'gongbo',
        }).fatal = false;
      }
      continue;
    }
    if (isGroup(base) !== isGroup(value)) {
      file.message(isGroup(base)
        ? `\`${name}\` is a group of strings in gongbo's locales: override its keys one by one, like \`"${name}": {"${Object.keys(base as Resource)[0]}": "…"}\``
        : `\`${name}\` must be text, not a group`, { ruleId: 'locales-shape', source: 'gongbo' }).fatal = true;
    } else if (isGroup(value)) {
      compareShape(value as Resource, base as Resource, `${name}.`, file);
    } else if (typeof value !== 'string') {
      file.message(`\`${name}\` must be text`, { ruleId: 'locales-shape', source: 'gongbo' }).fatal = true;
    } else {
      const wanted = placeholders(String(base));
      const found = placeholders(value);
      if (/\{\{(?![\w.]+\}\})|(?<!\{\{[\w.]+)\}\}/.test(value) || found.some((p) => !wanted.includes(p))) {
        file.message(`\`${name}\` has a broken or unknown {{placeholder}}: gongbo fills in ${wanted.length > 0 ? wanted.map((p) => `{{${p}}}`).join(', ') : 'none here'}`, {
          ruleId: 'locales-placeholder', source: 'gongbo',
        }).fatal = true;
      }
    }
  }
}
