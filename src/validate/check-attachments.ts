// Decides which files of a notice folder may be published, and checks the attachments in front matter.
import { isMap, type Node as YamlNode } from 'yaml';
import type { VFile } from 'vfile';
import type { AssetFile, NoticeSource } from '../load/load-notices.js';
import { codes, report, type Context } from './schema.js';
import { phrase, say, type Phrase } from '../i18n/say.js';
import type { Attachment } from '../model.js';

/**
 * The passive types ministries publish. Everything else is refused: HTML, SVG, XML and scripts run
 * when opened from the site's origin or a partner's, and `files/` is copied out as it is.
 */
const PUBLISHED_TYPES: Record<string, string> = {
  pdf: 'PDF', hwp: 'HWP', hwpx: 'HWPX',
  doc: 'Word', docx: 'Word', xls: 'Excel', xlsx: 'Excel', ppt: 'PowerPoint', pptx: 'PowerPoint',
  odt: 'ODF text', ods: 'ODF spreadsheet', odp: 'ODF presentation',
  png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP',
  txt: 'text', csv: 'CSV', zip: 'ZIP',
};

/** Types that carry scripts, named for the message, with what to publish instead. */
const ACTIVE_TYPES: Record<string, [string, string]> = {
  html: ['page', 'pdf'], htm: ['page', 'pdf'], xhtml: ['page', 'pdf'], xht: ['page', 'pdf'], shtml: ['page', 'pdf'],
  svg: ['svg', 'png'], svgz: ['svg', 'png'],
  xml: ['xml', 'pdfOrCsv'], xsl: ['xsl', 'pdf'], xslt: ['xsl', 'pdf'],
  js: ['script', 'pdf'], mjs: ['script', 'pdf'], cjs: ['script', 'pdf'], swf: ['flash', 'pdfOrPng'],
};

function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** ZIP containers (DOCX, HWPX, ODF) may hold XML in the clear; browsers never sniff them as pages. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Whether the first bytes of a file are markup a browser could render as a page, whatever the
 * file is called: they start with a tag, or hold one of the tags that make a page run scripts.
 */
export function looksLikeMarkup(head: Uint8Array): boolean {
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(head.subarray(2));
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(head.subarray(2));
  else text = Buffer.from(head).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
  // `<` then a letter, `!`, `?` or `/`: a Korean heading like `<붙임 1>` in a text file is not a tag.
  if (/^[\t\n\f\r ]*<[A-Za-z!?/]/.test(text)) return true;
  if (ZIP_MAGIC.every((byte, i) => head[i] === byte)) return false;
  return /<(?:script|svg|html|body|iframe|object|embed|!doctype\s+html)[\s/>]/i.test(text);
}

/** Why the file `name` may not be published, or `undefined` when it may. */
export function typeProblem(name: string, head: Uint8Array): Phrase | undefined {
  const extension = extensionOf(name);
  const active = ACTIVE_TYPES[extension];
  if (active) {
    return phrase('attachment.active', { name, extension, what: phrase(`attachment.kind.${active[0]}`), instead: phrase(`attachment.instead.${active[1]}`) });
  }
  if (extension === '') return phrase('attachment.noExtension', { name, allowed: phrase('attachment.allowed') });
  const type = PUBLISHED_TYPES[extension];
  if (!type) return phrase('attachment.notPublished', { name, extension, allowed: phrase('attachment.allowed') });
  if (looksLikeMarkup(head)) return phrase('attachment.markup', { name, extension, type });
  return undefined;
}

export interface AssetProblem {
  ruleId: 'attachment-type' | 'attachment-skipped';
  reason: Phrase;
}

/** Why a file of the folder that something names cannot be published (`undefined`: it can, or is not there). */
export function assetProblem(name: string, source: Pick<NoticeSource, 'dir' | 'assets' | 'skipped'>): AssetProblem | undefined {
  const skipped = source.skipped.get(name);
  if (skipped !== undefined) {
    const at = `${source.dir}/${name}`;
    if (skipped.key === 'path.linkOutside') return { ruleId: 'attachment-skipped', reason: phrase('attachment.skippedLinkOutside', { name, reason: skipped, at }) };
    if (skipped.key === 'path.sameName') return { ruleId: 'attachment-skipped', reason: phrase('attachment.skippedSameName', { name, reason: skipped }) };
    return { ruleId: 'attachment-skipped', reason: phrase('attachment.skipped', { name, reason: skipped, at }) };
  }
  const asset = source.assets.get(name);
  const problem = asset && typeProblem(name, asset.head);
  return problem ? { ruleId: 'attachment-type', reason: problem } : undefined;
}

/** The files of the folder that may be published, by name; anything else never reaches `dist/`. */
export function publishableAssets(assets: ReadonlyMap<string, AssetFile>): string[] {
  return [...assets].filter(([name, asset]) => typeProblem(name, asset.head) === undefined).map(([name]) => name);
}

/** Warn about the folder's files that were not read and that nothing names (named ones are errors where they are named). */
export function warnSkippedAssets(source: NoticeSource, named: ReadonlySet<string>): void {
  for (const [name, reason] of source.skipped) {
    if (named.has(name)) continue;
    say(source.folder, phrase('attachment.skippedUnnamed', { name, reason }), { ruleId: 'attachment-skipped', fatal: false });
  }
}

/** Most file names a warning about unnamed files lists: a folder of forgotten scans is one line, not a page. */
const UNNAMED_LISTED = 5;

/**
 * Files of the folder that no attachment, link or image of either language names: they are not
 * published, which an author who put a file in `files/` rarely means (an attachment forgotten in
 * `attachments:` goes out missing, without a word). One warning per folder, naming them.
 */
export function warnUnnamedAssets(source: NoticeSource, named: ReadonlySet<string>): void {
  const unnamed = [...source.assets.keys()].filter((name) => !named.has(name)).sort();
  if (unnamed.length === 0) return;
  const shown = unnamed.slice(0, UNNAMED_LISTED).map((name) => `\`${name}\``);
  if (unnamed.length > UNNAMED_LISTED) shown.push('…');
  say(source.folder, phrase('attachment.unnamed', { count: unnamed.length, list: shown.join(', ') }), { ruleId: 'attachment-unnamed', fatal: false });
}

/** Check `attachments:`; returns them when every one is a publishable file of the folder. */
export function checkAttachments(
  items: Array<{ file: string; title: string }>, source: NoticeSource, ctx: Context, node: YamlNode | undefined, named: Set<string>,
): Attachment[] | undefined {
  const seq = node && 'items' in node ? ((node as { items: YamlNode[] }).items) : [];
  const out: Attachment[] = [];
  let ok = true;
  items.forEach((item, index) => {
    const itemNode = seq[index];
    const fileNode = itemNode && isMap(itemNode) ? (itemNode.get('file', true) as YamlNode | undefined) : undefined;
    if (typeof item.file !== 'string') return; // already reported as missing
    // Compared composed (NFC): macOS writes Korean names decomposed, and both look the same.
    const normalised = item.file.replace(/^\.\//, '').normalize('NFC');
    if (!/^files\/[^\\]+$/.test(normalised) || normalised.split('/').some((part) => part === '..' || part === '')) {
      report(ctx, fileNode ?? itemNode, phrase('attachment.outside', { file: item.file }), 'attachment');
      ok = false;
      return;
    }
    named.add(normalised);
    const problem = assetProblem(normalised, source);
    if (problem) {
      messageAt(ctx, fileNode ?? itemNode, problem);
      ok = false;
      return;
    }
    const asset = source.assets.get(normalised);
    if (asset === undefined) {
      const near = [...source.assets.keys(), ...source.skipped.keys()].filter((k) => k.startsWith('files/')).sort();
      const hint = near.length > 0 ? phrase('attachment.near', { list: codes(near) }) : phrase('attachment.none');
      report(ctx, fileNode ?? itemNode, phrase('attachment.missing', { file: item.file, at: `${source.dir}/${normalised}`, hint }), 'attachment');
      ok = false;
      return;
    }
    out.push({ file: normalised, title: item.title, size: asset.size });
  });
  return ok ? out : undefined;
}

function messageAt(ctx: Context, node: YamlNode | undefined, problem: AssetProblem): void {
  const file: VFile = ctx.source.file;
  say(file, problem.reason, { place: ctx.source.positionOf(node), ruleId: problem.ruleId, fatal: true });
}
