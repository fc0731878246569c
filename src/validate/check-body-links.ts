// Reports links and images in a notice's text that point into its `files/` at a file that isn't there
// or may not be published.
import type { Nodes, Root } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { NoticeSource } from '../load/load-notices.js';
import { intendedName, isFilesLink, resolveAssetLink } from '../load/asset-link.js';
import { assetProblem } from './check-attachments.js';
import { phrase, say } from '../i18n/say.js';
import { bodyHtml, hasRawHtml } from './body-html.js';
import { parseBody } from './check-limits.js';
import { eachElement } from '../transform/each-element.js';

const MAY_NAME_FILES = /files|&#|%[0-9a-f]{2}/i;

type Folder = Pick<NoticeSource, 'dir' | 'assets' | 'skipped'>;

/**
 * Markdown links, images and definitions must name a file that is there; links in raw HTML are
 * looked into only for files that may not be published (a missing one there is left as written).
 * Every file named is added to `named`.
 */
export function checkBodyLinks(file: VFile, source: Folder, named: Set<string> = new Set(), parsed: () => Root = () => parseBody(file)): void {
  // Most releases link no file: without `files` in the text (spelt out, or hidden in an entity or a
  // percent escape) no link can name one, and the parse (the build parses the text anyway) is skipped.
  if (!MAY_NAME_FILES.test(String(file.value))) return;
  const tree = parsed();
  const markdown = new Set<number>();
  const walk = (node: Nodes) => {
    if (['link', 'image', 'linkReference', 'imageReference'].includes(node.type) && node.position) markdown.add(node.position.start.offset!);
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') checkLink(file, source, node.url, node.position, named, true);
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  // Every element Markdown makes of its links was checked above: only raw HTML can add one.
  if (!hasRawHtml(tree)) return;
  eachElement(bodyHtml(tree, file), (node) => {
    if (node.position && markdown.has(node.position.start.offset!)) return;
    for (const value of [node.properties.href, node.properties.src]) {
      if (typeof value === 'string') checkLink(file, source, value, node.position, named, false);
    }
  });
}

function checkLink(file: VFile, source: Folder, url: string, place: Position | undefined, named: Set<string>, mustExist: boolean): void {
  if (!isFilesLink(url)) return;
  const link = resolveAssetLink(url, (name) => source.assets.has(name) || source.skipped.has(name));
  if (link) {
    named.add(link.name);
    const problem = assetProblem(link.name, source);
    if (problem) say(file, problem.reason, { place, ruleId: problem.ruleId, fatal: true });
    return;
  }
  if (!mustExist) return;
  const target = intendedName(url);
  say(file, phrase('body.linkMissing', { url, at: `${source.dir}/${target}` }), { place, ruleId: 'body-link', fatal: true });
}
