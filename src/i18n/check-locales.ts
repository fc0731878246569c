// Checks a site's own `locales/*.json` overrides, so `check` reports what would otherwise stop `build`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import didYouMean from 'didyoumean2';
import { location } from 'vfile-location';
import { PACKAGE_ROOT } from '../package-root.js';
import { LOCALES } from '../model.js';
import { phrase, say } from './say.js';

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
      say(file, phrase('localeFiles.json', { detail: (error as Error).message.replace(/ in JSON at position \d+.*$/, '') }), {
        place, ruleId: 'locales-json', fatal: true,
      });
      continue;
    }
    const builtIn = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, relative), 'utf8')) as Resource;
    if (!site || typeof site !== 'object' || Array.isArray(site)) {
      say(file, phrase('localeFiles.object'), { ruleId: 'locales-shape', fatal: true });
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
        say(file, phrase('localeFiles.text', { key: name }), { ruleId: 'locales-shape', fatal: true });
      } else if (!OPEN_GROUPS.includes(prefix)) {
        // New keys are how a site names its own categories; anywhere else, a new key is a typo.
        const guess = didYouMean(key, Object.keys(builtIn));
        say(file, guess ? phrase('localeFiles.unknownGuess', { key: name, guess: `${prefix}${guess}` }) : phrase('localeFiles.unknown', { key: name }), {
          ruleId: 'locales-unknown-key', fatal: false,
        });
      }
      continue;
    }
    if (isGroup(base) !== isGroup(value)) {
      say(file, isGroup(base)
        ? phrase('localeFiles.group', { key: name, example: `"${name}": {"${Object.keys(base as Resource)[0]}": "…"}` })
        : phrase('localeFiles.notGroup', { key: name }), { ruleId: 'locales-shape', fatal: true });
    } else if (isGroup(value)) {
      compareShape(value as Resource, base as Resource, `${name}.`, file);
    } else if (typeof value !== 'string') {
      say(file, phrase('localeFiles.text', { key: name }), { ruleId: 'locales-shape', fatal: true });
    } else {
      const wanted = placeholders(String(base));
      const found = placeholders(value);
      if (/\{\{(?![\w.]+\}\})|(?<!\{\{[\w.]+)\}\}/.test(value) || found.some((p) => !wanted.includes(p))) {
        say(file, wanted.length > 0
          ? phrase('localeFiles.placeholder', { key: name, braces: '{{placeholder}}', list: wanted.map((p) => `{{${p}}}`).join(', ') })
          : phrase('localeFiles.noPlaceholder', { key: name, braces: '{{placeholder}}' }), { ruleId: 'locales-placeholder', fatal: true });
      }
    }
  }
}
