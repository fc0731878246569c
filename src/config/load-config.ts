// Reads and validates `gongbo.config.yaml`; problems become positioned messages on the config file.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { isMap, isScalar, type Node as YamlNode, type Pair } from 'yaml';
import { fileURLToPath } from 'node:url';
import { parseYamlSource } from '../load/yaml-source.js';
import { explainUnreadable, readSource } from '../load/read-source.js';
import { MAX_SOURCE_BYTES } from '../load/limits.js';
import { codes, list, oneOf, record, report, text, word, type Context, type Reader } from '../validate/schema.js';
import { phrase, say, type Phrase } from '../i18n/say.js';
import { LICENSE_IDS, LOCALES, ORIGIN, type LicenseId, type Locale, type MirrorConfig, type PushTarget, type SiteConfig } from '../model.js';

export const CONFIG_FILE = 'gongbo.config.yaml';

export interface LoadedConfig {
  file: VFile;
  config?: SiteConfig;
}

/** An http(s) URL, kept as written (hub endpoints). */
const endpointUrl: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  if (/^https?:\/\/[^/\s]+/.test(value) && URL.canParse(value)) return value;
  report(ctx, node, phrase('config.httpUrl', { label, value }), rule);
  return undefined;
};

/** A base URL: pages resolve links against it, so it always ends in a slash. */
const absoluteUrl: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    report(ctx, node, phrase('config.absoluteUrl', { label, value }), rule);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    report(ctx, node, phrase('config.httpScheme', { label, value }), rule);
    return undefined;
  }
  // Relative links resolve against a base only when it ends in a slash.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
};

const mirrorTarget: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  if (/^https?:\/\//.test(value)) {
    // Credentials in the address are in the file, its copies and its history: refused, and never
    // repeated in the message (shown without them).
    const address = URL.canParse(value) ? new URL(value) : undefined;
    if (address && (address.username !== '' || address.password !== '')) {
      address.username = '';
      address.password = '';
      report(ctx, node, phrase('config.credentialsInUrl', { label, value: address.href }), rule);
      return undefined;
    }
    return value;
  }
  if (/^file:/.test(value)) return value;
  report(ctx, node, phrase('config.target', { label, value }), rule);
  return undefined;
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A duration in ms: a number of seconds (`30`, `1.5`), or text with a unit (`500ms`, `30s`, `2m`, `1h`). */
function duration(least: number, most: number, example: string): Reader<number> {
  return (node, ctx, label, rule) => {
    let ms: number | undefined;
    if (isScalar(node) && typeof node.value === 'number') ms = node.value * 1000;
    else if (isScalar(node) && typeof node.value === 'string') {
      const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)$/.exec(node.value.trim());
      if (match) ms = Number(match[1]) * UNITS[match[2]!]!;
    }
    if (ms === undefined || !Number.isFinite(ms)) {
      report(ctx, node, phrase('config.duration', { label, example, got: isScalar(node) ? `\`${String(node.value)}\`` : phrase('value.listOrFields') }), rule);
      return undefined;
    }
    if (ms < least || ms > most) {
      const show = (v: number) => (v === 0 ? '0' : v % 60_000 === 0 ? `${v / 60_000}m` : `${v / 1000}s`);
      report(ctx, node, phrase('config.durationRange', { label, least: least === 0 ? phrase('config.fromZero') : phrase('config.atLeast', { value: show(least) }), most: show(most), value: isScalar(node) ? String(node.value) : '' }), rule);
      return undefined;
    }
    return Math.round(ms);
  };
}

const positiveInteger: Reader<number> = (node, ctx, label, rule) => {
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value > 0) return node.value;
  report(ctx, node, phrase('config.positiveInteger', { label }), rule);
  return undefined;
};

const timeZone: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    report(ctx, node, phrase('config.timeZone', { label, value }), rule);
    return undefined;
  }
};

const envName: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return value;
  report(ctx, node, phrase('config.envName', { label }), rule);
  return undefined;
};

const locale = oneOf<Locale>(LOCALES, phrase('what.language'));

/** Folder names in a language's folder that are not categories' (`<lang>/page/2/`, `<lang>/tags/…`). */
export const RESERVED_FOLDERS = ['page', 'archive', 'search', 'tags', 'subscribe'];

/**
 * A category code names its folder and feeds (`ko/<code>/rss.xml`), beside the notices' folders: it
 * must be safe in a URL and a file name, and can be neither a notice id nor another folder there.
 */
const categoryCode: Reader<string> = (node, ctx, label) => {
  const value = word(node, ctx, label, 'category');
  if (value === undefined) return undefined;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)) {
    report(ctx, node, phrase('config.categoryCode', { value }), 'category');
    return undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}(?:-|$)/.test(value)) {
    report(ctx, node, phrase('config.categoryDate', { value }), 'category');
    return undefined;
  }
  if (RESERVED_FOLDERS.includes(value)) {
    report(ctx, node, phrase('config.categoryReserved', { value, reserved: RESERVED_FOLDERS.join(', ') }), 'category');
    return undefined;
  }
  return value;
};

const siteFields = record<{
  url: string; publisher: Partial<Record<Locale, string>>; license: LicenseId; time_zone: string; per_page: number;
  deploy: RawDeploy;
}>({
  url: { read: absoluteUrl, required: true },
  publisher: { read: record<Record<Locale, string>>({ ko: { read: text, required: true }, en: { read: text, required: true } }, phrase('what.publisher')), required: true },
  license: { read: oneOf(LICENSE_IDS, phrase('what.license'), 'license') },
  time_zone: { read: timeZone },
  per_page: { read: positiveInteger },
  deploy: { read: (node, ctx, label, rule) => deployReader(node, ctx, label, rule), rule: 'deploy' },
}, phrase('what.site'));

const authFields = record<{ username_env: string; password_env: string; token_env: string }>({
  username_env: { read: envName },
  password_env: { read: envName },
  token_env: { read: envName },
}, phrase('what.credentials'));

const mirrorFields = record<{
  url: string; public_url: string; languages: Locale[]; categories: string[];
  auth: Partial<{ username_env: string; password_env: string; token_env: string }>;
  timeout: number; retry_budget: number; lock_wait: number;
}>({
  url: { read: mirrorTarget, required: true },
  public_url: { read: absoluteUrl, required: true },
  languages: { read: list(locale) },
  categories: { read: list(word) },
  auth: { read: authFields },
  timeout: { read: duration(100, 3_600_000, '30s'), rule: 'mirror-duration' },
  retry_budget: { read: duration(0, 86_400_000, '2m'), rule: 'mirror-duration' },
  lock_wait: { read: duration(0, 86_400_000, '30s'), rule: 'mirror-duration' },
}, phrase('what.mirrorSettings'));

type RawDeploy = Partial<{
  url: string; auth: Partial<{ username_env: string; password_env: string; token_env: string }>;
  timeout: number; retry_budget: number; lock_wait: number;
}>;

const deployFields = record<RawDeploy>({
  url: { read: mirrorTarget, required: true },
  auth: { read: authFields },
  timeout: { read: duration(100, 3_600_000, '30s'), rule: 'mirror-duration' },
  retry_budget: { read: duration(0, 86_400_000, '2m'), rule: 'mirror-duration' },
  lock_wait: { read: duration(0, 86_400_000, '30s'), rule: 'mirror-duration' },
}, phrase('what.deploy'));

/** `site.deploy`: a URL alone (`file:/var/www/gongbo/`), or `url` with the settings a mirror has. */
const deployReader: Reader<RawDeploy> = (node, ctx, label, rule) => {
  if (isMap(node)) return deployFields(node, ctx, label, rule);
  const url = mirrorTarget(node, ctx, label, rule);
  return url === undefined ? undefined : { url };
};

const mirrorsReader: Reader<Record<string, Partial<MirrorConfig> & { public_url?: string; auth?: Record<string, string> }>> = (node, ctx, label, rule) => {
  if (!isMap(node)) {
    report(ctx, node, phrase('config.mirrorsMap'), rule);
    return undefined;
  }
  const out: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const pair of node.items as Pair<YamlNode, YamlNode | null>[]) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      report(ctx, pair.key, phrase('config.mirrorName', { name }), 'mirror-name');
      ok = false;
      continue;
    }
    const value = pair.value ? mirrorFields(pair.value, ctx, `mirrors.${name}`, rule) : undefined;
    if (!pair.value) report(ctx, pair.key, phrase('config.mirrorEmpty', { name }), 'required');
    if (value === undefined) ok = false;
    else out[name] = value;
  }
  return ok ? out : undefined;
};

const defaultsFields = record<{ department: Partial<Record<Locale, string>>; category: string }>({
  department: { read: record<Partial<Record<Locale, string>>>({ ko: { read: text }, en: { read: text } }, phrase('what.departments')) },
  category: { read: word },
}, phrase('what.defaults'));

const configFields = record<{
  site: Partial<{ url: string; publisher: Partial<Record<Locale, string>>; license: LicenseId; time_zone: string; per_page: number; deploy: RawDeploy }>;
  categories: string[];
  hubs: string[];
  mirrors: Record<string, Record<string, unknown>>;
  defaults: Partial<{ department: Partial<Record<Locale, string>>; category: string }>;
}>({
  site: { read: siteFields, required: true },
  categories: { read: list(categoryCode), required: true },
  hubs: { read: list(endpointUrl) },
  mirrors: { read: mirrorsReader as Reader<Record<string, Record<string, unknown>>> },
  defaults: { read: defaultsFields },
}, phrase('what.config'));

/** Load `gongbo.config.yaml` from `root`. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = new VFile({ path: CONFIG_FILE, cwd: root });
  // Looked at before it is read: a named pipe or a link to a device must not hang or fill memory.
  const result = await readSource(path.join(root, CONFIG_FILE), MAX_SOURCE_BYTES);
  if (result.type === 'read') file.value = result.bytes.toString('utf8');
  else if (result.type !== 'missing') {
    say(file, explainUnreadable(result, 'config', MAX_SOURCE_BYTES), { ruleId: 'source-file', fatal: true });
    return { file };
  } else {
    const folderExists = existsSync(root);
    say(file, phrase(folderExists ? 'config.missing' : 'config.noFolder', { root, file: CONFIG_FILE }), { ruleId: 'config-missing', fatal: true });
    return { file };
  }
  const source = parseYamlSource(file, String(file.value), 0, 'config-yaml');
  if (!source) return { file };
  const ctx: Context = { source, rulePrefix: 'config' };
  const contents = source.doc.contents as YamlNode | null;
  if (!contents) {
    report(ctx, undefined, phrase('config.empty', { file: CONFIG_FILE }), 'required');
    return { file };
  }
  const raw = configFields(contents, ctx, '', 'config');
  if (!raw?.site?.url || !raw.site.publisher || !raw.categories) return { file };
  const publisher = raw.site.publisher as Record<Locale, string>;
  const targetOf = (m: RawDeploy): PushTarget => {
    const auth = m.auth;
    return {
      url: m.url!,
      ...(auth ? { auth: { usernameEnv: auth.username_env, passwordEnv: auth.password_env, tokenEnv: auth.token_env } } : {}),
      ...(m.timeout !== undefined ? { timeoutMs: m.timeout } : {}),
      ...(m.retry_budget !== undefined ? { retryBudgetMs: m.retry_budget } : {}),
      ...(m.lock_wait !== undefined ? { lockWaitMs: m.lock_wait } : {}),
    };
  };
  const mirrors: MirrorConfig[] = Object.entries(raw.mirrors ?? {})
    .map(([name, m]) => ({
      name,
      ...targetOf(m as RawDeploy),
      publicUrl: m.public_url as string,
      languages: (m.languages as Locale[] | undefined) ?? [...LOCALES],
      categories: (m.categories as string[] | undefined) ?? raw.categories!,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const mirror of mirrors) {
    for (const category of mirror.categories) {
      if (!raw.categories.includes(category)) {
        say(file, phrase('config.mirrorCategory', { name: mirror.name, category }), { ruleId: 'config-mirror-category', fatal: true });
      }
    }
  }
  const deploy = raw.site.deploy?.url ? targetOf(raw.site.deploy) : undefined;
  if (deploy && mirrors.some((m) => m.name === ORIGIN)) {
    const key = (source.doc.get('mirrors', true) as YamlNode | undefined);
    const pair = isMap(key) ? key.items.find((p) => isScalar(p.key) && p.key.value === ORIGIN) : undefined;
    report(ctx, (pair?.key as YamlNode | undefined) ?? key, phrase('config.originName', { origin: ORIGIN }), 'mirror-name');
  }
  // A URL that could not be read (no `file:` or `http(s):`) has its own error already.
  const places = [
    ...(deploy?.url ? [{ name: ORIGIN, url: deploy.url, setting: 'site.deploy' }] : []),
    ...mirrors.filter((m) => typeof m.url === 'string').map((m) => ({ name: m.name, url: m.url, setting: `mirrors.${m.name}.url` })),
  ];
  checkPushPlaces(places, root, (name, reason) => {
    if (name === ORIGIN && deploy) {
      const node = source.doc.getIn(['site', 'deploy'], true) as YamlNode | undefined;
      report(ctx, isMap(node) ? node.get('url', true) as YamlNode : node, reason, 'deploy');
    } else report(ctx, source.doc.getIn(['mirrors', name, 'url'], true) as YamlNode | undefined, reason, 'mirror-url');
  });
  const defaultCategory = raw.defaults?.category;
  if (defaultCategory && !raw.categories.includes(defaultCategory)) {
    say(file, phrase('config.defaultCategory', { category: defaultCategory, list: codes(raw.categories) }), { ruleId: 'config-defaults', fatal: true });
  }
  if (file.messages.some((m) => m.fatal)) return { file };
  return {
    file,
    config: {
      root,
      site: {
        url: raw.site.url,
        publisher,
        license: raw.site.license ?? 'kogl-1',
        timeZone: raw.site.time_zone ?? 'Asia/Seoul',
        perPage: raw.site.per_page ?? 10,
        ...(deploy ? { deploy } : {}),
      },
      categories: raw.categories,
      hubs: raw.hubs ?? [],
      mirrors,
      defaults: {
        department: raw.defaults?.department ?? {},
        category: defaultCategory ?? raw.categories[0]!,
      },
    },
  };
}

/** Folders of a site that a mirror must stay out of: sources, the build push reads, caches. */
const SITE_FOLDERS = ['notices', 'locales', 'assets', 'src', 'dist', '.git', 'node_modules', '.gongbo-cache'];

/** The folder a `file:` mirror URL names (as the file: transport resolves it). */
export function fileMirrorFolder(url: string, root: string): string {
  const rest = url.replace(/^file:/, '');
  if (rest.startsWith('//')) return fileURLToPath(url);
  return path.resolve(root, decodeURIComponent(rest));
}

/** `file` with its links resolved, as far as it exists: a mirror may not exist before its first push. */
export function realPath(file: string): string {
  const missing: string[] = [];
  let current = path.resolve(file);
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(file);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** Whether `child` is `parent` or inside it. */
export function isWithin(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A place push writes to: a mirror, or the origin's deploy target; `setting` names it in the config. */
interface PushPlace {
  name: string;
  url: string;
  setting: string;
}

/**
 * A push writes and deletes in its mirror's folder: one that is, holds, or lies in the site's
 * sources or build would destroy them, and two mirrors sharing files would delete each other's.
 * The origin's deploy target is held to the same rules: it is pushed as a mirror is.
 */
function checkPushPlaces(targets: readonly PushPlace[], root: string, problem: (name: string, reason: Phrase) => void): void {
  const site = realPath(root);
  const fix = (target: PushPlace) => (target.name === ORIGIN ? phrase('config.fixOrigin') : phrase('config.fixMirror', { name: target.name }));
  const what = (target: PushPlace) => phrase(target.name === ORIGIN ? 'config.theOrigin' : 'config.theMirror');
  const places: { target: PushPlace; key: string }[] = [];
  for (const target of targets) {
    const at = { setting: target.setting, url: target.url };
    if (target.url.startsWith('file:')) {
      const folder = realPath(fileMirrorFolder(target.url, root));
      if (isWithin(site, folder)) {
        problem(target.name, phrase(folder === site ? 'config.isSite' : 'config.holdsSite', { ...at, what: what(target), fix: fix(target) }));
        continue;
      }
      // The kernel's own file systems: nothing to publish there, and Node's `mkdir -p` never returns in /proc.
      const system = ['/proc', '/sys', '/dev'].find((f) => isWithin(folder, f));
      if (system) {
        problem(target.name, phrase('config.systemFolder', { ...at, system, fix: fix(target) }));
        continue;
      }
      const inside = SITE_FOLDERS.find((f) => isWithin(folder, path.join(site, f)));
      if (inside) {
        problem(target.name, phrase('config.inSite', { ...at, inside, fix: fix(target) }));
        continue;
      }
      places.push({ target, key: `file:${folder}${path.sep}` });
    } else {
      const url = new URL(target.url);
      const dir = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
      places.push({ target, key: `${url.protocol}//${url.host.toLowerCase()}${decodeURIComponent(dir)}` });
    }
  }
  const named = (target: PushPlace) => (target.name === ORIGIN ? phrase('config.namedOrigin') : phrase('config.namedMirror', { name: target.name }));
  for (let i = 0; i < places.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [places[j]!, places[i]!];
      if (a.key.startsWith(b.key) || b.key.startsWith(a.key)) {
        problem(b.target.name, phrase(b.target.name === ORIGIN || a.target.name === ORIGIN ? 'config.overlapsPlace' : 'config.overlapsMirror', {
          setting: b.target.setting, url: b.target.url, other: named(a.target), otherUrl: a.target.url,
        }));
      }
    }
  }
}
