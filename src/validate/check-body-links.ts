// Reports links and images in a notice's text that point into its `files/` at a file that isn't there.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** `assets`: the notice folder's files, relative to it. Raw HTML is not looked into. */
export function checkBodyLinks(file: VFile, dir: string, assets: ReadonlyMap<string, number>): void {
  const tree = parser.parse(file) as Root;
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    const url = (node as { url: string }).url;
    if (!/^(\.\/)?files\//.test(url)) return;
    let target: string;
    try {
      target = decodeURIComponent(url.split(/[?#]/)[0]!).replace(/^\.\//, '');
    } catch {
      target = url;
    }
    if (assets.has(target)) return;
    file.message(
      `\`${url}\` is linked here but there is no such file: put it at \`${dir}/${target}\`, or fix the link`,
      { place: node.position, ruleId: 'body-link', source: 'gongbo' },
    ).fatal = true;
  });
}
