// Checks a notice folder's front matter, attachments and translations; returns the notice if usable.
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { VFile } from 'vfile';
import type { Root as MdastRoot } from 'mdast';
import { parseYamlSource, readsAsYaml, type YamlSource } from '../load/yaml-source.js';
import { TEMPLATE_PLACEHOLDERS, TEMPLATE_BODY_LINES } from '../new/notice-template.js';
import { checkBodyLinks } from './check-body-links.js';
import { checkBodyTraps, mayHaveBodyTraps } from './check-body-traps.js';
import { checkFullwidth } from './check-fullwidth.js';
import { parsePhone, PHONE_DIGITS } from './phone.js';
import { checkAttachments, publishableAssets, warnSkippedAssets, warnUnnamedAssets } from './check-attachments.js';
import { checkBody, checkFrontMatter, LIMITS } from './check-limits.js';
import type { NoticeSource } from '../load/load-notices.js';
import {
  instant, list, matching, normalise, oneOf, record, report, text, word, type Context, type Reader,
} from './schema.js';
import { phrase, say, type Phrase } from '../i18n/say.js';
import { noticeAliases, type Labels } from './aliases.js';
import {
  LICENSE_IDS, LOCALES, type Change, type Contact, type Instant, type LicenseId, type Locale,
  type Notice, type NoticeMeta, type NoticeVersion, type SiteConfig, type Status, type Withdrawal,
} from '../model.js';

/** `YYYY-MM-DD-slug`: the id never changes once published, so it must be URL-safe everywhere. */
export const ID_PATTERN = /^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

const FRONT_MATTER = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

type RawMeta = Omit<NoticeMeta, 'license' | 'status' | 'attachments'> & {
  license: LicenseId; status: Status; attachments: Array<{ file: string; title: string }>;
};

/** What ministries print (see phone.ts); pages link the number without its extension as `tel:`. */
const phone: Reader<string> = (node, ctx, label, rule) => {
  const value = word(node, ctx, label, rule);
  if (value === undefined || parsePhone(value)) return value;
  report(ctx, node, phrase('traps.phone', { label, value, least: PHONE_DIGITS.least, most: PHONE_DIGITS.most }), rule);
  return undefined;
};

/** Every field name of the front matter, nested ones too: a full-width colon after one is a typo, not text. */
const FIELD_NAMES = new Set([
  'title', 'subtitle', 'date', 'updated', 'department', 'contacts', 'category', 'tags', 'license', 'attachments',
  'status', 'withdrawn', 'changes', 'mirrors', 'name', 'phone', 'email', 'file', 'note', 'reason',
]);

function fieldsFor(config: SiteConfig) {
  const contact = record<Contact>({
    name: { read: text, required: true },
    // Pages link them as tel: and mailto:, so they must be what those links can carry.
    phone: { read: phone, rule: 'contact' },
    email: { read: matching(/^[^\s@<>"'()[\],;:]+@[^\s@<>"'()[\],;:]+\.[a-z]{2,}$/i, phrase('what.email'), 'press@msit.go.kr'), rule: 'contact' },
  }, phrase('what.contact'));
  const attachment = record<{ file: string; title: string }>({
    file: { read: text, required: true },
    title: { read: text, required: true },
  }, phrase('what.attachment'));
  const change = record<Change>({
    date: { read: instant, required: true },
    note: { read: text, required: true },
  }, phrase('what.change'));
  const withdrawal = record<Withdrawal>({
    date: { read: instant, required: true },
    reason: { read: text, required: true },
  }, phrase('what.withdrawal'));
  const mirrorNames = config.mirrors.map((m) => m.name);
  return record<RawMeta>({
    title: { read: text, required: true },
    subtitle: { read: list(text) },
    date: { read: instant, required: true },
    updated: { read: instant },
    department: { read: text, required: true },
    contacts: { read: list(contact) },
    category: { read: oneOf(config.categories, phrase('what.category'), 'category'), required: true },
    tags: { read: list(text) },
    license: { read: oneOf(LICENSE_IDS, phrase('what.license'), 'license') },
    attachments: { read: list(attachment) },
    status: { read: oneOf<Status>(['published', 'draft', 'withdrawn'], phrase('what.status'), 'status') },
    withdrawn: { read: withdrawal },
    changes: { read: list(change) },
    mirrors: { read: list(oneOf(mirrorNames, phrase('what.mirror'))) },
  }, phrase('what.frontMatter'));
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
 * only when none is fatal. `onBody` is given each body parsed within the limits (a cold build
 * compiles from it rather than parsing the file again).
 */
export function validateNotice(source: NoticeSource, config: SiteConfig, labels?: Labels, onBody?: (file: VFile, tree: MdastRoot) => void): Notice | undefined {
  const { id, folder } = source;
  if (source.refused) return undefined; // not a folder gongbo reads; `folder` says why
  const languageFiles = LOCALES.flatMap((l) => (source.files[l] ? [source.files[l]!] : []));
  const idMatch = ID_PATTERN.exec(id);
  if (!idMatch || !validDate(idMatch)) {
    say(folder, phrase('notice.id', { id }), { ruleId: 'notice-id', fatal: true });
  }
  if (languageFiles.length === 0) {
    say(folder, phrase('notice.empty', { id }), { ruleId: 'notice-empty', fatal: true });
    return undefined;
  }
  const fields = fieldsFor(config);
  const named = new Set<string>();
  const aliases = aliasesFor(labels);
  const versions: ParsedVersion[] = languageFiles.map((file) => parseVersion(file, source, config, fields, named, aliases, onBody));
  // Which files `attachments:` names is known only once every front matter could be read.
  if (versions.every((v) => v.yaml)) {
    warnSkippedAssets(source, named);
    warnUnnamedAssets(source, named);
  }
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

/** The last labels' aliases: every notice of a build has the same labels (a fresh copy in each worker job). */
let lastAliases: { key: string; aliases: ReturnType<typeof noticeAliases> } | undefined;

function aliasesFor(labels: Labels | undefined): ReturnType<typeof noticeAliases> {
  const key = JSON.stringify(labels ?? {});
  if (lastAliases?.key !== key) lastAliases = { key, aliases: noticeAliases(labels) };
  return lastAliases.aliases;
}

function validDate(match: RegExpExecArray): boolean {
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function parseVersion(
  file: VFile, source: NoticeSource, config: SiteConfig, fields: ReturnType<typeof fieldsFor>, named: Set<string>,
  aliases: Context['aliases'], onBody?: (file: VFile, tree: MdastRoot) => void,
): ParsedVersion {
  const locale = file.data.locale as Locale;
  const nodes = new Map<string, YamlNode>();
  // Load already refused it (not UTF-8, not a regular file, too large): there is nothing to parse.
  if (file.messages.some((m) => m.fatal)) return { locale, file, nodes };
  const value = String(file.value);
  const match = FRONT_MATTER.exec(value);
  if (!match) {
    say(file, phrase(/^\uFEFF?---[ \t]*\r?\n/.test(value) ? 'notice.unclosedFrontMatter' : 'notice.noFrontMatter'), {
      place: { line: 1, column: 1 }, ruleId: 'frontmatter-missing', fatal: true,
    });
    return { locale, file, nodes };
  }
  const yamlText = match[2] ?? '';
  // The body's checks need nothing of the front matter: an error there must not hide the body's
  // problems until it is fixed. What needs the fields (attachments, the body's leftover template
  // lines, whose severity is the status's) waits for front matter that can be read.
  const unread = (): ParsedVersion => {
    checkBodyOf(file, source, named, match[0].length, onBody);
    return { locale, file, nodes };
  };
  if (!checkFrontMatter(file, yamlText, match[1]!.length)) return unread();
  // An error, not a warning: YAML either cannot read these lines or reads another field than meant
  // (`\u3000date`, a list folded into one tag). Said alone, since the parser's cascade would bury it.
  const isField = (key: string) => FIELD_NAMES.has(key.toLowerCase()) || aliases?.['field']?.has(normalise(key)) === true;
  const repaired = checkFullwidth(file, yamlText, match[1]!.length, isField);
  // The rest is checked from the repaired text when it reads cleanly; the notice stays refused.
  if (repaired !== undefined && !readsAsYaml(repaired)) return unread();
  const yaml = parseYamlSource(file, repaired ?? yamlText, match[1]!.length, 'frontmatter-yaml');
  if (!yaml) return unread();
  const ctx: Context = { source: yaml, rulePrefix: 'frontmatter', ...(aliases ? { aliases } : {}) };
  const contents = yaml.doc.contents as YamlNode | null;
  if (!contents || !isMap(contents)) {
    say(file, phrase('notice.emptyFrontMatter'), { place: { line: 1, column: 1 }, ruleId: 'frontmatter-required', fatal: true });
    return unread();
  }
  for (const pair of contents.items as Pair<YamlNode, YamlNode>[]) {
    if (isScalar(pair.key) && pair.value) nodes.set(String(pair.key.value), pair.value);
  }
  const raw: Partial<RawMeta> = fields(contents, ctx, '', 'frontmatter') ?? {};
  const parsed = { locale, file, nodes, yaml };
  const status = raw.status ?? 'published';
  if (status === 'withdrawn' && !raw.withdrawn) {
    report(ctx, nodes.get('status'), phrase('notice.withdrawnMissing'), 'withdrawn');
  }
  if (status !== 'withdrawn' && raw.withdrawn) {
    report(ctx, nodes.get('withdrawn'), phrase('notice.withdrawnStatus'), 'withdrawn');
  }
  if (raw.updated && raw.date && raw.updated.ms < raw.date.ms) {
    report(ctx, nodes.get('updated'), phrase('notice.updatedEarly'), 'date');
  }
  // The page says "withdrawn on …" and lists the changes by date: none may come before the release.
  if (raw.withdrawn?.date && raw.date && raw.withdrawn.date.ms < raw.date.ms) {
    report(ctx, dateIn(nodes.get('withdrawn')), phrase('notice.withdrawnEarly'), 'date');
  }
  const changeNodes = nodes.get('changes');
  (raw.changes ?? []).forEach((entry, index) => {
    // An entry the schema refused has been reported already, and may lack its date.
    if (!raw.date || !entry?.date || entry.date.ms >= raw.date.ms) return;
    const item = changeNodes && isSeq(changeNodes) ? (changeNodes.items[index] as YamlNode | undefined) : undefined;
    report(ctx, dateIn(item) ?? changeNodes, phrase('notice.changeEarly'), 'date');
  });
  checkPlaceholders(raw, ctx, nodes, status);
  if (raw.title && raw.title.length > LIMITS.titleChars) {
    report(ctx, nodes.get('title'), phrase('notice.titleLength', { length: raw.title.length, most: LIMITS.titleChars }), 'length');
  }
  checkTagsList(ctx, nodes.get('tags'));
  checkFolderDate(ctx, source.id, raw.date, nodes.get('date'), config.site.timeZone);
  if (raw.tags && raw.tags.length > LIMITS.tags) {
    report(ctx, nodes.get('tags'), phrase('notice.tags', { count: raw.tags.length, most: LIMITS.tags }), 'length');
  }
  checkBodyOf(file, source, named, match[0].length, onBody);
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

/** The text after the front matter (from `offset`): its limits, the files it links, its traps. */
function checkBodyOf(file: VFile, source: NoticeSource, named: Set<string>, offset: number, onBody?: (file: VFile, tree: MdastRoot) => void): void {
  // Only a body within the limits is parsed again, or compiled.
  const tree = checkBody(file, offset);
  if (!tree) return;
  const parsedBody = () => tree;
  checkBodyLinks(file, source, named, parsedBody);
  if (mayHaveBodyTraps(String(file.value))) checkBodyTraps(file, parsedBody());
  // Read, not changed, above: compiling may start from it.
  onBody?.(file, tree);
}

/** The `date` of a mapping (`withdrawn:`, an item of `changes:`), else the mapping itself. */
function dateIn(node: YamlNode | undefined): YamlNode | undefined {
  return node && isMap(node) ? ((node.get('date', true) as YamlNode | undefined) ?? node) : node;
}

/**
 * `tags: 인공지능, AI, 공모` is one tag with commas in YAML: only brackets (or one `- ` line per
 * tag) make a list. A warning, since the notice still publishes, under one odd tag.
 */
function checkTagsList(ctx: Context, node: YamlNode | undefined): void {
  if (!isScalar(node) || typeof node.value !== 'string' || !/[,，、]/.test(node.value)) return;
  const tags = node.value.split(/[,，、]/).map((tag) => tag.trim()).filter(Boolean);
  if (tags.length < 2) return;
  const flow = tags.map((tag) => (/^[-?:!&*|>'"%@`]|[:#[\]{}]/.test(tag) ? JSON.stringify(tag) : tag));
  say(ctx.source.file, phrase('traps.tagsList', { value: node.value, count: tags.length, fixed: `tags: [${flow.join(', ')}]` }), {
    place: ctx.source.positionOf(node)?.start, ruleId: 'tags-list',
  });
}

/** One formatter per time zone: constructing one costs more than the rest of validating a notice. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `ms` in `timeZone`, from numeric parts (Node's ICU may hold English only). */
function dayIn(ms: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * The folder's date is the day in the notice's address; a `date` on another day is usually a copied
 * folder whose date was not changed. The day may be read as written or in the site's time zone.
 */
function checkFolderDate(ctx: Context, id: string, date: Instant | undefined, node: YamlNode | undefined, timeZone: string): void {
  const folder = ID_PATTERN.exec(id);
  if (!folder || !date) return;
  const day = `${folder[1]}-${folder[2]}-${folder[3]}`;
  // As written first: asking Intl for the day in the time zone costs more than the rest of this check.
  if (date.iso.slice(0, 10) === day) return;
  const local = dayIn(date.ms, timeZone);
  if (local === day) return;
  say(ctx.source.file, phrase('traps.dateMismatch', { folder: day, id, date: date.iso, renamed: `${local}${id.slice(10)}` }), {
    place: ctx.source.positionOf(node)?.start, ruleId: 'date-mismatch',
  });
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
    report(ctx, nodes.get(field), phrase('notice.placeholder', { field, value }), 'placeholder', status !== 'draft');
  }
  const text = String(ctx.source.file.value);
  for (const line of TEMPLATE_BODY_LINES) {
    const at = text.indexOf(line);
    if (at < 0) continue;
    const before = text.slice(0, at);
    say(ctx.source.file, phrase('notice.bodyPlaceholder', { line }), {
      place: { line: before.split('\n').length, column: at - before.lastIndexOf('\n') }, ruleId: 'frontmatter-placeholder', fatal: status !== 'draft',
    });
  }
}

// `mirrors` too: a mirror that took one language only would carry pages whose language switch breaks.
const MUST_AGREE = ['date', 'category', 'license', 'mirrors'] as const;

function noteSingleLanguage(only: ParsedVersion | undefined): void {
  if (!only) return;
  const missing = LOCALES.filter((l) => l !== only.locale);
  // Two languages: the one missing is the other one.
  const [other] = missing;
  say(only.file, phrase('notice.singleLanguage', { language: phrase(`language.${other}`), file: `${other}.md` }), {
    place: { line: 1, column: 1 }, ruleId: 'translation-missing',
  });
}

/**
 * A draft beside a published translation (the published one goes out alone), or a withdrawn one
 * (the other page goes on showing the release as valid): seldom meant.
 */
function checkStatusesAgree(versions: Array<ParsedVersion & { meta: NoticeMeta }>): void {
  const published = versions.find((v) => v.meta.status === 'published');
  if (!published) return;
  const draft = versions.find((v) => v.meta.status === 'draft');
  // A release withdrawn in one language only: the other page goes on showing it as valid, without the banner.
  const withdrawn = versions.find((v) => v.meta.status === 'withdrawn');
  for (const [version, key] of [[draft, 'traps.statusMismatch'], [withdrawn, 'traps.withdrawnAlone']] as const) {
    if (!version) continue;
    say(version.file, phrase(key, { file: `${published.locale}.md`, language: phrase(`language.${published.locale}`) }), {
      place: version.yaml?.positionOf(version.nodes.get('status'))?.start ?? { line: 1, column: 1 }, ruleId: 'status-mismatch',
    });
  }
}

function checkTranslationsAgree(versions: Array<ParsedVersion & { meta: NoticeMeta }>): void {
  const [first, second] = versions as [ParsedVersion & { meta: NoticeMeta }, ParsedVersion & { meta: NoticeMeta }];
  checkStatusesAgree(versions);
  let agree = true;
  for (const field of MUST_AGREE) {
    if (comparable(first.meta[field]) !== comparable(second.meta[field])) {
      agree = false;
      const node = second.nodes.get(field);
      say(second.file, phrase('notice.mismatch', {
        field, here: written(second.meta[field]), there: written(first.meta[field]), file: `${first.locale}.md`,
      }), { place: second.yaml?.positionOf(node)?.start ?? { line: 1, column: 1 }, ruleId: 'translation-mismatch', fatal: true });
    }
  }
  if (!agree) return;
  const lastChange = (meta: NoticeMeta) => Math.max(meta.date.ms, meta.updated?.ms ?? 0, ...meta.changes.map((c) => c.date.ms));
  const [older, newer] = lastChange(first.meta) < lastChange(second.meta) ? [first, second] : [second, first];
  if (lastChange(older.meta) < lastChange(newer.meta)) {
    say(older.file, phrase('notice.outdated', {
      file: `${newer.locale}.md`, mine: new Date(lastChange(older.meta)).toISOString(), theirs: new Date(lastChange(newer.meta)).toISOString(),
    }), { place: { line: 1, column: 1 }, ruleId: 'translation-outdated' });
  }
}

type Agreed = NoticeMeta[(typeof MUST_AGREE)[number]];

/** The same instant written with another offset agrees; mirror lists agree in any order. */
function comparable(value: Agreed): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return [...value].sort().join(',');
  return typeof value === 'string' ? value : String(value.ms);
}

function written(value: Agreed): string | Phrase {
  if (value === undefined) return phrase('value.notSet');
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : value.iso;
}
