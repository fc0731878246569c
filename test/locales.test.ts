import test from 'ava';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/package-root.js';

function keys(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

async function load(locale: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'locales', `${locale}.json`), 'utf8'));
}

test('ko.json and en.json should have exactly the same keys', async (t) => {
  const ko = keys(await load('ko')).sort();
  const en = keys(await load('en')).sort();
  t.deepEqual(ko.filter((k) => !en.includes(k)), [], 'keys only in ko.json');
  t.deepEqual(en.filter((k) => !ko.includes(k)), [], 'keys only in en.json');
});

test('every string should be non-empty and keep the same {{placeholders}} in both languages', async (t) => {
  const ko = await load('ko');
  const en = await load('en');
  const get = (obj: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);
  for (const key of keys(ko)) {
    // Date formats pick different fields per language (weekday names, 12- or 24-hour clock).
    if (key.startsWith('datetime.')) continue;
    const a = String(get(ko, key));
    const b = String(get(en, key));
    t.true(a.trim().length > 0 && b.trim().length > 0, key);
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    t.deepEqual(vars(a), vars(b), key);
  }
});
