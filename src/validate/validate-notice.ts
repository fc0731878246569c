// Checks a notice folder's front matter, attachments and translations; returns the notice if usable.
import { isMap, isScalar, type Node as YamlNode, type Pair } from 'yaml';
import type { VFile } from 'vfile';
import { parseYamlSource, type YamlSource } from '../load/yaml-source.js';
import { TEMPLATE_PLACEHOLDERS, TEMPLATE_BODY_LINES } from '../new/notice-template.js';
import { checkBodyLinks } from './check-body-links.js';
import { checkAttachments, publishableAssets, warnSkippedAssets } from './check-attachments.js';
import { checkBody, checkFrontMatter, LIMITS } from './check-limits.js';
import type { NoticeSource } from '../load/load-notices.js';
import { instant, list, matching, oneOf, record, report, text, type Context } from './schema.js';
import {
  LICENSE_IDS, LOCALES, type Change, type Contact, type LicenseId, type Locale,
  type Notice, type NoticeMeta, type NoticeVersion, type SiteConfig, type Status, type Withdrawal,
} from '../model.js';

/** `YYYY-MM-DD-slug`: the id never changes once published, so it must be URL-safe everywhere. */
export const ID_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

const FRONT_MATTER = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

type RawMeta = Omit<NoticeMeta, 'license' | 'status' | 'attachments'> & {
  license: LicenseId; status: Status; attachments: Array<{ file: string; title: string }>;
};

function fieldsFor(config: SiteConfig) {
  const contact = record<Contact>({
    name: { read: text, required: true },
    // Pages link them as tel: and mailto:, so they must be what those links can carry.
    phone: { read: matching(/^\+?[0-9][0-9 ().-]{5,}[0-9]$/, 'a phone number', '044-202-6241'), rule: 'contact' },
    email: { read: matching(/^[^\s@<>"'()[\],;:]+@[^\s@<>"'()[\],;:]+\.[a-z]{2,}$/i, 'an email address', 'press@msit.go.kr'), rule: 'contact' },
  }, 'a contact');
  const attachment = record<{ file: string; title: string }>({
    file: { read: text, required: true },
    title: { read: text, required: true },
  }, 'an attachment');
  const change = record<Change>({
    date: { read: instant, required: true },
    note: { read: text, required: true },
  }, 'a change');
  const withdrawal = record<Withdrawal>({
    date: { read: instant, required: true },
    reason: { read: text, required: true },
  }, 'the withdrawal');
  const mirrorNames = config.mirrors.map((m) => m.name);
  return record<RawMeta>({
    title: { read: text, required: true },
    subtitle: { read: list(text) },
    date: { read: instant, required: true },
    updated: { read: instant },
    department: { read: text, required: true },
    contacts: { read: list(contact) },
    category: { read: oneOf(config.categories, 'category (see `categories` in gongbo.config.yaml)'), required: true },
    tags: { read: list(text) },
    license: { read: oneOf(LICENSE_IDS, 'licence') },
    attachments: { read: list(attachment) },
    status: { read: oneOf<Status>(['published', 'draft', 'withdrawn'], 'status') },
    withdrawn: { read: withdrawal },
    changes: { read: list(change) },
    mirrors: { read: list(oneOf(mirrorNames, 'mirror (see `mirrors` in gongbo.config.yaml)')) },
  }, 'the front matter');
}

interface ParsedVersion {
  locale: Locale;
  file: VFile;
  meta?: NoticeMeta;
  /** Value nodes by field name, to place cross-language messages. */
  nodes: Map<string, YamlNode>;
  yaml?: YamlSource;
}

/**
 * Validate one notice folder. Every problem is recorded on the file it is in; the notice is returned
 * only when none is fatal.
 */
export function validateNotice(source: NoticeSource, config: SiteConfig): Notice | undefined {
  const { id, folder } = source;
  if (source.refused) return undefined; // not a folder gongbo reads; `folder` says why
  const languageFiles = LOCALES.flatMap((l) => (source.files[l] ? [source.files[l]!] : []));
  const idMatch = ID_PATTERN.exec(id);
  if (!idMatch || !validDate(idMatch)) {
    const message = folder.message(
      `Folder name \`${id}\` is not a notice id: name it \`YYYY-MM-DD-slug\` with a real date and a slug of lowercase letters, digits and hyphens (like \`2026-05-13-ai-hub-call\`)`,
      { ruleId: 'notice-id', source: 'gongbo' },
    );
    message.fatal = true;
  }
  if (languageFiles.length === 0) {
    folder.message(`Notice folder \`${id}\` has no \`ko.md\` or \`en.md\`: add at least one of them`, {
      ruleId: 'notice-empty', source: 'gongbo',
    }).fatal = true;
    return undefined;
  }
  const fields = fieldsFor(config);
  const named = new Set<string>();
  const versions: ParsedVersion[] = languageFiles.map((file) => parseVersion(file, source, config, fields, named));
  warnSkippedAssets(source, named);
  const parsed = versions.filter((v): v is ParsedVersion & { meta: NoticeMeta } => v.meta !== undefined);
  // With one language file, say it is alone; with two, compare them once both could be read.
  if (languageFiles.length === 1) noteSingleLanguage(parsed[0]);
  else if (parsed.length === 2) checkTranslationsAgree(parsed);
  if (!idMatch || versions.length !== parsed.length || [folder, ...languageFiles].some((f) => f.messages.some((m) => m.fatal))) {
    return undefined;
  }
  const assets = publishableAssets(source.assets);
  const diskNames = Object.fromEntries(assets.flatMap((name) => {
    const diskName = source.assets.get(name)!.diskName;
    return diskName === name ? [] : [[name, diskName]];
  }));
  const notice: Notice = { id, dir: source.dir, versions: {}, assets, ...(Object.keys(diskNames).length > 0 ? { diskNames } : {}) };
  for (const version of parsed) {
    notice.versions[version.locale] = { locale: version.locale, file: version.file, meta: version.meta } satisfies NoticeVersion;
  }
  return notice;
}

function validDate(match: RegExpExecArray): boolean {
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function parseVersion(
  file: VFile, source: NoticeSource, config: SiteConfig, fields: ReturnType<typeof fieldsFor>, named: Set<string>,
): ParsedVersion {
  const locale = file.data.locale as Locale;
  const nodes = new Map<string, YamlNode>();
  // Load already refused it (not UTF-8, not a regular file, too large): there is nothing to parse.
  if (file.messages.some((m) => m.fatal)) return { locale, file, nodes };
  const value = String(file.value);
  const match = FRONT_MATTER.exec(value);
  if (!match) {
    file.message(
      /^\uFEFF?---[ \t]*\r?\n/.test(value)
        ? 'The front matter that starts on line 1 has no closing `---`: add a line `---` after the last field, before the text'
        : 'The file does not start with front matter: begin it with a line `---`, the fields (`title: …`, `date: …`, …), and another `---`',
      { place: { line: 1, column: 1 }, ruleId: 'frontmatter-missing', source: 'gongbo' },
    ).fatal = true;
    return { locale, file, nodes };
  }
  const yamlText = match[2] ?? '';
  if (!checkFrontMatter(file, yamlText, match[1]!.length)) return { locale, file, nodes };
  const yaml = parseYamlSource(file, yamlText, match[1]!.length, 'frontmatter-yaml');
  if (!yaml) return { locale, file, nodes };
  const ctx: Context = { source: yaml, rulePrefix: 'frontmatter' };
  const contents = yaml.doc.contents as YamlNode | null;
  if (!contents || !isMap(contents)) {
    file.message('The front matter is empty: add at least `title`, `date`, `department` and `category`', {
      place: { line: 1, column: 1 }, ruleId: 'frontmatter-required', source: 'gongbo',
    }).fatal = true;
    return { locale, file, nodes };
  }
  for (const pair of contents.items as Pair<YamlNode, YamlNode>[]) {
    if (isScalar(pair.key) && pair.value) nodes.set(String(pair.key.value), pair.value);
  }
  const raw: Partial<RawMeta> = fields(contents, ctx, '', 'frontmatter') ?? {};
  const parsed = { locale, file, nodes, yaml };
  const status = raw.status ?? 'published';
  if (status === 'withdrawn' && !raw.withdrawn) {
    report(ctx, nodes.get('status'), 'A withdrawn notice needs `withdrawn: {date: …, reason: …}` saying when and why', 'withdrawn');
  }
  if (status !== 'withdrawn' && raw.withdrawn) {
    report(ctx, nodes.get('withdrawn'), '`withdrawn` is set but `status` is not `withdrawn`: set `status: withdrawn`, or remove `withdrawn`', 'withdrawn');
  }
  if (raw.updated && raw.date && raw.updated.ms < raw.date.ms) {
    report(ctx, nodes.get('updated'), '`updated` is earlier than `date`: a notice cannot change before it is released', 'date');
  }
  checkPlaceholders(raw, ctx, nodes, status);
  if (raw.title && raw.title.length > LIMITS.titleChars) {
    report(ctx, nodes.get('title'), `\`title\` is ${raw.title.length} characters long; a title holds at most ${LIMITS.titleChars}: shorten it, and put the rest in \`subtitle\``, 'length');
  }
  if (raw.tags && raw.tags.length > LIMITS.tags) {
    report(ctx, nodes.get('tags'), `\`tags\` lists ${raw.tags.length} tags; a notice has at most ${LIMITS.tags}: keep the ones readers search for`, 'length');
  }
  // Only a body within the limits is parsed again, or compiled.
  if (checkBody(file, match[0].length)) checkBodyLinks(file, source, named);
  const attachments = checkAttachments(raw.attachments ?? [], source, ctx, nodes.get('attachments'), named);
  if (file.messages.some((m) => m.fatal) || !attachments) return parsed;
  const meta: NoticeMeta = {
    title: raw.title!,
    subtitle: raw.subtitle ?? [],
    date: raw.date!,
    ...(raw.updated ? { updated: raw.updated } : {}),
    department: raw.department!,
    contacts: raw.contacts ?? [],
    category: raw.category!,
    tags: raw.tags ?? [],
    license: raw.license ?? config.site.license,
    attachments,
    status,
    ...(raw.withdrawn ? { withdrawn: raw.withdrawn } : {}),
    changes: [...(raw.changes ?? [])].sort((a, b) => a.date.ms - b.date.ms),
    ...(raw.mirrors ? { mirrors: raw.mirrors } : {}),
  };
  return { ...parsed, meta };
}

/** Text left over from `gongbo new`'s template: a warning in a draft, an error once published. */
function checkPlaceholders(raw: Partial<RawMeta>, ctx: Context, nodes: Map<string, YamlNode>, status: Status): void {
  const left: Array<[string, string]> = [];
  if (raw.title && TEMPLATE_PLACEHOLDERS.has(raw.title)) left.push(['title', raw.title]);
  if (raw.department && TEMPLATE_PLACEHOLDERS.has(raw.department)) left.push(['department', raw.department]);
  for (const line of raw.subtitle ?? []) if (TEMPLATE_PLACEHOLDERS.has(line)) left.push(['subtitle', line]);
  for (const contact of raw.contacts ?? []) {
    for (const value of [contact.name, contact.phone, contact.email]) {
      if (value && TEMPLATE_PLACEHOLDERS.has(value)) left.push(['contacts', value]);
    }
  }
  for (const [field, value] of left) {
    report(ctx, nodes.get(field), `\`${field}\` still has the template's \`${value}\`: replace it with the real text`, 'placeholder', status !== 'draft');
  }
  const text = String(ctx.source.file.value);
  for (const line of TEMPLATE_BODY_LINES) {
    const at = text.indexOf(line);
    if (at < 0) continue;
    const before = text.slice(0, at);
    ctx.source.file.message(`The text still has the template's example \`${line}\`: write the release in its place`, {
      place: { line: before.split('\n').length, column: at - before.lastIndexOf('\n') }, ruleId: 'frontmatter-placeholder', source: 'gongbo',
    }).fatal = status !== 'draft';
  }
}

// `mirrors` too: a mirror that took one language only would carry pages whose language switch breaks.
const MUST_AGREE = ['date', 'category', 'license', 'mirrors'] as const;

/** Language names in gongbo's (English) messages to authors. */
const LANGUAGE_NAMES: Record<Locale, string> = { ko: 'Korean', en: 'English' };

function noteSingleLanguage(only: ParsedVersion | undefined): void {
  if (!only) return;
  const missing = LOCALES.filter((l) => l !== only.locale);
  only.file.message(`This notice has no ${missing.map((l) => `${LANGUAGE_NAMES[l]} version (\`${l}.md\`)`).join(' or ')}; it is published in one language only`, {
    place: { line: 1, column: 1 }, ruleId: 'translation-missing', source: 'gongbo',
  });
}

function checkTranslationsAgree(versions: Array<ParsedVersion & { meta: NoticeMeta }>): void {
  const [first, second] = versions as [ParsedVersion & { meta: NoticeMeta }, ParsedVersion & { meta: NoticeMeta }];
  let agree = true;
  for (const field of MUST_AGREE) {
    if (comparable(first.meta[field]) !== comparable(second.meta[field])) {
      agree = false;
      const node = second.nodes.get(field);
      const message = second.file.message(
        `\`${field}\` is \`${written(second.meta[field])}\` here but \`${written(first.meta[field])}\` in \`${first.locale}.md\`: both languages must have the same ${field}`,
        { place: second.yaml?.positionOf(node)?.start ?? { line: 1, column: 1 }, ruleId: 'translation-mismatch', source: 'gongbo' },
      );
      message.fatal = true;
    }
  }
  if (!agree) return;
  const lastChange = (meta: NoticeMeta) => Math.max(meta.date.ms, meta.updated?.ms ?? 0, ...meta.changes.map((c) => c.date.ms));
  const [older, newer] = lastChange(first.meta) < lastChange(second.meta) ? [first, second] : [second, first];
  if (lastChange(older.meta) < lastChange(newer.meta)) {
    older.file.message(
      `This translation is older than \`${newer.locale}.md\` (last changed ${new Date(lastChange(older.meta)).toISOString()} vs ${new Date(lastChange(newer.meta)).toISOString()}): bring it up to date and set \`updated\``,
      { place: { line: 1, column: 1 }, ruleId: 'translation-outdated', source: 'gongbo' },
    );
  }
}

type Agreed = NoticeMeta[(typeof MUST_AGREE)[number]];

/** The same instant written with another offset agrees; mirror lists agree in any order. */
function comparable(value: Agreed): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return [...value].sort().join(',');
  return typeof value === 'string' ? value : String(value.ms);
}

function written(value: Agreed): string {
  if (value === undefined) return '(not set)';
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : value.iso;
}
