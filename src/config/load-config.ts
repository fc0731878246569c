// Reads and validates `gongbo.config.yaml`; problems become positioned messages on the config file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { isMap, isScalar, type Node as YamlNode, type Pair } from 'yaml';
import { parseYamlSource } from '../load/yaml-source.js';
import { explainUnreadable, readSource } from '../load/read-source.js';
import { MAX_SOURCE_BYTES } from '../load/limits.js';
import { list, oneOf, record, report, text, word, type Context, type Reader } from '../validate/schema.js';
import { LICENSE_IDS, LOCALES, type LicenseId, type Locale, type MirrorConfig, type SiteConfig } from '../model.js';

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
  report(ctx, node, `\`${label}\` must be an http(s) URL like \`https://hub.example.org/\`, got \`${value}\``, rule);
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
    report(ctx, node, `\`${label}\` must be an absolute URL like \`https://www.example.go.kr/news/\`, got \`${value}\``, rule);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    report(ctx, node, `\`${label}\` must start with https:// or http://, got \`${value}\``, rule);
    return undefined;
  }
  // Relative links resolve against a base only when it ends in a slash.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
};

const mirrorTarget: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  if (/^file:/.test(value) || /^https?:\/\//.test(value)) return value;
  report(ctx, node, `\`${label}\` must be a \`file:\` folder (like \`file:mirrors/iris/\`) or an http(s) WebDAV URL, got \`${value}\``, rule);
  return undefined;
};

const positiveInteger: Reader<number> = (node, ctx, label, rule) => {
  if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value > 0) return node.value;
  report(ctx, node, `\`${label}\` must be a whole number above 0`, rule);
  return undefined;
};

const timeZone: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    report(ctx, node, `\`${label}\` \`${value}\` is not a time zone: use an IANA name like \`Asia/Seoul\``, rule);
    return undefined;
  }
};

const envName: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined) return undefined;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return value;
  report(ctx, node, `\`${label}\` must name an environment variable (like \`IRIS_PASSWORD\`), never hold the secret itself`, rule);
  return undefined;
};

const locale = oneOf<Locale>(LOCALES, 'language');

const siteFields = record<{
  url: string; publisher: Partial<Record<Locale, string>>; license: LicenseId; time_zone: string; per_page: number;
}>({
  url: { read: absoluteUrl, required: true },
  publisher: { read: record<Record<Locale, string>>({ ko: { read: text, required: true }, en: { read: text, required: true } }, 'the publisher names'), required: true },
  license: { read: oneOf(LICENSE_IDS, 'licence') },
  time_zone: { read: timeZone },
  per_page: { read: positiveInteger },
}, 'the site settings');

const authFields = record<{ username_env: string; password_env: string; token_env: string }>({
  username_env: { read: envName },
  password_env: { read: envName },
  token_env: { read: envName },
}, 'the mirror credentials');

const mirrorFields = record<{
  url: string; public_url: string; languages: Locale[]; categories: string[];
  auth: Partial<{ username_env: string; password_env: string; token_env: string }>;
}>({
  url: { read: mirrorTarget, required: true },
  public_url: { read: absoluteUrl, required: true },
  languages: { read: list(locale) },
  categories: { read: list(word) },
  auth: { read: authFields },
}, 'a mirror');

const mirrorsReader: Reader<Record<string, Partial<MirrorConfig> & { public_url?: string; auth?: Record<string, string> }>> = (node, ctx, label, rule) => {
  if (!isMap(node)) {
    report(ctx, node, '`mirrors` must map mirror names to their settings', rule);
    return undefined;
  }
  const out: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const pair of node.items as Pair<YamlNode, YamlNode | null>[]) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      report(ctx, pair.key, `Mirror name \`${name}\` must be lowercase letters, digits and hyphens`, 'mirror-name');
      ok = false;
      continue;
    }
    const value = pair.value ? mirrorFields(pair.value, ctx, `mirrors.${name}`, rule) : undefined;
    if (!pair.value) report(ctx, pair.key, `Mirror \`${name}\` has no settings: add \`url\` and \`public_url\``, 'required');
    if (value === undefined) ok = false;
    else out[name] = value;
  }
  return ok ? out : undefined;
};

const defaultsFields = record<{ department: Partial<Record<Locale, string>>; category: string }>({
  department: { read: record<Partial<Record<Locale, string>>>({ ko: { read: text }, en: { read: text } }, 'the default department names') },
  category: { read: word },
}, 'the defaults for new notices');

const configFields = record<{
  site: Partial<{ url: string; publisher: Partial<Record<Locale, string>>; license: LicenseId; time_zone: string; per_page: number }>;
  categories: string[];
  hubs: string[];
  mirrors: Record<string, Record<string, unknown>>;
  defaults: Partial<{ department: Partial<Record<Locale, string>>; category: string }>;
}>({
  site: { read: siteFields, required: true },
  categories: { read: list(word), required: true },
  hubs: { read: list(endpointUrl) },
  mirrors: { read: mirrorsReader as Reader<Record<string, Record<string, unknown>>> },
  defaults: { read: defaultsFields },
}, 'the config');

/** Load `gongbo.config.yaml` from `root`. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const file = new VFile({ path: CONFIG_FILE, cwd: root });
  // Looked at before it is read: a named pipe or a link to a device must not hang or fill memory.
  const result = await readSource(path.join(root, CONFIG_FILE), MAX_SOURCE_BYTES);
  if (result.type === 'read') file.value = result.bytes.toString('utf8');
  else if (result.type !== 'missing') {
    file.message(explainUnreadable(result, 'the config', MAX_SOURCE_BYTES), { ruleId: 'source-file', source: 'gongbo' }).fatal = true;
    return { file };
  } else {
    const folderExists = existsSync(root);
    const message = file.message(!folderExists
      ? `The folder ${root} does not exist: check the path given to --cwd`
      : `Cannot read \`${CONFIG_FILE}\` in ${root}: run gongbo in a site folder (one with \`notices/\` and \`${CONFIG_FILE}\`), or pass \`--cwd DIR\``,
      { ruleId: 'config-missing', source: 'gongbo' },
    );
    message.fatal = true;
    return { file };
  }
  const source = parseYamlSource(file, String(file.value), 0, 'config-yaml');
  if (!source) return { file };
  const ctx: Context = { source, rulePrefix: 'config' };
  const contents = source.doc.contents as YamlNode | null;
  if (!contents) {
    report(ctx, undefined, `\`${CONFIG_FILE}\` is empty: it needs at least \`site\` and \`categories\``, 'required');
    return { file };
  }
  const raw = configFields(contents, ctx, '', 'config');
  if (!raw?.site?.url || !raw.site.publisher || !raw.categories) return { file };
  const publisher = raw.site.publisher as Record<Locale, string>;
  const mirrors: MirrorConfig[] = Object.entries(raw.mirrors ?? {})
    .map(([name, m]) => {
      const auth = m.auth as Record<string, string> | undefined;
      return {
        name,
        url: m.url as string,
        publicUrl: m.public_url as string,
        languages: (m.languages as Locale[] | undefined) ?? [...LOCALES],
        categories: (m.categories as string[] | undefined) ?? raw.categories!,
        ...(auth ? { auth: { usernameEnv: auth.username_env, passwordEnv: auth.password_env, tokenEnv: auth.token_env } } : {}),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const mirror of mirrors) {
    for (const category of mirror.categories) {
      if (!raw.categories.includes(category)) {
        file.message(`Mirror \`${mirror.name}\` takes category \`${category}\`, which is not in \`categories\`: add it there or remove it`, {
          ruleId: 'config-mirror-category', source: 'gongbo',
        }).fatal = true;
      }
    }
  }
  const defaultCategory = raw.defaults?.category;
  if (defaultCategory && !raw.categories.includes(defaultCategory)) {
    file.message(`\`defaults.category\` \`${defaultCategory}\` is not in \`categories\`: add it there or pick one of ${raw.categories.join(', ')}`, {
      ruleId: 'config-defaults', source: 'gongbo',
    }).fatal = true;
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
